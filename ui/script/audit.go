package script

import "github.com/carecycle/ccedit/ui/workflow"

// The audit trail of set: Options.Audit (ccedit serve's), or the file
// set's --audit names (Options.OpenAudit). It gets the events the editor
// writes for a save (workflow.SaveEvents: save with the field names and
// the HTTP status, save-failed, conflict), and before them open, the
// editor's event for a customer opened to be changed: written before
// anything is sent, so that a trail that cannot be written stops the save
// before it starts. Each event is written before the outcome it records
// is said. Never a value.

// auditFlag picks the audit trail for set: the one given to the commands
// (Options.Audit), or the file --audit names, opened with
// Options.OpenAudit. done closes what was opened. ok is false when the
// command is over (said): --audit is not available here, or its file
// cannot be used (ExitUsage).
func (e *env) auditFlag(path string) (done func(), code int, ok bool) {
	done = func() {}
	switch {
	case path == "":
		e.audit = e.opts.Audit
		return done, 0, true
	case e.opts.Audit != nil || e.opts.OpenAudit == nil:
		e.errorf("--audit is not available here: the audit trail is kept already")
		return done, ExitUsage, false
	}
	a, closeLog, err := e.opts.OpenAudit(path)
	if err != nil {
		e.errorf("%s", e.safe(err.Error()))
		return done, ExitUsage, false
	}
	e.audit = a
	return closeLog, 0, true
}

// auditOpen records that customer id is about to be saved to, before
// anything is sent. false: the trail could not be written, and the save
// is not attempted (said).
func (e *env) auditOpen(id string) bool {
	if e.audit == nil {
		return true
	}
	if err := e.audit.Record(workflow.Event{Kind: workflow.EventOpen, CustomerID: id}); err != nil {
		e.errorf("not sent: the audit trail could not be written (%s), and nothing is saved that it does not hold", e.safe(err.Error()))
		return false
	}
	return true
}

// auditSave records a save's events (workflow.SaveEvents) and returns the
// first failure to write one.
func (e *env) auditSave(id string, sr workflow.SaveResult) error {
	if e.audit == nil {
		return nil
	}
	var first error
	for _, ev := range workflow.SaveEvents(id, sr) {
		if err := e.audit.Record(ev); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// audited is code, once what the command did has been said, unless the
// audit trail could not hold it: then that is said too, and the command
// fails (ExitAPI) whatever it did, for someone to look.
func (e *env) audited(err error, code int) int {
	if err == nil {
		return code
	}
	e.errorf("the audit trail could not be written (%s), so it does not hold what this command did", e.safe(err.Error()))
	return ExitAPI
}
