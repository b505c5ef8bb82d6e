package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/workflow"
)

// pasteGuard is how long after a paste nothing can be confirmed: keys that
// arrive in the same burst as a paste (a terminal that passes an end
// marker inside pasted text, keys typed ahead of a paste over SSH) must not
// send a save, discard edits or answer a question. A person presses enter
// long after.
const pasteGuard = 300 * time.Millisecond

// navigate acts on what a screen asked for, through the session where the
// request is one of its rules, and switches screens. It reports false for
// messages that are not requests, which then go to the active screen.
func (m Model) navigate(msg tea.Msg) (Model, tea.Cmd, bool) {
	if m.tooSoonAfterPaste(msg) {
		m.refused = "Not done: keys that arrive with a paste confirm nothing. Press the key again."
		return m, nil, true
	}
	switch msg := msg.(type) {
	case openCustomerMsg:
		if m.ed != nil && m.id == msg.id {
			m.show(m.ed) // the customer open already: back to its form
			return m, nil, true
		}
		m.id, m.ed = msg.id, nil // the one left keeps its edits in its draft (Session.Open)
		mm, cmd := m.load()
		return mm, cmd, true
	case backToSearchMsg:
		return m.toSearch()
	case openReviewMsg:
		m.show(newReview(m.c, m.id, m.ed))
	case saveRequestedMsg:
		mm, cmd := m.save()
		return mm, cmd, true
	case backToEditorMsg:
		m.c.Sess.CancelChoice()
		m.overlays = nil
		m.show(m.ed)
	case jsonTypedMsg:
		m.ed.update(msg) // the overlay stays; the draft gets the text
	case focusFieldMsg, jsonAcceptedMsg:
		m.overlays = nil
		m.ed.update(msg)
		m.show(m.ed)
	case conflictsChosenMsg:
		_, _, _, restoring := m.c.Sess.Conflicts()
		text := m.c.Sess.Choose(msg.keepMine)
		if restoring {
			m.ed = newEditor(m.c, m.c.Sess.Record())
			m.resize()
			m.ed.update(restoredMsg{text: text})
		} else {
			m.ed.update(rebasedMsg{keepMine: msg.keepMine})
		}
		m.show(newReview(m.c, m.id, m.ed))
	case revertFieldsMsg:
		m.ed.update(msg) // the form changes, and writes the draft
		m.reopenReview(msg.sel)
	case trimFieldMsg:
		m.ed.update(msg)
		m.reopenReview(msg.sel)
	case dropHeldMsg:
		m.ed.update(msg)
		m.reopenReview(msg.sel)
	case draftAnswerMsg:
		mm, cmd := m.step(m.c.Sess.AnswerDraft(msg.a))
		return mm, cmd, true
	case lockAnswerMsg:
		s := m.c.Sess.AnswerLock(msg.a)
		if s == workflow.StepLocked { // looked again: still held
			m.show(newLockPrompt(m.c, m.c.Sess.Holder(), msg.a == workflow.LockLookAgain))
			return m, nil, true
		}
		mm, cmd := m.step(s, "")
		return mm, cmd, true
	case retryMsg:
		if msg.saving {
			mm, cmd := m.save()
			return mm, cmd, true
		}
		mm, cmd := m.load()
		return mm, cmd, true
	case openGoToMsg:
		m.overlays = append(m.overlays, newGoTo(m.c))
		m.resize()
	case openJSONEditorMsg:
		m.overlays = append(m.overlays, newJSONEditor(m.c, msg.index, m.ed.rec.Value(msg.index)))
		m.resize()
	case closeOverlayMsg:
		if len(m.overlays) > 0 {
			m.overlays = m.overlays[:len(m.overlays)-1]
		}
		m.resize()
	case quitRequestedMsg:
		if !m.c.Sess.NeedsAsking() {
			return m, tea.Quit, true
		}
		_ = m.c.Sess.Persist(false) // if the last write failed, this one may not
		m.overlays = append(m.overlays, newQuitDialog(m.c, m.c.Sess.QuitQuestion()))
		m.resize()
	case quitMsg:
		return m.onQuit(msg.a)
	default:
		return m, nil, false
	}
	return m, nil, true
}

// tooSoonAfterPaste refuses a request that confirms something (a save, a
// discard, an answer) when it comes within pasteGuard of a paste, and says
// so; the agent presses the key again.
func (m Model) tooSoonAfterPaste(msg tea.Msg) bool {
	switch msg.(type) {
	case saveRequestedMsg, quitMsg, draftAnswerMsg, conflictsChosenMsg, lockAnswerMsg:
	default:
		return false
	}
	if m.pasteAt.IsZero() || m.c.Now().Sub(m.pasteAt) >= pasteGuard {
		return false
	}
	return true
}

// step shows what the session asks for next; text is what it said.
func (m Model) step(s workflow.Step, text string) (Model, tea.Cmd) {
	sess := m.c.Sess
	switch s {
	case workflow.StepLocked:
		m.show(newLockPrompt(m.c, sess.Holder(), false))
	case workflow.StepDraft:
		m.ed = newEditor(m.c, sess.Record())
		m.show(newDraftOffer(m.c, sess.Offer()))
	case workflow.StepConflicts:
		theirs, cs, refused, restoring := sess.Conflicts()
		m.show(newConflicts(m.c, theirs, cs, refused, restoring))
	case workflow.StepReload:
		return m.load()
	case workflow.StepQuit:
		return m, tea.Quit
	default: // StepEdit
		if m.ed == nil || m.ed.rec != sess.Record() {
			m.ed = newEditor(m.c, sess.Record())
		}
		m.show(m.ed)
		switch {
		case sess.Record().Dirty() > 0 && text != "":
			m.ed.update(restoredMsg{text: text})
		case text != "":
			m.ed.update(statusMsg{text: text})
		case sess.Notice() != "":
			m.ed.update(statusMsg{text: sess.Notice(), isErr: true})
		}
	}
	return m, nil
}

