package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// tabs draws the group tabs with their change counts. Each tab keeps a slot
// for its count so that the first change does not shift (and redraw) every
// tab after it; narrow windows get short titles, and the narrowest give up
// the empty slots.
func (e *editor) tabs(w int) string {
	t := e.c.Theme
	build := func(short, slots bool) (string, int) {
		var b strings.Builder
		for _, g := range forms.AllGroups() {
			title := g.String()
			if short {
				title = g.Short()
			}
			st := t.S.Tab
			if g == e.group {
				st = t.S.TabActive
			}
			switch n := e.rec.Count(g); {
			case n > 0 && slots:
				title += " " + t.S.TabCount.Inherit(st).Render(fmt.Sprintf("%-2d", n))
			case n > 0:
				title += " " + t.S.TabCount.Inherit(st).Render(fmt.Sprint(n)) + " "
			case slots:
				title += "   "
			default:
				title += " "
			}
			b.WriteString(st.Render(" " + title))
		}
		return b.String(), lipgloss.Width(b.String())
	}
	for _, layout := range [][2]bool{{false, true}, {true, true}, {true, false}} {
		if s, width := build(layout[0], layout[1]); width <= w {
			return s
		}
	}
	s, _ := build(true, false)
	return ansi.Truncate(s, w, "")
}
