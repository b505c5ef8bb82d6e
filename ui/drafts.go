package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// draftOffer is the screen shown when the customer opened has a draft.
type draftOffer struct {
	d       *draft.Draft
	current *apiclient.Customer // the record as loaded just now
	changes []forms.Change      // what the draft changes against its base
}

// persist writes the draft after a change and before the frame that shows
// it, or deletes it when nothing is left unsaved. A failure is shown but
// does not stop editing.
func (m *Model) persist() {
	if m.ed == nil {
		return
	}
	if err := writeDraft(m.c, m.id, m.ed); err != nil {
		m.ed.setStatus("Draft not saved ("+err.Error()+"): edits are only in memory.", true)
	}
}

// writeDraft saves the editor's unsaved edits for id, or deletes the draft
// when nothing is unsaved. Both the full-screen and the line mode use it.
func writeDraft(c *Common, id string, ed *editor) error {
	switch {
	case c.Drafts == nil:
		return nil
	case ed.dirty() == 0:
		return c.Drafts.Delete(id)
	}
	return c.Drafts.Save(draft.New(id, ed.cust.Fields, ed.edits(), c.Now()))
}

// checkDraft runs when a customer first loads: it offers a draft, or says
// that an unreadable one was kept aside.
func (m Model) checkDraft(current *apiclient.Customer) (Model, bool) {
	if m.c.Drafts == nil {
		return m, false
	}
	d, err := m.c.Drafts.Load(m.id)
	var ce *draft.CorruptError
	switch {
	case errors.Is(err, draft.ErrNone):
		return m, false
	case errors.As(err, &ce):
		m.ed.setStatus("The draft for this customer could not be read; it was kept at "+ce.KeptAt+".", true)
		return m, false
	case err != nil:
		m.ed.setStatus("Draft not read: "+err.Error(), true)
		return m, false
	}
	changes, invalid := forms.Diff(m.c.Schema, d.Base, d.FormEdits())
	if len(changes)+len(invalid) == 0 {
		_ = m.c.Drafts.Delete(m.id)
		return m, false
	}
	for _, in := range invalid {
		changes = append(changes, forms.Change{Field: in.Field})
	}
	m.do = draftOffer{d: d, current: current, changes: changes}
	m.st = stDraftOffer
	return m, true
}

func (m Model) onDraftKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "r", "enter":
		return m.restoreDraft()
	case "d":
		_ = m.c.Drafts.Delete(m.id)
		m.st = stEditing
		m.ed.setStatus("Draft discarded.", false)
	case "q":
		return m, tea.Quit // the draft stays for next time
	}
	return m, nil
}

// restoreDraft puts the draft's edits back on its own base, then applies
// the three-way check against the record as it is now.
func (m Model) restoreDraft() (tea.Model, tea.Cmd) {
	m.ed = editorFromDraft(m.c, m.do.d)
	mg := forms.Merge(m.ed.changes, m.do.current.Fields)
	if len(mg.Conflicts) > 0 {
		m.cf = conflicts{theirs: m.do.current, items: mg.Conflicts, keepMine: make([]bool, len(mg.Conflicts)), restored: true}
		m.st = stConflict
		return m, nil
	}
	m.ed.rebase(m.do.current, nil)
	m.st = stEditing
	if n := m.ed.dirty(); n > 0 {
		m.ed.setStatus(fmt.Sprintf("Restored %d unsaved change%s from the draft.", n, plural(n)), false)
	} else {
		m.ed.setStatus("The draft's changes are already on the server: nothing left to restore.", false)
	}
	m.persist() // rewrites the draft on the current record, or deletes it
	return m, nil
}

// editorFromDraft rebuilds the form as it was when the draft was written:
// the draft's base record with its edits applied.
func editorFromDraft(c *Common, d *draft.Draft) *editor {
	e := newEditor(c, &apiclient.Customer{Fields: d.Base})
	for name, v := range d.FormEdits() {
		if i := c.Schema.Index(name); i >= 0 && !e.fields[i].f.ReadOnly {
			e.fields[i].set(v)
			e.fields[i].cur = len([]rune(v.Text))
		}
	}
	e.recompute()
	return e
}

func (m Model) viewDraftOffer(width int) []string {
	t := m.c.Theme
	d := m.do.d
	n := len(m.do.changes)
	lines := []string{"",
		"  " + t.S.Warn.Bold(true).Render(fmt.Sprintf("This customer has unsaved changes from an earlier session (%d field%s).", n, plural(n))),
		"  " + t.S.Subtle.Render(fmt.Sprintf("Draft saved %s (%s).", d.SavedAt.In(m.c.Zone).Format("Mon 2 Jan 15:04"), since(m.c.Now().Sub(d.SavedAt)))), ""}
	for _, c := range m.do.changes {
		if len(lines) > 16 {
			lines = append(lines, "    "+t.G.Ellipsis)
			break
		}
		lines = append(lines, "    "+t.S.Changed.Render(t.G.Changed)+" "+c.Field.Label+" "+t.S.APIName.Render("("+c.Field.Name+")"))
	}
	return append(lines, "", "  "+wrapOne(t.Safe("Restoring checks each field against the record as it is now; "+
		"anything someone else changed meanwhile is shown side by side."), width-4))
}

// since says how long ago, for people.
func since(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

func wrapOne(s string, w int) string { return strings.Join(wrap(s, w), "\n  ") }

func draftHelp() [][2]string {
	return [][2]string{{"r/enter", "restore"}, {"d", "discard the draft"}, {"q", "quit (keep the draft)"}}
}

// DraftPath is where the customer's draft is, or "" when drafts are off or
// there is none.
func (m Model) draftPath() string {
	if m.c.Drafts == nil {
		return ""
	}
	p := m.c.Drafts.Path(m.id)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
