package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/workflow"
)

// review is the diff preview: only the changed fields, before → after, or
// the exact JSON body that will be sent, in a scrolling body.
type review struct {
	c        *Common
	id       string
	keys     reviewKeys
	changes  []forms.Change
	invalid  []forms.Invalid
	body     string
	showJSON bool
	sc       scroller
	w, h     int
}

type reviewKeys struct {
	Send, JSON, Back, FixFirst, Quit key.Binding
}

// newReview takes the diff the record keeps current; it does not diff again.
func newReview(c *Common, id string, rec *workflow.Record) *review {
	r := &review{c: c, id: id, changes: rec.Changes(), invalid: rec.Invalids(), sc: newScroller(c),
		body: string(forms.Patch(rec.Changes())),
		keys: reviewKeys{
			Send:     key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", "send")),
			JSON:     key.NewBinding(key.WithKeys("j"), key.WithHelp("j", "show the JSON body")),
			Back:     key.NewBinding(key.WithKeys("esc", "ctrl+b", "n", "ctrl+s"), key.WithHelp("esc/n", "keep editing")),
			FixFirst: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to the first invalid field")),
			Quit:     key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		}}
	switch {
	case len(r.invalid) > 0:
		r.keys.Send.SetEnabled(false)
		r.keys.JSON.SetEnabled(false)
	case len(r.changes) == 0:
		r.keys.Send = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "back to editing"))
		r.keys.JSON.SetEnabled(false)
		r.keys.FixFirst.SetEnabled(false)
	default:
		r.keys.FixFirst.SetEnabled(false)
	}
	r.layout()
	return r
}

func (r *review) setSize(w, h int) { r.w, r.h = w, h; r.layout() }

func (r *review) ShortHelp() []key.Binding {
	short := func(b key.Binding, k, desc string) key.Binding {
		b.SetHelp(k, desc)
		return b
	}
	return append([]key.Binding{r.keys.FixFirst, short(r.keys.Send, "enter", "send"), short(r.keys.Back, "esc", "back"),
		short(r.keys.JSON, "j", "JSON")}, r.sc.help()...)
}

func (r *review) FullHelp() [][]key.Binding {
	return [][]key.Binding{{r.keys.FixFirst, r.keys.Send, r.keys.JSON, r.keys.Back, r.keys.Quit},
		{r.sc.keys.Down, r.sc.keys.Up, r.sc.keys.PageDown, r.sc.keys.PageUp, r.sc.keys.Top, r.sc.keys.Bottom}}
}

func (r *review) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	switch {
	case key.Matches(k, r.keys.FixFirst):
		return nil, focusFieldMsg{index: r.c.Schema.Index(r.invalid[0].Field.Name)}
	case key.Matches(k, r.keys.Send) && len(r.changes) == 0:
		return nil, backToEditorMsg{}
	case key.Matches(k, r.keys.Send):
		return nil, saveRequestedMsg{}
	case key.Matches(k, r.keys.Back):
		return nil, backToEditorMsg{}
	case key.Matches(k, r.keys.JSON):
		r.showJSON = !r.showJSON
		if r.showJSON {
			r.keys.JSON.SetHelp("j", "show the fields")
		} else {
			r.keys.JSON.SetHelp("j", "show the JSON body")
		}
		r.layout()
		r.sc.vp.GotoTop()
	case key.Matches(k, r.keys.Quit):
		return nil, quitRequestedMsg{}
	default:
		r.sc.update(k)
	}
	return nil, nil
}

func (r *review) view() string { return r.sc.view() }

// layout builds the body's lines for the current width.
func (r *review) layout() {
	if r.w == 0 {
		return
	}
	r.sc.setSize(r.w, r.h)
	r.sc.setLines(r.lines(r.w))
}

func (r *review) lines(width int) []string {
	t := r.c.Theme
	var lines []string
	switch {
	case len(r.invalid) > 0:
		n := len(r.invalid)
		verb := "are"
		if n == 1 {
			verb = "is"
		}
		lines = append(lines, t.S.Error.Bold(true).Render(fmt.Sprintf("Can't save yet: %d field%s %s invalid.", n, plural(n), verb)), "")
		for _, in := range r.invalid {
			lines = append(lines, t.S.Error.Render(t.G.Invalid)+" "+t.S.Subtle.Render(fmt.Sprintf("%-18s", in.Field.Group.String()))+
				in.Field.Label+" "+t.S.APIName.Render("("+in.Field.Name+")"))
			for _, l := range wrap(in.Err.Error(), width-4) {
				lines = append(lines, "    "+t.S.Error.Render(l))
			}
		}
		return lines
	case len(r.changes) == 0:
		return []string{t.S.Title.Render("Nothing changed."), "", "Nothing will be sent to the API."}
	}
	title := fmt.Sprintf("Review: %d change%s to send", len(r.changes), plural(len(r.changes)))
	lines = append(lines, t.S.Title.Render(title)+
		t.S.Subtle.Render(ansi.Truncate(" as PATCH /v2/customers/"+r.id, width-ansi.StringWidth(title), t.G.Ellipsis)), "")
	if r.showJSON {
		lines = append(lines, t.S.Subtle.Render("Exact request body (Content-Type: application/json):"))
		for _, l := range wrapPlain(r.body, width-2) {
			lines = append(lines, "  "+t.Safe(l))
		}
		return lines
	}
	const groupW = 18
	for _, ch := range r.changes {
		name := fmt.Sprintf("%s %s", ch.Field.Label, t.S.APIName.Render("("+ch.Field.Name+")"))
		lines = append(lines, t.S.Changed.Render(t.G.Changed)+" "+
			t.S.Subtle.Render(fmt.Sprintf("%-*s", groupW, ch.Field.Group.String()))+name)
		valW := (width - 8 - ansi.StringWidth(t.G.Arrow)) / 2
		lines = append(lines, "    "+t.S.Before.Render(rawDisplay(t, ch.Before, valW))+" "+t.G.Arrow+" "+
			t.S.After.Render(rawDisplay(t, ch.After, valW)))
	}
	return lines
}

// wrapPlain cuts s into lines of at most w cells; the body is JSON, so
// cutting anywhere is fine for display.
func wrapPlain(s string, w int) []string {
	if w < 10 {
		w = 10
	}
	var out []string
	for ansi.StringWidth(s) > w {
		cut := ansi.Truncate(s, w, "")
		out = append(out, cut)
		s = s[len(cut):]
	}
	return append(out, s)
}

// wrap word-wraps already-sanitized text to w cells, at most 4 lines.
func wrap(s string, w int) []string {
	ls := strings.Split(ansi.Wrap(s, max(w, 10), ""), "\n")
	if len(ls) > 4 {
		ls = ls[:4]
	}
	return ls
}
