package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/theme"
)

// bodySize is the room a screen has: the window less the header, the tab
// line (for tabbed screens), the rule and the footer.
func (m Model) bodySize() (int, int) {
	h := m.c.Height - 3
	if _, ok := m.active.(tabbed); ok && m.overlay == nil {
		h--
	}
	return m.c.Width, max(h, 1)
}

// View draws the header, the active screen (or the overlay) and the
// footer, which bubbles help draws from the screen's key map.
func (m Model) View() tea.View {
	if m.c.frames != nil {
		return m.c.frames.view(m.view)
	}
	return m.view()
}

func (m Model) view() tea.View {
	var v tea.View
	v.AltScreen = true // the record leaves no trace in scrollback
	w, h := m.c.Width, m.c.Height
	if w < minWidth || h < minHeight {
		v.SetContent(tooSmall(w, h))
		return v
	}
	t := m.c.Theme
	top := []string{m.viewHeader(w)}
	s := m.active
	if m.overlay != nil {
		s = m.overlay
	} else if tb, ok := s.(tabbed); ok {
		top = append(top, tb.tabs(w))
	}
	top = append(top, m.c.drawn.rule.get(ruleFrom{w, t}, func() string {
		return t.S.Rule.Render(strings.Repeat(t.G.Rule, w))
	}))
	_, bodyH := m.bodySize()
	body := strings.Split(s.view(), "\n")
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	// The footer changes with the keys on offer, rarely: bubbles help
	// draws it only then.
	var shown strings.Builder
	for _, b := range s.ShortHelp() {
		if b.Enabled() {
			shown.WriteString(b.Help().Key + "\x00" + b.Help().Desc + "\x00")
		}
	}
	foot := m.c.drawn.footer.get(footerFrom{w, t, shown.String()}, func() string {
		return footer(m.c, m.help, s, []key.Binding{m.keys.Help, m.keys.Quit}, w)
	})
	v.SetContent(strings.Join(append(append(top, body...), foot), "\n"))
	return v // no terminal cursor: the editor draws its own (see viewEditor)
}

// tooSmall is the one line drawn below the minimum size: the longest
// wording that fits.
func tooSmall(w, h int) string {
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
	return ansi.Truncate(msg, w, "")
}

func (m Model) viewHeader(w int) string {
	from := headerFrom{w: w, t: m.c.Theme, demo: m.c.Demo, id: m.id}
	if m.ed != nil {
		from.ed, from.dirty, from.name = true, m.ed.rec.Dirty(), m.ed.rec.Name()
	}
	return m.c.drawn.header.get(from, func() string { return m.drawHeader(w) })
}

// drawnLines keeps the lines around the screens as last drawn, and what
// from: a keystroke rarely changes them, and drawing them is not free.
type drawnLines struct {
	header memo[headerFrom]
	rule   memo[ruleFrom]
	footer memo[footerFrom]
}

type (
	headerFrom struct {
		w, dirty int
		t        *theme.Theme
		demo, ed bool
		name, id string
	}
	ruleFrom struct {
		w int
		t *theme.Theme
	}
	footerFrom struct {
		w     int
		t     *theme.Theme
		shown string // the keys on offer, with their help
	}
)

// memo is a string drawn from K, kept until it is asked for from another K.
type memo[K comparable] struct {
	from K
	ok   bool
	s    string
}

func (c *memo[K]) get(from K, draw func() string) string {
	if !c.ok || c.from != from {
		c.from, c.s, c.ok = from, draw(), true
	}
	return c.s
}

func (m Model) drawHeader(w int) string {
	t := m.c.Theme
	left := t.S.Title.Render("ccedit")
	right := ""
	if m.ed != nil {
		if n := m.ed.rec.Dirty(); n > 0 {
			right = t.S.Changed.Render(fmt.Sprintf("%s %d unsaved", t.G.Changed, n))
		}
	}
	if m.c.Demo {
		right += " " + t.S.Warn.Render("[DEMO]")
	}
	rw := lipgloss.Width(right)
	room := w - 7 - rw - 1
	if m.ed != nil && room > 10 {
		name := m.ed.rec.Name()
		if name == m.id {
			name = "(no name on record)" // the id follows: show it once
		}
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
