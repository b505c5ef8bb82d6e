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

// textKeys are the line-editing keys of a text field: editLine matches
// keys with them, and help draws them, so the two cannot drift.
type textKeys struct {
	Left, Right, Start, End           key.Binding
	WordLeft, WordRight               key.Binding
	Backspace, Delete                 key.Binding
	DeleteToStart, DeleteToEnd        key.Binding
	DeleteWordBefore, DeleteWordAfter key.Binding
}

// choiceKeys are the keys of a list field. A letter picks the next option
// that starts with it, so no letter has another meaning on a list.
type choiceKeys struct {
	Next, Prev, Toggle, Pick key.Binding
}

func newEditorKeys(c *Common) editorKeys {
	g := c.Theme.G
	return editorKeys{
		Next:      key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab/enter/"+g.DownKey, "next field")),
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
			Left:             key.NewBinding(key.WithKeys("left", "ctrl+b"), key.WithHelp(g.LeftKey+"/ctrl+b", "a character left")),
			Right:            key.NewBinding(key.WithKeys("right", "ctrl+f"), key.WithHelp(g.RightKey+"/ctrl+f", "a character right")),
			Start:            key.NewBinding(key.WithKeys("home", "ctrl+a"), key.WithHelp("home/ctrl+a", "start of the text")),
			End:              key.NewBinding(key.WithKeys("end", "ctrl+e"), key.WithHelp("end/ctrl+e", "end of the text")),
			WordLeft:         key.NewBinding(key.WithKeys("alt+b", "ctrl+left", "alt+left"), key.WithHelp("alt+b/ctrl+"+g.LeftKey, "a word left")),
			WordRight:        key.NewBinding(key.WithKeys("alt+f", "ctrl+right", "alt+right"), key.WithHelp("alt+f/ctrl+"+g.RightKey, "a word right")),
			Backspace:        key.NewBinding(key.WithKeys("backspace", "ctrl+h"), key.WithHelp("bksp/ctrl+h", "delete the character before")),
			Delete:           key.NewBinding(key.WithKeys("delete", "ctrl+d"), key.WithHelp("del/ctrl+d", "delete the character under")),
			DeleteToStart:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to the start (all, from the end)")),
			DeleteToEnd:      key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete to the end")),
			DeleteWordBefore: key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace"), key.WithHelp("ctrl+w/alt+bksp", "delete the previous word")),
			DeleteWordAfter:  key.NewBinding(key.WithKeys("alt+d", "alt+delete"), key.WithHelp("alt+d", "delete the next word")),
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
	text := k.Text.help(e.c.Theme.G.LeftKey, e.c.Theme.G.RightKey)
	choice := []key.Binding{k.Choice.Next, k.Choice.Pick, k.Choice.Toggle}
	if f := e.field(e.focus); !f.IsText() {
		return [][]key.Binding{choice, move, act, text}
	}
	return [][]key.Binding{text, move, act, choice}
}

// help is the text keys for the full help, two to a line: each line's
// binding holds both bindings' keys, so a test can check that every key
// help names is one editLine takes.
func (t textKeys) help(left, right string) []key.Binding {
	pair := func(a, b key.Binding, keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(keys, desc))
	}
	return []key.Binding{
		pair(t.Left, t.Right, left+right+" ctrl+b/f", "a character left / right"),
		pair(t.Start, t.End, "home/end ctrl+a/e", "start / end of the text"),
		pair(t.WordLeft, t.WordRight, "alt+b/f ctrl+"+left+right, "a word left / right"),
		pair(t.Backspace, t.Delete, "bksp/del ctrl+h/d", "delete the character before / under"),
		pair(t.DeleteToStart, t.DeleteToEnd, "ctrl+u/k", "delete to the start / to the end"),
		pair(t.DeleteWordBefore, t.DeleteWordAfter, "ctrl+w/alt+d", "delete the word before / after"),
	}
}
