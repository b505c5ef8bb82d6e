package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// navigate acts on what a screen asked for. It reports false for messages
// that are not requests, which then go to the active screen.
func (m Model) navigate(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openCustomerMsg:
		if m.ed != nil && m.id == msg.id {
			m.show(m.ed) // the customer open already: back to its form
			return m, nil, true
		}
		if m.ed != nil && m.c.Drafts != nil {
			m.c.Drafts.Unlock(m.id) // its draft is complete: another session may take it
		}
		// Each customer starts with the session's drafts: one opened
		// without a draft (held elsewhere) does not take them from the next.
		m.c.Drafts, m.noJournal = m.drafts, ""
		m.id, m.ed = msg.id, nil // the one left keeps its edits in its draft
		if !slices.Contains(m.opened, m.id) {
			m.opened = append(m.opened, m.id)
		}
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
		m.overlay = nil
		m.show(m.ed)
	case focusFieldMsg:
		m.overlay = nil
		m.ed.focusField(msg.index)
		m.show(m.ed)
	case conflictsChosenMsg:
		cf := m.active.(*conflictScreen)
		if cf.restored != nil {
			m.ed = newEditor(m.c, m.id, workflow.RestoreInto(m.c.Schema, cf.theirs, *cf.restored, msg.keepMine))
			m.ed.persist()
			m.afterRestore()
			m.show(newReview(m.c, m.id, m.ed))
			return m, nil, true
		}
		m.ed.rebase(cf.theirs, msg.keepMine)
		m.ed.persist() // the draft now sits on their record
		m.show(newReview(m.c, m.id, m.ed))
	case revertFieldsMsg:
		for _, name := range msg.names {
			m.ed.revert(m.c.Schema.Index(name))
		}
		m.ed.persist() // the draft follows, or goes when nothing is left
		m.reopenReview()
	case trimFieldMsg:
		i := m.c.Schema.Index(msg.name)
		m.ed.set(i, forms.TextValue(strings.TrimSpace(m.ed.rec.Value(i).Text)))
		m.ed.persist()
		m.reopenReview()
	case restoreDraftMsg:
		m.restoreDraft()
	case discardDraftMsg:
		if m.c.Drafts != nil {
			_ = m.c.Drafts.Delete(m.id)
		}
		m.ed.setStatus("Draft discarded.", false)
		m.show(m.ed)
	case retryMsg:
		mm, cmd := m.retry()
		return mm, cmd, true
	case openGoToMsg:
		m.overlay = newGoTo(m.c)
		m.resize()
	case openJSONEditorMsg:
		m.overlay = newJSONEditor(m.c, msg.index, m.ed.rec.Value(msg.index))
		m.resize()
	case jsonAcceptedMsg:
		m.overlay = nil
		if v := msg.value; v != m.ed.rec.Value(msg.index) {
			m.ed.set(msg.index, v)
			m.ed.ui[msg.index].cur = len([]rune(v.Text))
			m.ed.persist()
		}
	case openHelpMsg:
		m.overlay = newHelpView(m.c, m.active)
		m.resize()
	case closeOverlayMsg:
		m.overlay = nil
	case quitRequestedMsg:
		if m.ed != nil && m.ed.rec.Dirty() > 0 {
			if m.c.Drafts != nil {
				m.ed.persist() // if the last write failed, this one may not
			}
			m.overlay = newQuitDialog(m.c, m.ed.rec.Dirty(), m.draftProblem())
			m.resize()
			return m, nil, true
		}
		return m, tea.Quit, true
	case quitMsg:
		if msg.discard {
			m.discard = true
			if m.c.Drafts != nil {
				_ = m.c.Drafts.Delete(m.id)
			}
		}
		if msg.keep || msg.discard {
			return m, tea.Quit, true
		}
		m.overlay = nil
		if msg.save {
			m.show(newReview(m.c, m.id, m.ed))
		}
	case lockAnswerMsg:
		mm, cmd := m.onLockAnswer(msg)
		return mm, cmd, true
	default:
		return m, nil, false
	}
	return m, nil, true
}

// toSearch shows the search with its last query and the customer just
// edited selected; unsaved changes stay in that customer's draft.
func (m Model) toSearch() (Model, tea.Cmd, bool) {
	if m.ed != nil && m.ed.rec.Dirty() > 0 {
		if problem := m.draftProblem(); problem != "" {
			m.ed.setStatus("Save or discard these changes first: no draft holds them ("+problem+").", true)
			return m, nil, true
		}
	}
	var cmd tea.Cmd
	if m.search == nil {
		m.search = newSearch(m.c, "")
		cmd = m.search.start()
	}
	m.search.note = ""
	if m.ed != nil {
		if n := m.ed.rec.Dirty(); n > 0 && m.c.Drafts != nil {
			m.search.note = fmt.Sprintf("%s: %d unsaved change%s kept in a draft; open the customer again to restore them.",
				m.ed.rec.Name(), n, plural(n))
		}
	}
	m.search.refreshDrafts(m.id)
	m.show(m.search)
	return m, cmd, true
}

// reopenReview shows the review again after the form changed under it,
// keeping the selection where it was.
func (m *Model) reopenReview() {
	sel := 0
	if r, ok := m.active.(*review); ok {
		sel = r.sel
	}
	r := newReview(m.c, m.id, m.ed)
	r.sel = min(sel, max(len(r.changes)-1, 0))
	r.syncKeys()
	m.show(r)
}

