package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

// review is the diff preview: only the changed fields, before → after (a
// JSON value as the paths that changed), then the edits kept in the draft
// but not sent (fields the server no longer sends); or the exact JSON body
// that will be sent, in a scrolling body. A change can be reverted or
// trimmed here, a held edit dropped.
type review struct {
	c        *Common
	id       string
	keys     reviewKeys
	changes  []forms.Change
	held     []forms.Change // edits of fields the server no longer sends: kept, not sent
	invalid  []forms.Invalid
	body     string
	showJSON bool
	sel      int     // the selected item: a change, then a held edit
	confirm  *dialog // set while asking before reverting everything
	sc       scroller
	w, h     int
}

type reviewKeys struct {
	Send, JSON, Back, FixFirst, Quit  key.Binding
	Up, Down, Revert, RevertAll, Trim key.Binding
}

// Requests from the review to the root, which routes them to the form (it
// changes the record and writes the draft) and opens a fresh review with
// the selection at sel.
type (
	revertFieldsMsg struct {
		names []string
		sel   int
	}
	trimFieldMsg struct {
		name string
		sel  int
	}
	dropHeldMsg struct {
		name string
		sel  int
	}
)

// newReview takes the diff the editor's record keeps current; it does not
// diff again. Identifiers are masked as the form masks them.
func newReview(c *Common, id string, ed *editor) *review { return newReviewAt(c, id, ed, 0) }

// newReviewAt is newReview with item sel selected.
func newReviewAt(c *Common, id string, ed *editor, sel int) *review {
	rec := ed.rec
	g := c.Theme.G
	r := &review{c: c, id: id, changes: rec.Changes(), held: rec.Held(), invalid: rec.Invalids(), sc: newScroller(c),
		body: prettyJSON(forms.Patch(rec.Changes())),
		keys: reviewKeys{
			Send:      key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", "send")),
			JSON:      key.NewBinding(key.WithKeys("j"), key.WithHelp("j", "show the exact JSON body")),
			Back:      key.NewBinding(key.WithKeys("esc", "ctrl+b", "n", "ctrl+s"), key.WithHelp("esc/n", "keep editing")),
			FixFirst:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to the first invalid field")),
			Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
			Up:        key.NewBinding(key.WithKeys("up", "shift+tab", "ctrl+p"), key.WithHelp(g.UpKey+"/"+g.DownKey, "choose a change")),
			Down:      key.NewBinding(key.WithKeys("down", "tab", "ctrl+n")),
			Revert:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "revert the chosen change (drop a kept edit)")),
			RevertAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "revert every change (asks first)")),
			Trim:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "trim the spaces at its edges")),
		}}
	switch {
	case len(r.invalid) > 0:
		for _, b := range []*key.Binding{&r.keys.Send, &r.keys.JSON, &r.keys.Up, &r.keys.Down, &r.keys.Revert, &r.keys.RevertAll} {
			b.SetEnabled(false)
		}
	case len(r.changes) == 0:
		r.keys.Send = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "back to editing"))
		for _, b := range []*key.Binding{&r.keys.JSON, &r.keys.FixFirst, &r.keys.RevertAll} {
			b.SetEnabled(false)
		}
	default:
		r.keys.FixFirst.SetEnabled(false)
	}
	r.sel = min(max(sel, 0), max(r.items()-1, 0))
	r.syncKeys()
	return r
}

// items is how many items can be chosen: the changes, then the held edits.
func (r *review) items() int { return len(r.changes) + len(r.held) }

// prettyJSON indents a JSON body for reading; it is sent compact. A body
// over the JSON limits is shown as it is (indenting one nested thousands of
// levels deep would be huge).
func prettyJSON(b []byte) string {
	var out bytes.Buffer
	if jsonlimit.Check(b, jsonlimit.Default()) != nil || json.Indent(&out, b, "", "  ") != nil {
		return string(b)
	}
	return out.String()
}

// edgeSpaced reports whether a change's new value is text with spaces at
// its edges.
func edgeSpaced(ch forms.Change) bool {
	s, ok := jsonlimit.String(ch.After)
	return ok && s != "" && strings.TrimSpace(s) != s
}

// syncKeys enables the keys that do something now.
func (r *review) syncKeys() {
	list := r.items() > 0 && len(r.invalid) == 0 && !r.showJSON
	onChange := list && r.sel < len(r.changes)
	r.keys.Trim.SetEnabled(onChange && edgeSpaced(r.changes[r.sel]))
	r.keys.Revert.SetEnabled(list)
	r.keys.Up.SetEnabled(list)
	r.keys.Down.SetEnabled(list)
	r.keys.RevertAll.SetEnabled(len(r.changes) > 0 && len(r.invalid) == 0 && !r.showJSON)
	if r.showJSON {
		r.keys.JSON.SetHelp("j", "back to the fields")
	} else {
		r.keys.JSON.SetHelp("j", "show the exact JSON body")
	}
}

