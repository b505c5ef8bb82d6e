package ui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// goTo is the ctrl+g finder: type part of a label or API name, Enter jumps.
type goTo struct {
	input   string
	matches []int
	sel     int
}

// refresh recomputes the matches: label or API name containing the input,
// those starting with it first.
func (g *goTo) refresh(s *forms.Schema) {
	q := strings.ToLower(strings.TrimSpace(g.input))
	type scored struct{ i, score int }
	var found []scored
	for i, f := range s.Fields() {
		if f.ReadOnly {
			continue
		}
		l, n := strings.ToLower(f.Label), strings.ToLower(f.Name)
		switch {
		case q == "":
			found = append(found, scored{i, 2})
		case strings.HasPrefix(l, q) || strings.HasPrefix(n, q):
			found = append(found, scored{i, 0})
		case strings.Contains(l, q) || strings.Contains(n, q):
			found = append(found, scored{i, 1})
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].score < found[b].score })
	g.matches = g.matches[:0]
	for _, f := range found {
		g.matches = append(g.matches, f.i)
	}
	g.sel = 0
}

func (g goTo) chosen() (int, bool) {
	if len(g.matches) == 0 {
		return 0, false
	}
	return g.matches[g.sel], true
}

func (m Model) viewGoTo(width, height int) []string {
	t := m.c.Theme
	g := m.gt
	prompt := "Go to field: "
	lines := []string{t.S.Title.Render(prompt) + t.Safe(g.input) + t.G.Cursor, ""}
	if len(g.matches) == 0 {
		lines = append(lines, t.S.Subtle.Render("  no field matches"))
	}
	rows := height - 2
	off := 0
	if g.sel >= rows {
		off = g.sel - rows + 1
	}
	for k := off; k < len(g.matches) && k < off+rows; k++ {
		f := m.c.Schema.Fields()[g.matches[k]]
		row := fmt.Sprintf("%-26s %-24s %s", f.Label, f.Name, f.Group.String())
		row = ansi.Truncate(row, width-3, t.G.Ellipsis)
		if k == g.sel {
			lines = append(lines, t.S.LabelFocus.Render(t.G.Focus)+" "+t.S.Selected.Render(row))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	return lines
}

func (m Model) onGoToKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "esc", "ctrl+g", "ctrl+b":
		m.ov = ovNone
	case "enter":
		if i, ok := m.gt.chosen(); ok {
			m.ed.focusField(i)
		}
		m.ov = ovNone
	case "up", "ctrl+p", "shift+tab":
		m.gt.sel = max(m.gt.sel-1, 0)
	case "down", "ctrl+n", "tab":
		m.gt.sel = min(m.gt.sel+1, max(len(m.gt.matches)-1, 0))
	case "backspace", "ctrl+h":
		if r := []rune(m.gt.input); len(r) > 0 {
			m.gt.input = string(r[:len(r)-1])
			m.gt.refresh(m.c.Schema)
		}
	case "ctrl+u":
		m.gt.input = ""
		m.gt.refresh(m.c.Schema)
	case "ctrl+c":
		m.ov = ovNone
		return m.quit()
	default:
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			m.gt.input += msg.Text
			m.gt.refresh(m.c.Schema)
		}
	}
	return m, nil
}
