package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// quitDialog asks before leaving with unsaved changes (an overlay).
type quitDialog struct {
	c    *Common
	n    int
	d    dialog
	w, h int
}

func newQuitDialog(c *Common, unsaved int) *quitDialog {
	opts := []dialogOption{{"keep", "y", "Quit and keep them in a draft for next time"},
		{"discard", "d", "Discard them and quit"}, {"stay", "n", "Keep editing"}}
	if c.Drafts == nil {
		opts = []dialogOption{{"discard", "y", "Quit and discard them"}, {"stay", "n", "Keep editing"}}
	}
	return &quitDialog{c: c, n: unsaved,
		d: newDialog(c, fmt.Sprintf("Quit with %d unsaved change%s? Nothing has been sent.", unsaved, plural(unsaved)), opts)}
}

func (q *quitDialog) setSize(w, h int)          { q.w, q.h = w, h }
func (q *quitDialog) ShortHelp() []key.Binding  { return q.d.bindings() }
func (q *quitDialog) FullHelp() [][]key.Binding { return [][]key.Binding{q.d.bindings()} }
func (q *quitDialog) view() string              { return "\n" + indent(q.d.view(), "  ") }

func (q *quitDialog) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "esc" || k.String() == "ctrl+b") {
		return nil, quitMsg{}
	}
	switch q.d.update(msg) {
	case "keep":
		return nil, quitMsg{keep: true}
	case "discard":
		return nil, quitMsg{discard: true}
	case "stay":
		return nil, quitMsg{}
	}
	return nil, nil
}
