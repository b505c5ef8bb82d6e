package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// tabs draws the group tabs with their change counts. Each tab keeps a slot
// for its count so that the first change does not shift (and redraw) every
// tab after it; narrow windows get short titles, and the narrowest give up
// the empty slots.
func (e *editor) tabs(w int) string {
	var counts []byte
	for _, g := range forms.AllGroups() {
		counts = strconv.AppendInt(append(counts, ' '), int64(e.rec.Count(g)), 10)
	}
	from := tabsFrom{w: w, group: e.group, counts: string(counts), t: e.c.Theme}
	return e.drawnTabs.get(from, func() string { return e.drawTabs(w) })
}

// tabsFrom is what the tab line is drawn from.
type tabsFrom struct {
	w      int
	group  forms.Group
	counts string // each group's count
	t      *theme.Theme
}

func (e *editor) drawTabs(w int) string {
	t := e.c.Theme
	build := func(size int, slots bool) (string, int) {
		var b strings.Builder
		for _, g := range forms.AllGroups() {
			title := []string{g.String(), g.Short(), tinyTitle(g)}[size]
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
	for _, layout := range []struct {
		size  int
		slots bool
	}{{0, true}, {1, true}, {1, false}, {2, false}} {
		if s, width := build(layout.size, layout.slots); width <= w {
			return s
		}
	}
	s, _ := build(2, false)
	return ansi.Truncate(s, w, t.G.Ellipsis)
}

// tinyTitle is the narrowest tab title: with a count on every tab, all six
// still fit in 60 columns.
func tinyTitle(g forms.Group) string {
	return map[forms.Group]string{forms.Identity: "Id", forms.Contact: "Cont", forms.Medicare: "Med",
		forms.Coverage: "Cov", forms.Consent: "Cons", forms.Record: "Rec"}[g]
}
