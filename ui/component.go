package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// screen is the contract every screen and overlay meets (after soft-serve's
// common.Component): it owns its state, its key map and its drawing; the
// root only routes messages to the active one and switches screens when a
// screen says so.
//
// ShortHelp lists the keys that confirm and leave (enter, esc, or the
// screen's own answers) before any other: the footer drops bindings from
// the end when the window is narrow (see footer).
//
// update returns a command to run and, when the screen is done, a message
// for the root, which acts on it within the same Update. Screen changes must
// not wait for a round trip through the event loop: over SSH a burst of keys
// arrives in one read, and keys typed after Tab, ctrl+g's Enter or a
// dialog's answer would otherwise land in the screen being left.
type screen interface {
	update(msg tea.Msg) (tea.Cmd, tea.Msg)
	view() string
	setSize(width, height int)
	help.KeyMap // ShortHelp and FullHelp, drawn by bubbles help
}

// tabbed is a screen that draws a tab line under the header.
type tabbed interface {
	tabs(width int) string
}

// footer draws a screen's short help with bubbles help, always keeping the
// global keys (all keys, quit) at its end so every screen at every width
// says how to get help and how to leave. The screen's own bindings are cut
// here rather than by help's width: help adds an item that overflows when
// its ellipsis does not fit either.
func footer(c *Common, h help.Model, k help.KeyMap, global []key.Binding, width int) string {
	h.SetWidth(0)
	tail := h.ShortHelpView(global)
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	room := width - ansi.StringWidth(tail) - ansi.StringWidth(sep)
	var bs []key.Binding
	for _, b := range k.ShortHelp() {
		if b.Enabled() {
			bs = append(bs, b)
		}
	}
	for n := len(bs); n > 0; n-- {
		head := h.ShortHelpView(bs[:n])
		if n < len(bs) {
			head += " " + h.Styles.Ellipsis.Render(h.Ellipsis)
		}
		if ansi.StringWidth(head) <= room {
			return head + sep + tail
		}
	}
	// Not even the first binding fits whole: it is the one that confirms
	// (see screen), so its description is cut rather than the key dropped.
	if len(bs) > 0 {
		first := bs[0]
		keyW := ansi.StringWidth(first.Help().Key) + 1
		if room-keyW >= 2 {
			first.SetHelp(first.Help().Key, ansi.Truncate(first.Help().Desc, room-keyW, h.Ellipsis))
			return h.ShortHelpView([]key.Binding{first}) + sep + tail
		}
	}
	return ansi.Truncate(tail, width, c.Theme.G.Ellipsis)
}

// brief is b with a shorter description, for a footer; help keeps the
// long one.
func brief(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// bindings is a help.KeyMap from plain lists, for screens whose keys change
// with their state.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }
