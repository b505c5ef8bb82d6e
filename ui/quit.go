package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// quitDialog asks before leaving with unsaved changes (an overlay). When
// nothing would keep them (drafts cannot be written, or this session keeps
// none) it never offers to keep them: save now, stay, or discard.
type quitDialog struct {
	c       *Common
	n       int
	problem string // why the edits would not be kept; "" when the draft holds them
	title   string // sanitized, wrapped to the window by setSize
	d       dialog
	w, h    int
}

func newQuitDialog(c *Common, unsaved int, problem string) *quitDialog {
	title := fmt.Sprintf("Quit with %d unsaved change%s? Nothing has been sent.", unsaved, plural(unsaved))
	opts := []dialogOption{{"keep", "y", "Quit and keep them in a draft for next time"},
		{"discard", "d", "Discard them and quit"}, {"stay", "n", "Keep editing"}}
	if problem != "" {
		title = fmt.Sprintf("Quit with %d unsaved change%s? No draft holds them (%s): leaving now loses them.",
			unsaved, plural(unsaved), problem)
		opts = []dialogOption{{"save", "s", "Review and save them now"}, {"stay", "n", "Keep editing"},
			{"discard", "d", "Discard them and quit"}}
	}
	q := &quitDialog{c: c, n: unsaved, problem: problem, title: c.Theme.Safe(title), d: newDialog(c, "", opts)}
	q.setSize(c.Width, c.Height)
	return q
}

// setSize wraps the title to the window, less the dialog's indent and border.
func (q *quitDialog) setSize(w, h int) {
	q.w, q.h = w, h
	q.d.sel.Title(ansi.Wrap(q.title, max(w-6, 20), ""))
}

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
	case "save":
		return nil, quitMsg{save: true}
	case "stay":
		return nil, quitMsg{}
	}
	return nil, nil
}
