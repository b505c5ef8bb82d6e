package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/workflow"
)

// bodySize is the room a screen has: the window less the header, the
// banners, the tab line (for tabbed screens), the rule and the footer.
func (m Model) bodySize() (int, int) {
	h := m.c.Height - 3 - len(m.banners())
	if _, ok := m.active.(tabbed); ok && m.overlay() == nil {
		h--
	}
	return m.c.Width, max(h, 1)
}

// View draws the header, the active screen (or the overlay) and the
// footer, which bubbles help draws from the screen's key map.
func (m Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.c.frames.crashed(r)
			v = tea.View{AltScreen: true} // nothing of a view that failed
		}
	}()
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
	for _, b := range m.banners() {
		top = append(top, t.S.Error.Bold(true).Render(b))
	}
	s := m.active
	if o := m.overlay(); o != nil {
		s = o
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

// banners are the lines under the header that stay while something puts
// the agent's edits at risk: drafts that cannot be written (or are not kept
// in this session), and the idle logoff's warning. Each is sanitized and
// wrapped to the window, at most 3 lines.
func (m Model) banners() []string {
	var texts []string
	switch sess := m.c.Sess; {
	case sess.NoDraft() != "" && m.ed != nil:
		texts = append(texts, "No draft is kept in this session ("+sess.NoDraft()+"): your edits are only in memory until saved.")
	case m.c.Drafts != nil:
		if err := m.c.Drafts.Health(); err != nil {
			texts = append(texts, "Drafts cannot be written ("+workflow.DraftReason(err)+"): your edits are only in memory. Save them (ctrl+s) before you leave.")
		}
	}
	if w := m.idleWarning(); w != "" {
		texts = append(texts, w)
	}
	if m.refused != "" {
		texts = append(texts, m.refused)
	}
	var out []string
	for _, s := range texts {
		ls := strings.Split(ansi.Wrap(m.c.Theme.Safe(s), max(m.c.Width, 10), ""), "\n")
		out = append(out, ls[:min(len(ls), 3)]...)
	}
	return out
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
	from := headerFrom{w: w, t: m.c.Theme, demo: m.c.Demo, id: m.id, reveal: m.c.Reveal}
	if ed := m.customerShown(); ed != nil {
		from.ed, from.dirty, from.name = true, ed.rec.Dirty(), ed.rec.Name()
	}
	return m.c.drawn.header.get(from, func() string { return m.drawHeader(w) })
}

// customerShown is the form of the customer the screen is about, or nil:
// none is open, or the search (about every customer) is shown.
func (m Model) customerShown() *editor {
	if m.ed == nil || (m.search != nil && m.active == screen(m.search)) {
		return nil
	}
	return m.ed
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
		w, dirty         int
		t                *theme.Theme
		demo, ed, reveal bool // ed: the header names the customer open
		name, id         string
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
	ed := m.customerShown()
	if ed != nil {
		if n := ed.rec.Dirty(); n > 0 {
			right = t.S.Changed.Render(fmt.Sprintf("%s %d unsaved", t.G.Changed, n))
		}
	}
	if m.c.Reveal {
		right = t.S.Warn.Render("identifiers shown") + " " + right
	}
	if m.c.Demo {
		right += " " + t.S.Warn.Render("[DEMO]")
	}
	rw := lipgloss.Width(right)
	room := w - 7 - rw - 1
	if ed != nil && room > 10 {
		name := ed.rec.Name()
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
