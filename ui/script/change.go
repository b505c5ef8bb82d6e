package script

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/workflow"
)

// mode is how set or diff goes about a change.
type mode struct {
	yes    bool // send without asking
	dryRun bool // show, send nothing
	json   bool // print the result as JSON
	diff   bool // the diff command: nothing is ever sent
	stdin  bool // standard input held the values: no answer can be read there
}

// absentReason is why a field the server did not send cannot be set, in
// the editor's words.
const absentReason = "not sent by the server: its stored value is unknown, so it is not editable"

// change sets edits on customer id. Every value is checked before any
// request; then the record is loaded, the diff shown, the question asked
// (unless --yes or a dry run), and the save reads the record again and
// sends only what still changes (workflow.Save).
func (e *env) change(conn *Connection, id string, edits []edit, m mode) int {
	for _, ed := range edits { // hidden in every message from here on
		if ed.v.Null {
			continue // a field cleared: no value to hide
		}
		e.red.add(ed.given)
		e.red.add(ed.v.Text)
		if ed.f.Kind == forms.JSON {
			e.red.addJSON([]byte(ed.v.Text))
		}
	}
	valid := true
	for _, ed := range edits {
		if ed.err != nil {
			e.fieldError(ed.f, ed.err.Error())
			valid = false
		}
	}
	if !valid {
		return ExitInvalid
	}
	if !m.dryRun && !m.yes && !e.io.CanPrompt() {
		e.errorf("not sent: there is no terminal to ask on; add --yes to send without asking, or --dry-run to look only")
		return ExitUsage
	}
	if !m.dryRun && !m.yes && m.stdin {
		e.errorf("not sent: standard input held the values, so it cannot answer the question; add --yes")
		return ExitUsage
	}
	api, cust, code, ok := e.open(conn, id)
	if !ok {
		return code
	}
	defer api.Close()
	rec := workflow.NewRecord(e.s, cust)
	for _, ed := range edits {
		if i := e.s.Index(ed.f.Name); rec.Absent(i) {
			e.fieldError(ed.f, absentReason)
			valid = false
		} else {
			rec.Set(i, ed.v)
		}
	}
	for _, in := range rec.Invalids() {
		e.fieldError(in.Field, in.Err.Error())
		valid = false
	}
	if !valid {
		return ExitInvalid
	}
	changes := rec.Changes()
	for _, c := range changes { // what is sent, normalised, and what it replaces
		e.red.addJSON(c.Before)
		e.red.addJSON(c.After)
	}
	res := newResult(cust.Raw, unchanged(edits, changes))
	human := !m.json || (!m.dryRun && !m.yes) // a question is asked with the diff in view
	if human {
		e.say("Customer %s (%s)", e.safe(rec.Name()), id)
		e.printDiff(changes, res.Unchanged)
	}
	switch {
	case len(changes) == 0:
		return e.finish(m, res, ExitOK)
	case m.dryRun:
		res.DryRun, res.WouldSend = true, forms.Patch(changes)
		if !m.json && !m.diff {
			e.say("Dry run: nothing was sent.")
		}
		return e.finish(m, res, ExitOK)
	case !m.yes && !e.confirm(len(changes)):
		e.errorf("not sent: the question was not answered yes")
		return ExitUsage
	}
	return e.save(api, id, rec, changes, m, res)
}

// confirm asks on the terminal whether to send n changes.
func (e *env) confirm(n int) bool {
	fmt.Fprintf(e.io.ErrOut, "Send %s? (yes/no) ", workflow.Plural(n, "change", "changes"))
	ans, _ := bufio.NewReader(e.io.In).ReadString('\n')
	ans = strings.ToLower(strings.TrimSpace(ans))
	return ans == "y" || ans == "yes"
}

// save sends changes (workflow.Save: read again, merge three ways, PATCH
// what still changes), waiting out rate limits, and reports the outcome.
// With an audit trail, each attempt's events are written before its
// outcome is said, and a trail that cannot be written stops the next
// attempt (audit.go).
func (e *env) save(api *API, id string, rec *workflow.Record, changes []forms.Change, m mode, res *result) int {
	if !e.auditOpen(id) {
		return ExitAPI
	}
	for tries := 0; ; tries++ {
		sr := workflow.Save(e.ctx, api.Client, api.Locks, id, changes)
		auditErr := e.auditSave(id, sr)
		res.Unchanged = append(res.Unchanged, names(sr.Already)...)
		switch {
		case len(sr.Conflicts) > 0:
			res.Record = sr.Theirs.Raw
			for _, c := range sr.Conflicts {
				res.Conflicts = append(res.Conflicts, conflictJSON{Field: c.Field.Name, Loaded: c.Base, Theirs: c.Theirs, Mine: c.Mine})
			}
			e.printConflicts(id, sr.Conflicts, m)
			return e.audited(auditErr, e.finish(m, res, ExitConflict))
		case sr.Err != nil:
			ex := workflow.Explain(sr.Err, id, api.KeyHint, true)
			if ex.Wait > 0 && tries < rateTries && auditErr == nil {
				e.waiting(ex)
				if e.clock.Sleep(e.ctx, ex.Wait) == nil {
					continue
				}
			}
			return e.audited(auditErr, e.saveFailed(sr.Err, id, api))
		}
		differ := rec.AfterSave(sr.Cust, sr.Saved())
		// What reached the server: sent and answered, or sent and found
		// there after the answer was lost.
		res.Sent, res.Record = forms.Patch(append(append([]forms.Change(nil), sr.Sent...), sr.Landed...)), sr.Cust.Raw
		if !m.json {
			e.say("%s", e.safe(workflow.SavedText(sr, differ)))
		}
		return e.audited(auditErr, e.finish(m, res, ExitOK))
	}
}