func (r *review) setSize(w, h int) { r.w, r.h = w, h }

// ShortHelp keeps the keys that confirm and leave first, so that they stay
// when the footer is cut to a narrow window.
func (r *review) ShortHelp() []key.Binding {
	if r.confirm != nil {
		return r.confirm.bindings()
	}
	short := func(b key.Binding, k, desc string) key.Binding {
		b.SetHelp(k, desc)
		return b
	}
	if r.showJSON {
		return []key.Binding{short(r.keys.JSON, "j", "fields"), short(r.keys.Send, "enter", "send"), short(r.keys.Back, "esc", "back")}
	}
	out := []key.Binding{short(r.keys.FixFirst, "enter", "fix it"), short(r.keys.Send, "enter", "send"), short(r.keys.Back, "esc", "back")}
	if len(r.changes) == 0 && len(r.invalid) == 0 {
		// Nothing to send: enter goes back to editing, as esc does.
		out = []key.Binding{short(r.keys.Send, "enter/esc", "back")}
	}
	out = append(out, r.sc.help()...)
	return append(out, short(r.keys.Trim, "t", "trim"), short(r.keys.Revert, "r", "revert"), short(r.keys.JSON, "j", "JSON"))
}

// FullHelp lists every key the review takes: only the question's while
// it asks before reverting everything.
func (r *review) FullHelp() [][]key.Binding {
	if r.confirm != nil {
		return [][]key.Binding{r.confirm.bindings()}
	}
	return [][]key.Binding{{r.keys.FixFirst, r.keys.Send, r.keys.Back, r.keys.JSON, r.keys.Quit},
		{r.keys.Up, r.keys.Revert, r.keys.RevertAll, r.keys.Trim},
		{r.sc.keys.PageDown, r.sc.keys.PageUp, r.sc.keys.Top, r.sc.keys.Bottom}}
}

func (r *review) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	if r.confirm != nil {
		switch r.confirm.update(msg) {
		case "yes":
			names := make([]string, len(r.changes))
			for i, ch := range r.changes {
				names[i] = ch.Field.Name
			}
			r.confirm = nil
			return nil, revertFieldsMsg{names: names}
		case "no":
			r.confirm = nil
		}
		return nil, nil
	}
	last := max(r.items()-1, 0)
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
		r.sc.vp.GotoTop()
	case key.Matches(k, r.keys.Up) && !r.showJSON:
		r.sel = max(r.sel-1, 0)
	case key.Matches(k, r.keys.Down) && !r.showJSON:
		r.sel = min(r.sel+1, last)
	case key.Matches(k, r.keys.Revert) && !r.showJSON && r.sel < len(r.changes):
		return nil, revertFieldsMsg{names: []string{r.changes[r.sel].Field.Name}, sel: r.sel}
	case key.Matches(k, r.keys.Revert) && !r.showJSON && r.sel < r.items():
		return nil, dropHeldMsg{name: r.held[r.sel-len(r.changes)].Field.Name, sel: r.sel}
	case key.Matches(k, r.keys.RevertAll):
		opts := []dialogOption{{"no", "n", "No, keep them"}, {"yes", "y", "Yes, revert every change"}}
		q := fmt.Sprintf("Revert all %d changes to the loaded values?", len(r.changes))
		if len(r.changes) == 1 {
			q, opts = "Revert the change to its loaded value?", []dialogOption{{"no", "n", "No, keep it"}, {"yes", "y", "Yes, revert it"}}
		}
		d := newDialog(r.c, q, opts)
		r.confirm = &d
	case key.Matches(k, r.keys.Trim):
		return nil, trimFieldMsg{name: r.changes[r.sel].Field.Name, sel: r.sel}
	case key.Matches(k, r.keys.Quit):
		return nil, quitRequestedMsg{}
	case !r.showJSON && key.Matches(k, r.sc.keys.PageDown, r.sc.keys.PageUp, r.sc.keys.Top, r.sc.keys.Bottom):
		// The list follows the selection: paging moves it.
		step := max(r.h/3, 1)
		switch {
		case key.Matches(k, r.sc.keys.PageDown):
			r.sel = min(r.sel+step, last)
		case key.Matches(k, r.sc.keys.PageUp):
			r.sel = max(r.sel-step, 0)
		case key.Matches(k, r.sc.keys.Top):
			r.sel = 0
		default:
			r.sel = last
		}
	default:
		r.sc.update(k)
	}
	r.syncKeys()
	return nil, nil
}

func (r *review) view() string {
	lines, top, bottom := r.lines(r.w)
	if r.confirm != nil {
		return strings.Join(lines[:min(2, len(lines))], "\n") + "\n" + r.confirm.view()
	}
	r.sc.setSize(r.w, r.h)
	r.sc.setLines(lines)
	if !r.showJSON {
		if r.sel == 0 {
			top = 0 // the title too
		}
		r.sc.ensureVisible(top, bottom)
	}
	return r.sc.view()
}
