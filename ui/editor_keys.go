package ui

import (
	"charm.land/bubbles/v2/key"
)

// editorKeys is the form's key map (after huh's keymap.go: one set per
// field kind). Every action has a plain control key: nothing depends on Esc
// alone (tmux delays it), Shift+Enter or function keys.
type editorKeys struct {
	Next, Prev           key.Binding
	NextGroup, PrevGroup key.Binding
	PageDown, PageUp     key.Binding
	GoTo, Review, Revert key.Binding
	Undo, Expand, Search key.Binding
	Text                 textKeys
	Choice               choiceKeys
}

// textKeys are the line-editing keys of a text field; they are handled by
// editLine and listed here so help draws them.
type textKeys struct {
	StartEnd, DeleteTo, DeleteWord, Words, DeleteNext key.Binding
}

// choiceKeys are the keys of a list field. A letter picks the next option
// that starts with it, so no letter has another meaning on a list.
type choiceKeys struct {
	Next, Prev, Toggle, Pick key.Binding
}

func newEditorKeys(c *Common) editorKeys {
	g := c.Theme.G
	return editorKeys{
		Next:      key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab/"+g.DownKey, "next field")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/"+g.UpKey, "previous field")),
		NextGroup: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "next group")),
		PrevGroup: key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "previous group")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "fields further down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "fields further up")),
		GoTo:      key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "go to a field by label or API name")),
		Review:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "review the changes, then send them")),
		Revert:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "revert the field to its loaded value")),
		Undo:      key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "undo the field's last change")),
		Expand:    key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "edit a JSON field on several lines")),
		Search:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "back to the search (edits stay in the draft)")),
		Text: textKeys{
			StartEnd:   key.NewBinding(key.WithKeys("ctrl+a", "ctrl+e"), key.WithHelp("ctrl+a/ctrl+e", "start / end of the text")),
			DeleteTo:   key.NewBinding(key.WithKeys("ctrl+u", "ctrl+k"), key.WithHelp("ctrl+u/ctrl+k", "delete to start / to end")),
			DeleteWord: key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace"), key.WithHelp("ctrl+w/alt+bksp", "delete the previous word")),
			DeleteNext: key.NewBinding(key.WithKeys("alt+d"), key.WithHelp("alt+d", "delete the next word")),
			Words:      key.NewBinding(key.WithKeys("alt+b", "alt+f", "ctrl+left", "ctrl+right"), key.WithHelp("alt+b/alt+f", "word left / right (also ctrl+←/→)")),
		},
		Choice: choiceKeys{
			Next:   key.NewBinding(key.WithKeys("right"), key.WithHelp(g.LeftKey+g.RightKey, "change the choice")),
			Prev:   key.NewBinding(key.WithKeys("left")),
			Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle Yes / No / not set")),
			// Pick stands for every letter: editor.onKey handles them, this
			// binding only draws the help line.
			Pick: key.NewBinding(key.WithKeys("a"), key.WithHelp("a-z", "pick the choice that starts with it, again for the next")),
		},
	}
}

// ShortHelp is the footer for the focused field's kind.
func (e *editor) ShortHelp() []key.Binding {
	k := e.keys
	short := func(b key.Binding, desc string) key.Binding {
		h := b.Help()
		return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(h.Key, desc))
	}
	next := short(k.Next, "next")
	next.SetHelp("tab", "next")
	// The same footer for every field: the keys of the field's kind are on
	// the detail line (editor.viewDetail), which changes with focus anyway.
	// Revert, paging and line editing are in the full help.
	return []key.Binding{next, short(k.Review, "review"), short(k.GoTo, "go to"),
		key.NewBinding(key.WithKeys("ctrl+n", "ctrl+p"), key.WithHelp("ctrl+n/p", "group"))}
}

// helpNote is a line under the form's full help.
func (e *editor) helpNote() string { return "Empty text clears a field (saved as null)." }

// FullHelp lists every key of the form, by purpose; the keys of the
// focused field's kind come first.
func (e *editor) FullHelp() [][]key.Binding {
	k := e.keys
	move := []key.Binding{k.Next, k.Prev, k.NextGroup, k.PrevGroup, k.PageDown, k.PageUp, k.GoTo, k.Search}
	act := []key.Binding{k.Review, k.Revert, k.Undo, k.Expand}
	text := []key.Binding{k.Text.StartEnd, k.Text.Words, k.Text.DeleteTo, k.Text.DeleteWord, k.Text.DeleteNext}
	choice := []key.Binding{k.Choice.Next, k.Choice.Pick, k.Choice.Toggle}
	if f := e.field(e.focus); !f.IsText() {
		return [][]key.Binding{choice, move, act, text}
	}
	return [][]key.Binding{text, move, act, choice}
}
