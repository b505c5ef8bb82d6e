package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// conflictScreen is shown when someone else changed, since this record was
// loaded (or since a draft was written), fields this agent changed too.
// Nothing has been sent. Each field keeps theirs until the agent picks
// mine on its huh.Confirm; Enter applies the choices.
type conflictScreen struct {
	c         *Common
	keys      conflictKeys
	theirs    *apiclient.Customer
	items     []forms.Conflict
	mine      []*bool // per item: keep mine (the huh.Confirm's value)
	choices   []*huh.Confirm
	sel       int
	restoring bool   // restoring a draft: no way back but choosing
	title     string // the first line; "" says someone else changed the fields
	sc        scroller
	w, h      int
}

type conflictKeys struct {
	Up, Down, Toggle, Theirs, Mine, Done, Back, Quit key.Binding
}

// newConflicts shows the conflicts the session asks about
// (Session.Conflicts): refused says the server kept refusing the save as
// out of date; restoring, that a draft is being restored.
func newConflicts(c *Common, theirs *apiclient.Customer, items []forms.Conflict, refused, restoring bool) *conflictScreen {
	g := c.Theme.G
	s := &conflictScreen{c: c, theirs: theirs, items: items, restoring: restoring, sc: newScroller(c),
		keys: conflictKeys{
			Up:     key.NewBinding(key.WithKeys("up", "shift+tab", "ctrl+p"), key.WithHelp(g.UpKey+"/"+g.DownKey, "field")),
			Down:   key.NewBinding(key.WithKeys("down", "tab", "ctrl+n")),
			Toggle: key.NewBinding(key.WithKeys("left", "right", "space"), key.WithHelp(g.LeftKey+g.RightKey, "theirs or mine")),
			Theirs: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "keep theirs")),
			Mine:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "keep mine")),
			Done:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply the choices")),
			Back:   key.NewBinding(key.WithKeys("esc", "ctrl+b"), key.WithHelp("esc", "back to editing")),
			Quit:   key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		}}
	if restoring {
		s.keys.Back.SetEnabled(false)
	}
	if refused {
		s.title = "The server refused the save: the record kept changing while saving (HTTP 409/412)."
	}
	km := huh.NewDefaultKeyMap()
	km.Confirm.Toggle = s.keys.Toggle
	km.Confirm.Accept = s.keys.Mine
	km.Confirm.Reject = s.keys.Theirs
	for range items {
		v := new(bool)
		f := huh.NewConfirm().Affirmative("keep mine").Negative("keep theirs").Inline(true).Value(v)
		f.WithKeyMap(km)
		f.WithTheme(c.huhTheme())
		f.Blur()
		s.mine, s.choices = append(s.mine, v), append(s.choices, f)
	}
	s.choices[0].Focus()
	return s
}

func (s *conflictScreen) setSize(w, h int) { s.w, s.h = w, h }

func (s *conflictScreen) ShortHelp() []key.Binding {
	keys := []key.Binding{brief(s.keys.Done, "apply"), brief(s.keys.Back, "back"), s.keys.Up, brief(s.keys.Toggle, "choose")}
	if len(s.items) < 2 {
		keys = slices.Delete(keys, 2, 3) // one field: there is no other to move to
	}
	return keys
}

func (s *conflictScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Up, s.keys.Toggle, s.keys.Theirs, s.keys.Mine}, {s.keys.Done, s.keys.Back, s.keys.Quit}}
}

func (s *conflictScreen) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	switch {
	case key.Matches(k, s.keys.Up):
		s.focus(s.sel - 1)
	case key.Matches(k, s.keys.Down):
		s.focus(s.sel + 1)
	case key.Matches(k, s.keys.Toggle, s.keys.Theirs, s.keys.Mine):
		// huh changes the value; its request to move to the next field
		// means nothing outside a huh.Form and is dropped.
		_, _ = s.choices[s.sel].Update(k)
	case key.Matches(k, s.keys.Done):
		keep := map[string]bool{}
		for i, c := range s.items {
			keep[c.Field.Name] = *s.mine[i]
		}
		return nil, conflictsChosenMsg{keepMine: keep}
	case key.Matches(k, s.keys.Back):
		return nil, backToEditorMsg{}
	case key.Matches(k, s.keys.Quit):
		return nil, quitRequestedMsg{}
	default:
		s.sc.update(k)
	}
	return nil, nil
}

func (s *conflictScreen) focus(i int) {
	i = min(max(i, 0), len(s.items)-1)
	s.choices[s.sel].Blur()
	s.sel = i
	s.choices[s.sel].Focus()
}

func (s *conflictScreen) view() string {
	t := s.c.Theme
	n := len(s.items)
	title := s.title
	if title == "" {
		title = fmt.Sprintf("Someone else changed %d field%s you also changed.", n, plural(n))
	}
	head := append(wrap(t.S.Warn.Bold(true).Render(title), s.w),
		append(wrap("Nothing was sent. For each field choose the value to keep, then press enter.", s.w), "")...)
	valW := s.w - 16
	var lines []string
	top, bottom := 0, 0
	for i, c := range s.items {
		ptr := "  "
		if i == s.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus) + " "
			top = len(lines)
		}
		lines = append(lines,
			ptr+t.S.Label.Bold(true).Render(c.Field.Label)+" "+t.S.APIName.Render("("+c.Field.Name+")")+"  "+
				strings.ReplaceAll(s.choices[i].View(), "\n", " "),
			"    "+t.S.Subtle.Render("loaded  ")+sayRaw(s.c, c.Field, c.Base, false, valW),
			"    "+t.S.Subtle.Render("theirs  ")+t.S.Before.Render(sayRaw(s.c, c.Field, c.Theirs, false, valW)),
			"    "+t.S.Subtle.Render("mine    ")+t.S.After.Render(sayRaw(s.c, c.Field, c.Mine, true, valW)))
		if i == s.sel {
			bottom = len(lines)
		}
	}
	s.sc.setSize(s.w, max(s.h-len(head), 1))
	s.sc.setLines(lines)
	s.sc.ensureVisible(top, bottom)
	return strings.Join(head, "\n") + "\n" + s.sc.view()
}
