package ui

import (
	"fmt"
	"sort"
	"strings"

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
	s.matches = findFields(c.Schema, "")
	return s
}

func (s *goTo) takesText() bool  { return true }
func (s *goTo) setSize(w, h int) { s.w, s.h = w, h }

func (s *goTo) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("a"), key.WithHelp("type", "filter")), s.keys.Up, s.keys.Jump, s.keys.Cancel}
}

func (s *goTo) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// findFields returns the editable fields whose label or API name contains
// q, those starting with it first.
func findFields(sc *forms.Schema, q string) []int {
	q = strings.ToLower(strings.TrimSpace(q))
	type scored struct{ i, score int }
	var found []scored
	for i, f := range sc.Fields() {
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
	out := make([]int, len(found))
	for k, f := range found {
		out[k] = f.i
	}
	return out
}

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
		s.matches, s.sel = findFields(s.c.Schema, s.in.Value()), 0
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
	for k, i := range s.matches {
		f := s.c.Schema.Fields()[i]
		row := ansi.Truncate(fmt.Sprintf("%-26s %-24s %s", f.Label, f.Name, f.Group.String()), s.w-3, t.G.Ellipsis)
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
