package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/ui/workflow"
)

// quitDialog asks before leaving (an overlay), with the session's question
// and answers (Session.QuitQuestion): keep the edits in the draft, discard
// them or stay; when no draft would keep them, save now, stay or discard;
// while a save is on its way, wait for it or leave keeping the draft.
type quitDialog struct {
	c     *Common
	q     workflow.QuitQuestion
	title string // sanitized, wrapped to the window by setSize
	d     dialog
	w, h  int
}

func newQuitDialog(c *Common, q workflow.QuitQuestion) *quitDialog {
	var opts []dialogOption
	for _, a := range q.Answers {
		opts = append(opts, dialogOption{value: workflow.QuitLetter(a), letter: workflow.QuitLetter(a), label: q.Words(a)})
	}
	d := &quitDialog{c: c, q: q, title: c.Theme.Safe(q.Title), d: newDialog(c, "", opts)}
	d.setSize(c.Width, c.Height)
	return d
}

// setSize wraps the title to the window, less the dialog's indent and border.
func (q *quitDialog) setSize(w, h int) {
	q.w, q.h = w, h
	q.d.sel.Title(ansi.Wrap(q.title, max(w-6, 20), " "))
}

func (q *quitDialog) ShortHelp() []key.Binding  { return q.d.bindings() }
func (q *quitDialog) FullHelp() [][]key.Binding { return [][]key.Binding{q.d.bindings()} }
func (q *quitDialog) view() string              { return "\n" + indent(q.d.view(), "  ") }

// onQuitKey answers a second ctrl+c: leave keeping the draft, when a draft
// keeps the edits; otherwise an answer is needed (nothing happens).
func (q *quitDialog) onQuitKey() tea.Msg {
	if q.q.Offers(workflow.QuitKeep) {
		return quitMsg{a: workflow.QuitKeep}
	}
	return nil
}

func (q *quitDialog) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "esc" || k.String() == "ctrl+b") {
		return nil, quitMsg{a: workflow.QuitStay}
	}
	if letter := q.d.update(msg); letter != "" {
		for _, a := range q.q.Answers {
			if workflow.QuitLetter(a) == letter {
				return nil, quitMsg{a: a}
			}
		}
	}
	return nil, nil
}
