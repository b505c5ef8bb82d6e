package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// save sends the reviewed changes: exactly those keys, nothing else.
func (m Model) save() (tea.Model, tea.Cmd) {
	m.st = stSaving
	req := m.next()
	return m, tea.Batch(saveCustomerCmd(m.c.Client, m.id, m.rv.changes, req), m.spinCmd())
}

func (m Model) onSaved(msg customerSavedMsg) (tea.Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	if msg.err == nil {
		differ := m.ed.afterSave(msg.cust, append(append([]forms.Change(nil), msg.sent...), msg.already...))
		m.saved += len(msg.sent)
		m.ed.setStatus(savedText(msg.sent, msg.already, differ), len(differ) > 0)
		m.st, m.fail = stEditing, nil
		m.persist() // deletes the draft when nothing is left unsaved
		return m, nil
	}
	if e, ok := apiclient.AsError(msg.err); ok && e.Kind == apiclient.KindValidation && len(e.Issues) > 0 {
		unplaced, _ := m.ed.applyServerIssues(e.Issues)
		s := fmt.Sprintf("The server rejected the save (%d problems); nothing was changed. Your edits are kept.", len(e.Issues))
		if len(unplaced) > 0 {
			s += " Not tied to a field: " + strings.Join(unplaced, "; ")
		}
		m.ed.setStatus(s, true)
		m.st = stEditing
		return m, nil
	}
	return m.failed(stSaveFailed, msg.err)
}

func savedText(sent, already, differ []forms.Change) string {
	labels := func(cs []forms.Change) string {
		names := make([]string, len(cs))
		for i, ch := range cs {
			names[i] = ch.Field.Label
		}
		return strings.Join(names, ", ")
	}
	var s string
	if len(sent) > 0 {
		s = fmt.Sprintf("Saved %d field%s: %s.", len(sent), plural(len(sent)), labels(sent))
	}
	if len(already) > 0 {
		s += fmt.Sprintf(" Already on the server (saved by someone else), not sent: %s.", labels(already))
	}
	for _, d := range differ {
		s += fmt.Sprintf(" The server stored %s as %s (sent %s).", d.Field.Label, rawPlain(d.After, 40), rawPlain(d.Before, 40))
	}
	return strings.TrimSpace(s)
}

// saveRounds bounds how often a save looks at the record again after a
// conflict answer or an ambiguous failure.
const saveRounds = 3

// saveCustomerCmd saves changes without overwriting anyone: it fetches the
// record, applies the three-way rule (forms.Merge), and PATCHes only what is
// still to send. A conflict sends nothing. After an ambiguous failure (the
// PATCH may have been applied) or a 409/412 it looks again instead of
// re-sending blindly: already applied is success, untouched is sent again,
// changed by someone else is a conflict.
func saveCustomerCmd(client *apiclient.Client, id string, changes []forms.Change, req int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*requestTimeout)
		defer cancel()
		pending := changes
		var already []forms.Change
		var lastErr error
		for round := 0; round < saveRounds; round++ {
			theirs, err := client.GetCustomer(ctx, id)
			if err != nil {
				if lastErr != nil {
					err = lastErr // the save's own failure says more
				}
				return customerSavedMsg{req: req, err: err, changes: changes}
			}
			mg := forms.Merge(pending, theirs.Fields)
			already = append(already, mg.Already...)
			if len(mg.Conflicts) > 0 {
				return conflictMsg{req: req, theirs: theirs, conflicts: mg.Conflicts}
			}
			if len(mg.Send) == 0 {
				return customerSavedMsg{req: req, cust: theirs, already: already}
			}
			cust, err := client.UpdateCustomer(ctx, id, forms.Patch(mg.Send), theirs)
			if err == nil {
				return customerSavedMsg{req: req, cust: cust, sent: mg.Send, already: already}
			}
			if !lookAgain(err) {
				return customerSavedMsg{req: req, err: err, changes: changes}
			}
			pending, lastErr = mg.Send, err
		}
		return customerSavedMsg{req: req, err: lastErr, changes: changes}
	}
}

// lookAgain reports whether a PATCH failure leaves the record's state
// unknown or changed: timeouts and resets after sending, 502/504, 409/412.
func lookAgain(err error) bool {
	e, ok := apiclient.AsError(err)
	if !ok {
		return false
	}
	switch {
	case e.Kind == apiclient.KindConflict:
		return true
	case e.Kind == apiclient.KindNetwork && e.Sent:
		return true
	case e.Kind == apiclient.KindServer && (e.Status == 502 || e.Status == 504):
		return true
	}
	return false
}
