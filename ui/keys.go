package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every binding ccedit answers to. Each action has a plain control
// key: nothing depends on Esc alone (tmux delays it), Shift+Enter or
// function keys.
type KeyMap struct {
	Next, Prev             key.Binding
	NextGroup, PrevGroup   key.Binding
	GoTo, Review, Revert   key.Binding
	Help, Quit, ForceQ     key.Binding
	Back, Confirm, JSON    key.Binding
	Retry                  key.Binding
	ChoiceNext, ChoicePrev key.Binding
}

// DefaultKeyMap returns the bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:       key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab/down", "next field")),
		Prev:       key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/up", "previous field")),
		NextGroup:  key.NewBinding(key.WithKeys("ctrl+n", "pgdown"), key.WithHelp("ctrl+n/pgdn", "next group")),
		PrevGroup:  key.NewBinding(key.WithKeys("ctrl+p", "pgup"), key.WithHelp("ctrl+p/pgup", "previous group")),
		GoTo:       key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "go to field")),
		Review:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "review & save")),
		Revert:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "revert field")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQ:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back:       key.NewBinding(key.WithKeys("esc", "ctrl+b", "n"), key.WithHelp("esc/ctrl+b", "back")),
		Confirm:    key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", "send")),
		JSON:       key.NewBinding(key.WithKeys("j"), key.WithHelp("j", "show JSON body")),
		Retry:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		ChoiceNext: key.NewBinding(key.WithKeys("right", "space", "l"), key.WithHelp("left/right/space", "change choice")),
		ChoicePrev: key.NewBinding(key.WithKeys("left", "h")),
	}
}
