package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// View draws the whole screen. It only reads state: everything derived
// (diff, counts, matches) was computed in Update.
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true // the record leaves no trace in scrollback
	w, h := m.c.Width, m.c.Height
	if w < minWidth || h < minHeight {
		// One line: the longest wording that fits.
		msg := ""
		for _, m := range []string{
			fmt.Sprintf("Window too small: ccedit needs %dx%d, this is %dx%d.", minWidth, minHeight, w, h),
			fmt.Sprintf("Window too small (%dx%d): needs %dx%d.", w, h, minWidth, minHeight),
			fmt.Sprintf("Too small: need %dx%d", minWidth, minHeight),
		} {
			if msg = m; len(m) <= w {
				break
			}
		}
		v.SetContent(ansi.Truncate(msg, w, ""))
		return v
	}
	t := m.c.Theme
	header := m.viewHeader(w)
	top := []string{header}
	if m.ed != nil && m.st != stLoading && m.st != stLoadFailed && m.st != stPicker {
		top = append(top, m.viewTabs(w))
	}
	top = append(top, t.S.Rule.Render(strings.Repeat(t.G.Rule, w)))

	status := m.viewStatus(w)
	help := m.viewHelpLine(w)
	bodyH := h - len(top) - len(status) - 1
	var body []string
	switch {
	case m.ov == ovHelp:
		body = m.viewHelp(w)
	case m.ov == ovQuit:
		n := m.ed.dirty()
		body = []string{"", "  " + t.S.Warn.Bold(true).Render(fmt.Sprintf("Quit with %d unsaved change%s?", n, plural(n))),
			"", "  Nothing has been sent."}
		if m.c.Drafts != nil {
			body = append(body, "  "+t.S.HelpKey.Render("y")+" quit and keep them in a draft for next time",
				"  "+t.S.HelpKey.Render("d")+" discard them and quit", "  "+t.S.HelpKey.Render("n")+" keep editing")
		} else {
			body = append(body, "  "+t.S.HelpKey.Render("y")+" quit and discard them", "  "+t.S.HelpKey.Render("n")+" keep editing")
		}
	case m.ov == ovGoTo:
		body = m.viewGoTo(w, bodyH)
	case m.st == stPicker:
		body = m.viewPicker(w, bodyH)
	case m.st == stLoading:
		body = []string{"", "  " + m.spinner() + " Loading customer " + m.id + t.G.Ellipsis}
	case m.st == stSaving:
		body = []string{"", fmt.Sprintf("  %s Saving %d field%s%s", m.spinner(), len(m.rv.changes), plural(len(m.rv.changes)), t.G.Ellipsis)}
	case m.st == stLoadFailed || m.st == stSaveFailed:
		body = m.viewFailure(w)
	case m.st == stReview:
		body = m.viewReview(w, bodyH)
	case m.st == stConflict:
		body = m.viewConflicts(w, bodyH)
	case m.st == stDraftOffer:
		body = m.viewDraftOffer(w)
	case m.st == stEditing:
		body = m.ed.viewBody(w, bodyH)
	}
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	all := append(append(append(top, body...), status...), help)
	v.SetContent(strings.Join(all, "\n"))
	return v // no terminal cursor: the editor draws its own (see viewEditor)
}

func (m Model) spinner() string {
	fr := m.c.Theme.G.Spinner
	return m.c.Theme.S.Title.Render(fr[m.spin%len(fr)])
}

func (m Model) viewHeader(w int) string {
	t := m.c.Theme
	left := t.S.Title.Render("ccedit")
	right := ""
	if m.ed != nil {
		if n := m.ed.dirty(); n > 0 {
			right = t.S.Changed.Render(fmt.Sprintf("%s %d unsaved", t.G.Changed, n))
		}
	}
	if m.c.Demo {
		right += " " + t.S.Warn.Render("[DEMO]")
	}
	rw := lipgloss.Width(right)
	room := w - 7 - rw - 1
	if m.ed != nil && room > 10 {
		name := m.ed.name
		idShort := m.id
		if len(idShort) > 8 {
			idShort = idShort[:8] + t.G.Ellipsis
		}
		mid := " " + t.S.Subtle.Render(t.G.Sep[1:])
		left += mid + t.SafeCut(name, max(room-ansi.StringWidth(idShort)-6, 4)) + " " + t.S.Subtle.Render(idShort)
	}
	gap := w - lipgloss.Width(left) - rw
	return left + strings.Repeat(" ", max(gap, 1)) + right
}

// viewTabs draws the group tabs with their change counts. Each tab keeps a
// slot for its count so that the first change does not shift (and redraw)
// every tab after it; narrow windows get short titles, and the narrowest
// give up the empty slots.
func (m Model) viewTabs(w int) string {
	t := m.c.Theme
	build := func(short, slots bool) (string, int) {
		var b strings.Builder
		for _, g := range forms.AllGroups() {
			title := g.String()
			if short {
				title = g.Short()
			}
			st := t.S.Tab
			if g == m.ed.group {
				st = t.S.TabActive
			}
			switch n := m.ed.counts[g]; {
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

// viewStatus is the line above the help: the last save result, a server
// message, or nothing. It wraps to at most two lines.
func (m Model) viewStatus(w int) []string {
	if m.ed == nil || m.ed.status == "" || (m.st != stEditing && m.st != stReview) {
		return nil
	}
	t := m.c.Theme
	st := t.S.OK
	if m.ed.statusErr {
		st = t.S.Warn
	}
	// The status can hold server messages and values: sanitize it whole.
	wrapped := strings.Split(lipgloss.NewStyle().Width(w).Render(t.Safe(m.ed.status)), "\n")
	if len(wrapped) > 2 {
		wrapped = wrapped[:2]
		wrapped[1] = ansi.Truncate(wrapped[1], w-1, "") + t.G.Ellipsis
	}
	for i := range wrapped {
		wrapped[i] = st.Render(wrapped[i])
	}
	return wrapped
}

// viewHelpLine shows the keys that matter on the current screen.
func (m Model) viewHelpLine(w int) string {
	var h [][2]string
	g := m.c.Theme.G
	switch {
	case m.ov == ovGoTo:
		h = [][2]string{{"type", "filter"}, {g.UpKey + "/" + g.DownKey, "choose"}, {"enter", "jump"}, {"esc/ctrl+g", "cancel"}}
	case m.ov != ovNone:
	case m.st == stPicker:
		h = [][2]string{{g.UpKey + "/" + g.DownKey, "choose"}, {"enter", "open"}, {"type", "filter"}, {"q", "quit"}}
	case m.st == stLoading || m.st == stSaving:
		h = [][2]string{{"ctrl+c", "quit"}}
	case m.st == stLoadFailed || m.st == stSaveFailed:
		h = m.failureHelp()
	case m.st == stReview:
		h = m.reviewHelp()
	case m.st == stConflict:
		h = m.conflictHelp()
	case m.st == stDraftOffer:
		h = draftHelp()
	case m.st == stEditing:
		fs := m.ed.fields[m.ed.focus]
		if fs.f.IsText() {
			h = [][2]string{{"tab/" + g.DownKey, "next"}, {"ctrl+n/p", "group"}, {"ctrl+g", "go to"}, {"ctrl+s", "review"},
				{"ctrl+r", "revert"}, {"ctrl+c", "quit"}}
		} else {
			h = [][2]string{{g.LeftKey + g.RightKey + "/space", "choose"}, {"tab/" + g.DownKey, "next"}, {"ctrl+n/p", "group"},
				{"ctrl+g", "go to"}, {"ctrl+s", "review"}, {"?", "keys"}, {"q", "quit"}}
		}
	}
	return helpLine(m.c, h, w)
}

func helpLine(c *Common, h [][2]string, w int) string {
	t := c.Theme
	var b strings.Builder
	used := 0
	for i, kv := range h {
		item := kv[0] + " " + kv[1]
		sep := 0
		if i > 0 {
			sep = ansi.StringWidth(t.G.Sep)
		}
		if used+sep+ansi.StringWidth(item) > w {
			break
		}
		if i > 0 {
			b.WriteString(t.S.HelpDesc.Render(t.G.Sep))
		}
		b.WriteString(t.S.HelpKey.Render(kv[0]) + " " + t.S.HelpDesc.Render(kv[1]))
		used += sep + ansi.StringWidth(item)
	}
	return b.String()
}

// viewHelp is the full key list (?).
func (m Model) viewHelp(w int) []string {
	t := m.c.Theme
	g := t.G
	rows := [][2]string{
		{"tab, " + g.DownKey + ", enter", "next field (crosses into the next group)"},
		{"shift+tab, " + g.UpKey, "previous field"},
		{"ctrl+n / pgdn", "next group"},
		{"ctrl+p / pgup", "previous group"},
		{"ctrl+g", "go to a field by label or API name"},
		{"ctrl+s", "review the changes, then send them"},
		{"ctrl+r", "revert the focused field to its loaded value"},
		{g.LeftKey + " " + g.RightKey + " space", "change a choice; or type its first letter (y/n)"},
		{"ctrl+a / ctrl+e", "start / end of the text"},
		{"ctrl+u / ctrl+k", "delete to start / to end"},
		{"ctrl+w", "delete the previous word"},
		{"? (on a choice)", "this help"},
		{"q (on a choice)", "quit; asks first when changes are unsaved"},
		{"ctrl+c", "quit; asks first when changes are unsaved"},
	}
	lines := []string{t.S.Title.Render("Keys"), ""}
	for _, r := range rows {
		lines = append(lines, "  "+t.S.HelpKey.Render(fmt.Sprintf("%-20s", r[0]))+" "+ansi.Truncate(r[1], w-24, g.Ellipsis))
	}
	return append(lines, "", t.S.Subtle.Render("  Empty text clears a field (saved as null). Press any key to close."))
}

// pad fills s (which may hold styles) with spaces to w cells.
func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}