// toSearch shows the search with its last query and the customer just
// edited selected; unsaved changes stay in that customer's draft.
func (m Model) toSearch() (Model, tea.Cmd, bool) {
	if problem := m.c.Sess.CanLeave(); problem != "" {
		m.ed.update(statusMsg{text: "Save or discard these changes first: no draft holds them (" + problem + ").", isErr: true})
		return m, nil, true
	}
	var cmd tea.Cmd
	if m.search == nil {
		m.search = newSearch(m.c, "")
		cmd = m.search.start()
	}
	note := ""
	if m.ed != nil {
		if n := m.ed.rec.Dirty(); n > 0 {
			them := "them"
			if n == 1 {
				them = "it"
			}
			note = fmt.Sprintf("%s: %s kept in a draft; open the customer again to restore %s.",
				m.ed.rec.Name(), workflow.Plural(n, "unsaved change", "unsaved changes"), them)
		}
	}
	again, _ := m.search.update(searchShownMsg{note: note, selected: m.id})
	m.show(m.search)
	return m, tea.Batch(cmd, again), true
}

// reopenReview shows the review again after the form changed under it,
// with the selection where it was (sel).
func (m *Model) reopenReview(sel int) {
	m.show(newReviewAt(m.c, m.id, m.ed, sel))
}

// show makes s the active screen at the current size.
func (m *Model) show(s screen) {
	m.active = s
	m.resize()
}

// resize gives the active screen and the overlays the body's size.
func (m *Model) resize() {
	w, h := m.bodySize()
	m.active.setSize(w, h)
	for _, o := range m.overlays {
		o.setSize(w, h)
	}
}

func (m Model) load() (Model, tea.Cmd) {
	req := m.next()
	w := newWait(m.c, "Loading customer "+m.id)
	m.show(w)
	return m, tea.Batch(loadCustomerCmd(m.c.Client, m.id, req), w.start())
}

func (m Model) onLoaded(msg customerLoadedMsg) (Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	if msg.err != nil {
		m.loadErr = msg.err
		return m.failed(msg.err, false)
	}
	m.loadErr = nil
	if m.ed != nil && m.c.Sess.ID() == m.id {
		m.c.Sess.Reloaded(msg.cust) // a retried load: the edits stay
		m.ed.resetUI()
		m.show(m.ed)
		return m, nil
	}
	return m.step(m.c.Sess.Open(m.id, msg.cust), "")
}

// save sends the reviewed changes: exactly those keys, nothing else.
func (m Model) save() (Model, tea.Cmd) {
	job, ok := m.c.Sess.BeginSave()
	if !ok {
		if p := m.c.Sess.AuditProblem(); p != "" {
			m.ed.update(statusMsg{text: "Not saved: " + p + ". Your edits are kept.", isErr: true})
		}
		m.show(m.ed)
		return m, nil
	}
	req := m.next()
	n := len(job.Changes())
	w := newWait(m.c, fmt.Sprintf("Saving %d field%s", n, plural(n)))
	m.show(w)
	return m, tea.Batch(saveCustomerCmd(job, req), w.start())
}

func (m Model) onSaved(msg customerSavedMsg) (Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	f := m.c.Sess.Finish(msg.res)
	if _, asking := m.overlay().(quitAnswer); asking {
		// The question asked while the save was on its way is stale now.
		m.overlays = m.overlays[:len(m.overlays)-1]
		if m.c.Sess.NeedsAsking() {
			m.overlays = append(m.overlays, newQuitDialog(m.c, m.c.Sess.QuitQuestion()))
		}
	}
	switch {
	case f.Step == workflow.StepConflicts:
		mm, cmd := m.step(f.Step, "")
		return mm, cmd
	case f.Err == nil:
		m.ed.update(saveFinishedMsg{f: f})
		m.show(m.ed)
		return m, nil
	}
	if e, ok := apiclient.AsError(f.Err); ok && e.Kind == apiclient.KindValidation && len(e.Issues) > 0 {
		m.ed.update(serverIssuesMsg{issues: e.Issues})
		m.show(m.ed)
		return m, nil
	}
	return m.failed(f.Err, true)
}

// onQuit acts on the quit question's answer.
func (m Model) onQuit(a workflow.QuitAnswer) (Model, tea.Cmd, bool) {
	if len(m.overlays) > 0 {
		m.overlays = m.overlays[:len(m.overlays)-1]
	}
	m.resize()
	switch m.c.Sess.AnswerQuit(a) {
	case workflow.StepQuit:
		return m, tea.Quit, true
	}
	if a == workflow.QuitSave {
		m.show(newReview(m.c, m.id, m.ed))
	}
	return m, nil, true
}

// failed shows an explained failure; a rate limit counts down and retries.
func (m Model) failed(err error, saving bool) (Model, tea.Cmd) {
	f := newFailure(m.c, workflow.Explain(err, m.id, m.c.KeyHint, saving), saving)
	m.show(f)
	return m, f.start()
}
