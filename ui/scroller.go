package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// scroller is a bubbles viewport for a body that may be taller than the
// window: bounded offsets, PgUp/PgDn/Home/End (and ↑/↓ where the screen lets
// it), and a last line that says what is hidden above and below. Every
// scrolling body uses it: editor group, review, JSON body, conflicts,
// pickers, go-to and help.
type scroller struct {
	c      *Common
	vp     viewport.Model
	keys   scrollKeys
	lines  []string
	blank  []string // as many empty lines as lines, for the viewport
	widths map[string]int
	w, h   int
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

// setLines replaces the content, keeping the offset within bounds. A line
// holding line breaks counts as the lines it holds, as in the viewport.
func (s *scroller) setLines(lines []string) {
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			var split []string
			for _, l := range lines {
				split = append(split, strings.Split(strings.ReplaceAll(l, "\r\n", "\n"), "\n")...)
			}
			lines = split
			break
		}
	}
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
	// The viewport keeps the offset (bounds, paging); it needs the number
	// of lines, not their text, which the scroller draws itself (view).
	// Blank lines spare it measuring the width of every line on each frame.
	if len(s.blank) != len(s.lines) {
		s.blank = make([]string, len(s.lines))
	}
	s.vp.SetContentLines(s.blank)
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
		return s.visible()
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
	return s.visible() + "\n" + t.S.Subtle.Render(more)
}

// visible is what viewport.View draws for the lines in view, less the
// spaces it pads them with: each line cut to the width, then empty lines
// to the height. The padding changes nothing on screen (each frame starts
// from blank cells) and costs the renderer a cell per space on every
// frame. Lines with a tab go through lipgloss, as in the viewport.
func (s *scroller) visible() string {
	w, h := s.vp.Width(), s.vp.Height()
	if w <= 0 || h <= 0 {
		return ""
	}
	off := min(s.vp.YOffset(), len(s.lines))
	lines := s.lines[off:min(off+h, len(s.lines))]
	cut := func(l string) string {
		if len(l) > w && s.width(l) > w { // a line has no more cells than bytes
			return ansi.Cut(l, 0, w)
		}
		return l
	}
	var b strings.Builder
	for i, l := range lines {
		if strings.ContainsRune(l, '\t') {
			return s.viaLipgloss(lines, cut)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(cut(l))
	}
	for i := max(len(lines), 1); i < h; i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

// viaLipgloss draws lines as the viewport does, through a lipgloss style,
// without the padding.
func (s *scroller) viaLipgloss(lines []string, cut func(string) string) string {
	out := make([]string, len(lines))
	for k, l := range lines {
		out[k] = cut(l)
	}
	drawn := strings.Split(lipgloss.NewStyle().Width(s.vp.Width()).Height(s.vp.Height()).Render(strings.Join(out, "\n")), "\n")
	for k := range drawn {
		drawn[k] = strings.TrimRight(drawn[k], " ")
	}
	return strings.Join(drawn, "\n")
}

// width is ansi.StringWidth, remembered: most lines are drawn again
// unchanged on the next frame.
func (s *scroller) width(l string) int {
	if n, ok := s.widths[l]; ok {
		return n
	}
	if len(s.widths) > 4*len(s.lines)+64 {
		clear(s.widths)
	}
	if s.widths == nil {
		s.widths = map[string]int{}
	}
	n := ansi.StringWidth(l)
	s.widths[l] = n
	return n
}

// help returns the scroll bindings that do something now.
func (s *scroller) help() []key.Binding {
	if !s.overflows() {
		return nil
	}
	return []key.Binding{s.keys.PageDown, s.keys.PageUp}
}
