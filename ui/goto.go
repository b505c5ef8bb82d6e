package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// goTo is the ctrl+g finder (an overlay): type part of a label or API name
// in a bubbles textinput, Enter jumps.
type goTo struct {
	c       *Common
	in      textinput.Model
	matches []int
	sel     int
	keys    goToKeys
	sc      scroller
	w, h    int
}

type goToKeys struct {
	Up, Down, Jump, Cancel key.Binding
}

func newGoTo(c *Common) *goTo {
	g := c.Theme.G
	s := &goTo{c: c, in: newInput(c, "Go to field: "), sc: newScroller(c), keys: goToKeys{
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p", "shift+tab"), key.WithHelp(g.UpKey+"/"+g.DownKey, "choose")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n", "tab")),
		Jump:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "jump")),
		Cancel: key.NewBinding(key.WithKeys("esc", "ctrl+g", "ctrl+b"), key.WithHelp("esc", "cancel")),
	}}
	s.sc.keys.Up.SetEnabled(false)
	s.sc.keys.Down.SetEnabled(false)
	s.matches = c.Schema.Find("")
	return s
}

func (s *goTo) takesText() bool  { return true }
func (s *goTo) setSize(w, h int) { s.w, s.h = w, h }

func (s *goTo) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Jump, s.keys.Cancel, s.keys.Up, key.NewBinding(key.WithKeys("a"), key.WithHelp("type", "filter"))}
}

func (s *goTo) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *goTo) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Cancel):
			return nil, closeOverlayMsg{}
		case key.Matches(k, s.keys.Jump):
			if len(s.matches) == 0 {
				return nil, closeOverlayMsg{}
			}
			return nil, focusFieldMsg{index: s.matches[s.sel]}
		case key.Matches(k, s.keys.Up):
			s.sel = max(s.sel-1, 0)
			return nil, nil
		case key.Matches(k, s.keys.Down):
			s.sel = min(s.sel+1, max(len(s.matches)-1, 0))
			return nil, nil
		case key.Matches(k, s.sc.keys.PageDown, s.sc.keys.PageUp):
			d := max(s.h-4, 1)
			if key.Matches(k, s.sc.keys.PageUp) {
				d = -d
			}
			s.sel = min(max(s.sel+d, 0), max(len(s.matches)-1, 0))
			return nil, nil
		}
	}
	if updateInput(&s.in, msg) {
		s.matches, s.sel = s.c.Schema.Find(s.in.Value()), 0
	}
	return nil, nil
}

func (s *goTo) view() string {
	t := s.c.Theme
	head := inputView(s.in, s.w) + "\n"
	var rows []string
	if len(s.matches) == 0 {
		rows = append(rows, t.S.Subtle.Render("  no field matches"))
	}
	cols := s.columns(s.w - 2)
	for k, i := range s.matches {
		f := s.c.Schema.Fields()[i]
		row := pad(t.SafeCut(f.Label, cols.label), cols.label) + " " + pad(t.SafeCut(f.Name, cols.name), cols.name) + " " + cols.group(f.Group)
		if k == s.sel {
			rows = append(rows, t.S.LabelFocus.Render(t.G.Focus)+" "+t.S.Selected.Render(row))
		} else {
			rows = append(rows, "  "+row)
		}
	}
	s.sc.setSize(s.w, max(s.h-2, 1))
	s.sc.setLines(rows)
	s.sc.ensureVisible(s.sel, s.sel+1)
	return head + "\n" + s.sc.view()
}

// showsNothingMasked: the finder lists labels and names, no values.
func (s *goTo) showsNothingMasked() {}

// gotoColumns are the finder's column widths for a window.
type gotoColumns struct {
	label, name int
	group       func(forms.Group) string
}

// columns fits label, API name and group in w cells. The group keeps its
// whole word: the tab line's short titles ("Ident", "Cover") when the full
// ones leave the API name too little room; the API name gives up the rest
// (cut with an ellipsis).
func (s *goTo) columns(w int) gotoColumns {
	const minName = 16
	var label, name, full, short int
	for _, f := range s.c.Schema.Fields() {
		label, name = max(label, ansi.StringWidth(f.Label)), max(name, ansi.StringWidth(f.Name))
		full, short = max(full, ansi.StringWidth(f.Group.String())), max(short, ansi.StringWidth(f.Group.Short()))
	}
	label = min(label, labelMax)
	c := gotoColumns{label: label, group: forms.Group.String}
	groupW := full
	if label+1+minName+1+full > w {
		c.group, groupW = forms.Group.Short, short
	}
	c.name = max(min(name, w-label-groupW-2), 1)
	return c
}
