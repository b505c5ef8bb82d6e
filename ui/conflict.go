package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// conflicts is the screen shown when another agent changed, since this
// record was loaded, fields this agent changed too. Nothing has been sent.
// Each field keeps theirs until the agent explicitly picks theirs or mine;
// Enter rebases the form on their record and opens the review again.
type conflicts struct {
	theirs   *apiclient.Customer
	items    []forms.Conflict
	keepMine []bool
	sel      int
	restored bool // raised while restoring a draft
}

func (m Model) onConflict(msg conflictMsg) (tea.Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	m.cf = conflicts{theirs: msg.theirs, items: msg.conflicts, keepMine: make([]bool, len(msg.conflicts))}
	m.st = stConflict
	return m, nil
}

func (m Model) onConflictKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	cf := &m.cf
	switch msg.String() {
	case "up", "ctrl+p", "shift+tab":
		cf.sel = max(cf.sel-1, 0)
	case "down", "ctrl+n", "tab":
		cf.sel = min(cf.sel+1, len(cf.items)-1)
	case "left", "right", "space":
		cf.keepMine[cf.sel] = !cf.keepMine[cf.sel]
	case "t":
		cf.keepMine[cf.sel] = false
	case "m":
		cf.keepMine[cf.sel] = true
	case "enter":
		keep := map[string]bool{}
		for i, c := range cf.items {
			keep[c.Field.Name] = cf.keepMine[i]
		}
		m.ed.rebase(cf.theirs, keep)
		m.persist() // the draft now sits on their record
		m.rv = newReview(m.ed)
		m.st = stReview
	case "esc", "ctrl+b":
		m.st = stEditing
		m.ed.setStatus("Conflicts not resolved: saving will show them again. Your edits are kept.", true)
	case "q":
		return m.quit()
	}
	return m, nil
}

func (m Model) viewConflicts(width, height int) []string {
	t := m.c.Theme
	cf := m.cf
	n := len(cf.items)
	lines := []string{
		t.S.Warn.Bold(true).Render(fmt.Sprintf("Someone else changed %d field%s you also changed.", n, plural(n))),
		"Nothing was sent. For each field choose the value to keep, then review again.", "",
	}
	valW := width - 16
	for i, c := range cf.items {
		ptr := "  "
		if i == cf.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus) + " "
		}
		theirs, mine := t.S.OptionOn.Render(" keep theirs "), t.S.Option.Render(" keep mine ")
		if cf.keepMine[i] {
			theirs, mine = t.S.Option.Render(" keep theirs "), t.S.OptionOn.Render(" keep mine ")
		}
		lines = append(lines,
			ptr+t.S.Label.Bold(true).Render(c.Field.Label)+" "+t.S.APIName.Render("("+c.Field.Name+")")+"  "+theirs+" "+mine,
			"    "+t.S.Subtle.Render("loaded  ")+rawDisplay(t, c.Base, valW),
			"    "+t.S.Subtle.Render("theirs  ")+t.S.Before.Render(rawDisplay(t, c.Theirs, valW)),
			"    "+t.S.Subtle.Render("mine    ")+t.S.After.Render(rawDisplay(t, c.Mine, valW)))
	}
	if len(lines) > height {
		// Keep the selected field in view.
		top := min(3+cf.sel*4, len(lines)-height)
		lines = lines[top : top+height]
	}
	return lines
}

func (m Model) conflictHelp() [][2]string {
	g := m.c.Theme.G
	return [][2]string{{g.UpKey + "/" + g.DownKey, "field"}, {g.LeftKey + g.RightKey + "/t/m", "theirs or mine"},
		{"enter", "review again"}, {"esc/ctrl+b", "back to editing"}}
}
