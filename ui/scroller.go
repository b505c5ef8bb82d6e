package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// scroller is a bubbles viewport for a body that may be taller than the
// window: bounded offsets, PgUp/PgDn/Home/End (and ↑/↓ where the screen lets
// it), and a last line that says what is hidden above and below. Every
// scrolling body uses it: editor group, review, JSON body, conflicts,
// pickers, go-to and help.
type scroller struct {
	c     *Common
	vp    viewport.Model
	keys  scrollKeys
	lines []string
	w, h  int
}

// scrollKeys are the scroller's bindings; Up and Down are off where the
// screen uses the arrows itself (the editor moves focus with them).
type scrollKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func defaultScrollKeys(c *Common) scrollKeys {
	g := c.Theme.G
	return scrollKeys{
		Up:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp(g.UpKey, "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp(g.DownKey, "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
	}
}

func newScroller(c *Common) scroller {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{} // keys are ours: see update
	vp.MouseWheelEnabled = false
	return scroller{c: c, vp: vp, keys: defaultScrollKeys(c)}
}

func (s *scroller) setSize(w, h int) {
	if w == s.w && h == s.h {
		return // screens set the size on every frame; layout is not free
	}
	s.w, s.h = w, h
	s.layout()
}

// setLines replaces the content, keeping the offset within bounds.
func (s *scroller) setLines(lines []string) {
	s.lines = lines
	s.layout()
}

func (s *scroller) layout() {
	vh := s.h
	if len(s.lines) > s.h {
		vh = max(s.h-1, 1) // one line says what is hidden
	}
	s.vp.SetWidth(s.w)
	s.vp.SetHeight(vh)
	s.vp.SetContentLines(append([]string(nil), s.lines...))
	s.vp.SetYOffset(s.vp.YOffset()) // clamps
}

// overflows reports whether the content is taller than the body.
func (s *scroller) overflows() bool { return len(s.lines) > s.h }

// ensureVisible scrolls just enough to show lines top..bottom-1, the top
// winning when they do not all fit.
func (s *scroller) ensureVisible(top, bottom int) {
	vh := s.vp.Height()
	off := s.vp.YOffset()
	if bottom > off+vh {
		off = bottom - vh
	}
	if top < off {
		off = top
	}
	s.vp.SetYOffset(off)
}

// update scrolls on the scroll keys and reports whether msg was one.
func (s *scroller) update(msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, s.keys.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, s.keys.Down):
		s.vp.ScrollDown(1)
	case key.Matches(msg, s.keys.PageUp):
		s.vp.PageUp()
	case key.Matches(msg, s.keys.PageDown):
		s.vp.PageDown()
	case key.Matches(msg, s.keys.Top):
		s.vp.GotoTop()
	case key.Matches(msg, s.keys.Bottom):
		s.vp.GotoBottom()
	default:
		return false
	}
	return true
}

// offset is the first line shown.
func (s *scroller) offset() int { return s.vp.YOffset() }

func (s *scroller) view() string {
	if !s.overflows() {
		return s.vp.View()
	}
	t := s.c.Theme
	above := s.vp.YOffset()
	below := max(len(s.lines)-above-s.vp.Height(), 0)
	var more string
	switch {
	case above > 0 && below > 0:
		more = fmt.Sprintf("  %s %d more above%s%s %d more below", t.G.Up, above, t.G.Sep, t.G.Down, below)
	case above > 0:
		more = fmt.Sprintf("  %s %d more above", t.G.Up, above)
	default:
		more = fmt.Sprintf("  %s %d more below", t.G.Down, below)
	}
	return s.vp.View() + "\n" + t.S.Subtle.Render(more)
}

// help returns the scroll bindings that do something now.
func (s *scroller) help() []key.Binding {
	if !s.overflows() {
		return nil
	}
	return []key.Binding{s.keys.PageDown, s.keys.PageUp}
}