// cutSaid cuts a value's words to 200 characters for a line of output.
func cutSaid(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:199]) + "…"
	}
	return s
}

// printDiff shows the changes as the line mode's review does, the fields
// already holding their value, and the exact body.
func (e *env) printDiff(changes []forms.Change, same []string) {
	if len(changes) == 0 {
		e.say("Nothing to change: every value given is already on the record.")
		return
	}
	e.say("%s would be sent:", workflow.Plural(len(changes), "change", "changes"))
	for _, c := range changes {
		b, a := forms.SayChange(c.Field, c.Before, c.After, forms.SayOptions{Mask: true})
		e.say("  %s, %s (%s): %s -> %s", c.Field.Group, c.Field.Label, c.Field.Name,
			e.safe(cutSaid(b.Quoted())), e.safe(cutSaid(a.Quoted())))
	}
	if len(same) > 0 {
		labels := make([]string, len(same))
		for i, name := range same {
			labels[i] = fmt.Sprintf("%s (%s)", e.s.Field(name).Label, name)
		}
		e.say("Unchanged, already so: %s.", strings.Join(labels, ", "))
	}
	e.say("Body: %s", e.safe(string(forms.Patch(changes))))
}

// printConflicts says which fields someone else changed: the values on Out
// (loaded, theirs, mine), the field names on ErrOut.
func (e *env) printConflicts(id string, cs []forms.Conflict, m mode) {
	if !m.json {
		e.say("Someone else changed %d of these fields since the record was read. Nothing was sent.", len(cs))
		for _, c := range cs {
			// In the diff's words and masking; theirs and mine whole where
			// masking would make them read the same.
			base := forms.SayRaw(c.Field, c.Base, forms.SayOptions{Mask: true})
			theirs, mine := forms.SayChange(c.Field, c.Theirs, c.Mine, forms.SayOptions{Mask: true})
			e.say("  %s (%s): loaded %s, theirs %s, mine %s.", c.Field.Label, c.Field.Name,
				e.safe(cutSaid(base.Quoted())), e.safe(cutSaid(theirs.Quoted())), e.safe(cutSaid(mine.Quoted())))
		}
	}
	for _, c := range cs {
		e.fieldError(c.Field, "changed by someone else since the record was read; nothing was sent")
	}
	e.errorf("look at the record again (ccedit get %s) and run the command again if your change still applies", id)
}

// say writes one line to Out.
func (e *env) say(format string, a ...any) { fmt.Fprintf(e.io.Out, format+"\n", a...) }

// result is what set and diff print with --json.
type result struct {
	Sent      json.RawMessage `json:"sent"`                // the PATCH body sent; {} when nothing was
	Unchanged []string        `json:"unchanged"`           // fields given that already held their value
	Conflicts []conflictJSON  `json:"conflicts"`           // fields someone else changed: nothing was sent
	Record    json.RawMessage `json:"record"`              // the record as the server last sent it
	DryRun    bool            `json:"dryRun,omitempty"`    // nothing was sent on purpose
	WouldSend json.RawMessage `json:"wouldSend,omitempty"` // with DryRun: the body a save would send
}

// conflictJSON is one field in result.Conflicts.
type conflictJSON struct {
	Field  string          `json:"field"`
	Loaded json.RawMessage `json:"loaded"`
	Theirs json.RawMessage `json:"theirs"`
	Mine   json.RawMessage `json:"mine"`
}

func newResult(record []byte, same []string) *result {
	return &result{Sent: json.RawMessage("{}"), Unchanged: same, Conflicts: []conflictJSON{}, Record: record}
}

// finish prints res with --json and returns code.
func (e *env) finish(m mode, res *result, code int) int {
	if !m.json {
		return code
	}
	enc := json.NewEncoder(e.io.Out)
	enc.SetEscapeHTML(false) // data, as the server sent it
	if err := enc.Encode(res); err != nil {
		// Standard output is gone: the program failed, as main counts it.
		e.errorf("writing the result: %v", err)
		return ExitAPI
	}
	return code
}

// unchanged lists, in the order given, the fields edited that the diff
// leaves out: they already hold the value.
func unchanged(edits []edit, changes []forms.Change) []string {
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Field.Name] = true
	}
	out := []string{}
	for _, ed := range edits {
		if !changed[ed.f.Name] {
			out = append(out, ed.f.Name)
		}
	}
	return out
}

// names lists the API names of changes.
func names(cs []forms.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field.Name
	}
	return out
}
