package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// dialog is a huh.Select used on its own, outside a huh.Form: huh draws
// the options and moves the cursor; ccedit reads the answer itself on Enter
// or an option's letter, in the same Update. A huh.Form submits through a
// command, so keys typed ahead after the answer would reach the dialog
// after it was already answered and be lost.
type dialog struct {
	sel     *huh.Select[string]
	value   string
	letters map[string]string // letter → option value
	keys    dialogKeys
	up      key.Binding // the cursor's keys, as given to huh
	down    key.Binding
}

type dialogKeys struct {
	Move, Choose, Letters key.Binding
}

// dialogOption is one answer: its value, the letter that picks it, and
// what it says.
type dialogOption struct{ value, letter, label string }

func newDialog(c *Common, title string, opts []dialogOption) dialog {
	d := dialog{letters: map[string]string{}}
	var hopts []huh.Option[string]
	var letters []string
	for _, o := range opts {
		hopts = append(hopts, huh.NewOption(o.letter+"  "+o.label, o.value))
		d.letters[o.letter] = o.value
		letters = append(letters, o.letter)
	}
	km := huh.NewDefaultKeyMap()
	km.Select.Filter.SetEnabled(false) // letters answer; nothing filters
	km.Select.Left.SetEnabled(false)
	km.Select.Right.SetEnabled(false)
	d.up = key.NewBinding(key.WithKeys("up", "ctrl+p", "shift+tab"))
	d.down = key.NewBinding(key.WithKeys("down", "ctrl+n", "tab"))
	km.Select.Up, km.Select.Down = d.up, d.down
	d.sel = huh.NewSelect[string]().Title(title).Options(hopts...).Value(&d.value)
	d.sel.WithKeyMap(km)
	d.sel.WithTheme(c.huhTheme())
	d.sel.Focus()
	g := c.Theme.G
	d.keys = dialogKeys{
		Move:    key.NewBinding(key.WithKeys("up", "down"), key.WithHelp(g.UpKey+"/"+g.DownKey, "choose")),
		Choose:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Letters: key.NewBinding(key.WithKeys(letters...), key.WithHelp(strings.Join(letters, "/"), "answer at once")),
	}
	return d
}

// update returns the chosen value, or "" while the agent is choosing.
func (d *dialog) update(msg tea.Msg) string {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return ""
	}
	if v, ok := d.letters[strings.ToLower(k.String())]; ok {
		return v
	}
	if key.Matches(k, d.keys.Choose) {
		if v, ok := d.sel.Hovered(); ok {
			return v
		}
		return ""
	}
	_, _ = d.sel.Update(k) // cursor moves; huh's submit command is not used
	return ""
}

func (d *dialog) view() string { return d.sel.View() }

// takes reports whether k is a dialog key: an answer, confirm, or a move
// of its cursor. A screen around a dialog gives it these before anything
// else (the draft offer's scroller once took ↑/↓ from it).
func (d *dialog) takes(k tea.KeyPressMsg) bool {
	_, letter := d.letters[strings.ToLower(k.String())]
	return letter || key.Matches(k, d.keys.Choose, d.keys.Move, d.up, d.down)
}

// bindings lists the keys that answer first (see screen.ShortHelp).
func (d *dialog) bindings() []key.Binding {
	return []key.Binding{d.keys.Letters, d.keys.Choose, d.keys.Move}
}
