package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/draft"
)

// lockPrompt is shown when another ccedit session holds the customer's
// draft lock: who holds it and since when, and a dialog to open the
// customer without a draft (only if the agent agrees), look again, or
// quit. Two sessions writing one draft would lose one's edits.
type lockPrompt struct {
	c      *Common
	holder draft.Holder
	cust   *apiclient.Customer // the record as loaded, opened if the agent agrees
	again  bool                // looked again and it was still held
	d      dialog
	w, h   int
}

func newLockPrompt(c *Common, h draft.Holder, cust *apiclient.Customer) *lockPrompt {
	return &lockPrompt{c: c, holder: h, cust: cust,
		d: newDialog(c, "What should this session do?", []dialogOption{
			{"open", "o", "Open it without a draft: edits stay only in memory until saved"},
			{"retry", "r", "Look again (once the other session has ended)"},
			{"quit", "q", "Quit"}})}
}

// holderText says who holds a lock: "pid 4242 on jump1, since Sat 28 Nov
// 14:05", or "" when the lock file did not say.
func holderText(c *Common, h draft.Holder) string {
	if h.PID == 0 {
		return ""
	}
	s := fmt.Sprintf("pid %d", h.PID)
	if h.Host != "" {
		s += " on " + h.Host
	}
	return s + ", since " + h.Since.In(c.Zone).Format("Mon 2 Jan 15:04")
}

// noJournalReason is what the banner and the exit message say about a
// session opened without a draft.
func noJournalReason(c *Common, h draft.Holder) string {
	if who := holderText(c, h); who != "" {
		return "another ccedit session, " + who + ", has this customer's draft"
	}
	return "another ccedit session has this customer's draft"
}

func (p *lockPrompt) setSize(w, h int)          { p.w, p.h = w, h }
func (p *lockPrompt) ShortHelp() []key.Binding  { return p.d.bindings() }
func (p *lockPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.d.bindings()} }

func (p *lockPrompt) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch p.d.update(msg) {
	case "open":
		return nil, lockAnswerMsg{open: true}
	case "retry":
		return nil, lockAnswerMsg{retry: true}
	case "quit":
		return nil, lockAnswerMsg{}
	}
	return nil, nil
}

func (p *lockPrompt) view() string {
	t := p.c.Theme
	w := max(p.w-4, 10)
	para := func(s string) []string { return strings.Split(ansi.Wrap(s, w, ""), "\n") }
	lines := []string{""}
	lines = append(lines, t.S.Warn.Bold(true).Render("This customer is open in another ccedit session."))
	if who := holderText(p.c, p.holder); who != "" {
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

// onLockAnswer acts on the lock prompt's answer.
func (m Model) onLockAnswer(msg lockAnswerMsg) (Model, tea.Cmd) {
	p, ok := m.active.(*lockPrompt)
	if !ok {
		return m, nil
	}
	switch {
	case msg.open:
		m.noJournal = noJournalReason(m.c, p.holder)
		m.c.Drafts = nil // nothing is read, written or deleted
		return m.open(p.cust), nil
	case msg.retry:
		var le *draft.LockedError
		if err := m.c.Drafts.Lock(m.id); errors.As(err, &le) {
			p.holder, p.again = le.Holder, true
			return m, nil
		}
		return m.load() // read it again: the other session may have saved
	}
	m.noJournal = noJournalReason(m.c, p.holder) // its draft is not this session's to report
	return m, tea.Quit
}
