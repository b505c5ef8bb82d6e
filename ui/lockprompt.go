package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// lockPrompt is shown when another ccedit session holds the customer's
// draft lock: who holds it and since when, and a dialog to open the
// customer without a draft (only if the agent agrees), look again, or
// quit. Two sessions writing one draft would lose one's edits; what each
// answer does is the session's (Session.AnswerLock).
type lockPrompt struct {
	c      *Common
	holder draft.Holder
	again  bool // looked again and it was still held
	d      dialog
	w, h   int
}

func newLockPrompt(c *Common, h draft.Holder, again bool) *lockPrompt {
	return &lockPrompt{c: c, holder: h, again: again,
		d: newDialog(c, "What should this session do?", []dialogOption{
			{"open", "o", "Open it without a draft: edits stay only in memory until saved"},
			{"retry", "r", "Look again (once the other session has ended)"},
			{"quit", "q", "Quit"}})}
}

func (p *lockPrompt) setSize(w, h int)          { p.w, p.h = w, h }
func (p *lockPrompt) ShortHelp() []key.Binding  { return p.d.bindings() }
func (p *lockPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.d.bindings()} }

func (p *lockPrompt) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch p.d.update(msg) {
	case "open":
		return nil, lockAnswerMsg{a: workflow.LockOpenWithoutDraft}
	case "retry":
		return nil, lockAnswerMsg{a: workflow.LockLookAgain}
	case "quit":
		return nil, lockAnswerMsg{a: workflow.LockQuit}
	}
	return nil, nil
}

func (p *lockPrompt) view() string {
	t := p.c.Theme
	w := max(p.w-4, 10)
	para := func(s string) []string { return strings.Split(ansi.Wrap(s, w, ""), "\n") }
	lines := []string{""}
	lines = append(lines, t.S.Warn.Bold(true).Render("This customer is open in another ccedit session."))
	if who := p.c.Sess.HolderText(p.holder); who != "" {
		lines = append(lines, t.Safe("It is "+who+"."))
	}
	if p.again {
		lines = append(lines, t.S.Subtle.Render("Looked again: it is still open there."))
	}
	lines = append(lines, "")
	lines = append(lines, para("That session keeps its unsaved edits in this customer's draft, and two sessions "+
		"writing one draft would lose edits. So this session can open the customer only without a draft: "+
		"its edits would be lost if the link dropped before they were saved.")...)
	lines = append(lines, "", "")
	return indent(strings.Join(lines, "\n")+p.d.view(), "  ")
}