// show makes s the active screen at the current size.
func (m *Model) show(s screen) {
	m.active = s
	m.resize()
}

// resize gives the active screen and the overlay the body's size.
func (m *Model) resize() {
	w, h := m.bodySize()
	m.active.setSize(w, h)
	if m.overlay != nil {
		m.overlay.setSize(w, h)
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
	if m.ed != nil {
		m.ed.rec.SetBaseline(msg.cust)
		m.ed.resetUI()
		m.show(m.ed)
		return m, nil
	}
	// The customer's draft is this session's alone before anything reads
	// or writes it; another session holding it is asked about first.
	if m.c.Drafts != nil {
		var le *draft.LockedError
		if err := m.c.Drafts.Lock(m.id); errors.As(err, &le) {
			m.show(newLockPrompt(m.c, le.Holder, msg.cust))
			return m, nil
		}
	}
	return m.open(msg.cust), nil
}

// open shows the editor on a customer just loaded, and offers its draft.
func (m Model) open(cust *apiclient.Customer) Model {
	m.ed = newEditor(m.c, m.id, workflow.NewRecord(m.c.Schema, cust))
	m.show(m.ed)
	chk := workflow.CheckDraft(m.c.Drafts, m.c.Schema, m.id)
	if chk.Notice != "" {
		m.ed.setStatus(chk.Notice, true)
	}
	if chk.Draft != nil {
		m.show(newDraftOffer(m.c, chk, cust))
	}
	return m
}

// draftProblem says why unsaved edits would not be kept if the agent left
// now, or "" when the draft holds them.
func (m Model) draftProblem() string {
	switch {
	case m.noJournal != "":
		return m.noJournal
	case m.c.Drafts == nil:
		return "this session keeps no drafts"
	}
	if err := m.c.Drafts.Health(); err != nil {
		return "drafts cannot be written: " + reason(err)
	}
	return ""
}

// restoreDraft puts the draft's edits on the record as it is now, asking
// first about fields someone else changed since the draft was written.
func (m *Model) restoreDraft() {
	do := m.active.(*draftOffer)
	rs := workflow.Restore(m.c.Schema, do.chk.Draft, do.current)
	if len(rs.Conflicts) > 0 {
		m.show(newConflicts(m.c, do.current, rs.Conflicts, &rs))
		return
	}
	m.ed = newEditor(m.c, m.id, workflow.RestoreInto(m.c.Schema, do.current, rs, nil))
	m.ed.persist() // rewrites the draft on the current record, or deletes it
	m.afterRestore()
}

func (m *Model) afterRestore() {
	// Focus goes to the first restored field, so what is typed next
	// lands where the agent left off, not on the first list.
	for i := range m.c.Schema.Fields() {
		if m.ed.rec.Touched(i) {
			m.ed.focusField(i)
			break
		}
	}
	if n := m.ed.rec.Dirty(); n > 0 {
		m.ed.setStatus(fmt.Sprintf("Restored %d unsaved change%s from the draft.", n, plural(n)), false)
	} else {
		m.ed.setStatus("The draft's changes are already on the server: nothing left to restore.", false)
	}
	m.show(m.ed)
}

// save sends the reviewed changes: exactly those keys, nothing else.
func (m Model) save() (Model, tea.Cmd) {
	changes := m.ed.rec.Changes()
	req := m.next()
	w := newWait(m.c, fmt.Sprintf("Saving %d field%s", len(changes), plural(len(changes))))
	m.show(w)
	return m, tea.Batch(saveCustomerCmd(m.c.Client, m.c.Locks, m.id, changes, req), w.start())
}

func (m Model) onSaved(msg customerSavedMsg) (Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	res := msg.res
	switch {
	case len(res.Conflicts) > 0:
		cf := newConflicts(m.c, res.Theirs, res.Conflicts, nil)
		if res.Refused {
			cf.title = "The server refused the save: the record kept changing while saving (HTTP 409/412)."
		}
		m.show(cf)
		return m, nil
	case res.Err == nil:
		differ := m.ed.afterSave(res.Cust, res.Saved())
		m.saved += len(res.Sent) + len(res.Landed)
		m.ed.setStatus(workflow.SavedText(res, differ), len(differ) > 0)
		m.ed.persist() // deletes the draft when nothing is left unsaved
		m.show(m.ed)
		return m, nil
	}
	if e, ok := apiclient.AsError(res.Err); ok && e.Kind == apiclient.KindValidation && len(e.Issues) > 0 {
		unplaced := m.ed.applyServerIssues(e.Issues)
		s := fmt.Sprintf("The server rejected the save (%d problem%s); nothing was changed. Your edits are kept.", len(e.Issues), plural(len(e.Issues)))
		if len(unplaced) > 0 {
			s += " Not tied to a field: " + strings.Join(unplaced, "; ")
		}
		m.ed.setStatus(s, true)
		m.show(m.ed)
		return m, nil
	}
	return m.failed(res.Err, true)
}

// failed shows an explained failure; a rate limit counts down and retries.
func (m Model) failed(err error, saving bool) (Model, tea.Cmd) {
	f := newFailure(m.c, workflow.Explain(err, m.id, m.c.KeyHint, saving), saving)
	m.show(f)
	return m, f.start()
}

func (m Model) retry() (Model, tea.Cmd) {
	if f, ok := m.active.(*failure); ok && f.saving {
		return m.save()
	}
	return m.load()
}
