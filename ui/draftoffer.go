package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/ui/workflow"
)

// draftOffer is shown when the customer opened has a draft from an earlier
// session: what it changes, and a dialog to restore or discard it.
type draftOffer struct {
	c    *Common
	chk  workflow.DraftCheck
	d    dialog
	sc   scroller
	w, h int
}

// newDraftOffer shows the draft the session offers (Session.Offer).
func newDraftOffer(c *Common, chk *workflow.DraftCheck) *draftOffer {
	return &draftOffer{c: c, chk: *chk, sc: newScroller(c),
		d: newDialog(c, "What should happen to them?", []dialogOption{
			{"restore", "r", "Restore them"}, {"discard", "d", "Discard the draft"}, {"quit", "q", "Quit (keep the draft)"}})}
}

func (o *draftOffer) setSize(w, h int)          { o.w, o.h = w, h }
func (o *draftOffer) ShortHelp() []key.Binding  { return append(o.d.bindings(), o.sc.help()...) }
func (o *draftOffer) FullHelp() [][]key.Binding { return [][]key.Binding{o.d.bindings()} }

func (o *draftOffer) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !o.d.takes(k) && o.sc.update(k) {
		return nil, nil
	}
	switch o.d.update(msg) {
	case "restore":
		return nil, draftAnswerMsg{a: workflow.DraftRestore}
	case "discard":
		return nil, draftAnswerMsg{a: workflow.DraftDiscard}
	case "quit":
		return nil, draftAnswerMsg{a: workflow.DraftKeep} // the draft stays for next time
	}
	return nil, nil
}

// view keeps the dialog at the bottom, always visible; the list of fields
// above it scrolls when the window is short.
func (o *draftOffer) view() string {
	t := o.c.Theme
	d := o.chk.Draft
	n := len(o.chk.Changes)
	lines := wrap(t.S.Warn.Bold(true).Render(fmt.Sprintf("Unsaved changes from an earlier session: %d field%s.", n, plural(n))), o.w-2)
	lines = append(lines, t.S.Subtle.Render(fmt.Sprintf("Draft saved %s (%s).", d.SavedAt.In(o.c.Zone).Format("Mon 2 Jan 15:04"),
		since(o.c.Now().Sub(d.SavedAt)))), "")
	for _, c := range o.chk.Changes {
		lines = append(lines, ansi.Truncate("  "+t.S.Changed.Render(t.G.Changed)+" "+c.Field.Label+" "+t.S.APIName.Render("("+c.Field.Name+")"), o.w-1, t.G.Ellipsis))
	}
	lines = append(lines, "")
	lines = append(lines, wrap(t.S.Subtle.Render("Restoring checks each field against the record as it is now; "+
		"anything someone else changed meanwhile is shown side by side."), o.w-2)...)
	dlg := strings.Split(o.d.view(), "\n")
	o.sc.setSize(o.w, max(o.h-len(dlg)-1, 1))
	o.sc.setLines(indentLines(lines, " "))
	return o.sc.view() + "\n\n" + indent(o.d.view(), " ")
}

// since says how long ago, for people.
func since(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// indent prefixes every line of s.
func indent(s, p string) string { return strings.Join(indentLines(strings.Split(s, "\n"), p), "\n") }

func indentLines(ls []string, p string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = p + l
	}
	return out
}
