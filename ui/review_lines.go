package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// lines draws the review for width cells; top and bottom bound the
// selected change's lines, which the view keeps in sight.
func (r *review) lines(width int) (lines []string, top, bottom int) {
	t := r.c.Theme
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
		return lines, 0, 0
	case len(r.changes) == 0 && len(r.held) == 0:
		return []string{t.S.Title.Render("Nothing changed."), "", "Nothing will be sent to the API."}, 0, 0
	case len(r.changes) == 0:
		lines = append(lines, t.S.Title.Render("Nothing to send."), "")
		return r.heldLines(lines, width, &top, &bottom), top, bottom
	}
	title := fmt.Sprintf("Review: %d change%s to send", len(r.changes), plural(len(r.changes)))
	lines = append(lines, t.S.Title.Render(title)+
		t.S.Subtle.Render(ansi.Truncate(" as PATCH /v2/customers/"+r.id, width-ansi.StringWidth(title), t.G.Ellipsis)), "")
	if r.showJSON {
		lines = append(lines, t.S.Subtle.Render("Exact request body (Content-Type: application/json), sent compact:"))
		for _, l := range strings.Split(r.body, "\n") {
			for _, w := range strings.Split(ansi.Wrap(l, max(width-4, 10), ","), "\n") {
				lines = append(lines, "  "+t.Safe(w))
			}
		}
		return lines, 0, 0
	}
	const groupW = 18
	valW := (width - 8 - ansi.StringWidth(t.G.Arrow)) / 2
	for i, ch := range r.changes {
		ptr := t.S.Changed.Render(t.G.Changed)
		if i == r.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus)
			top = len(lines)
		}
		name := fmt.Sprintf("%s %s", ch.Field.Label, t.S.APIName.Render("("+ch.Field.Name+")"))
		lines = append(lines, ptr+" "+t.S.Subtle.Render(fmt.Sprintf("%-*s", groupW, ch.Field.Group.String()))+name)
		if ch.Field.Kind == forms.JSON {
			lines = append(lines, r.jsonLines(ch, width)...)
		} else {
			lines = append(lines, "    "+t.S.Before.Render(r.display(ch.Field, ch.Before, valW, false))+" "+t.G.Arrow+" "+
				t.S.After.Render(r.display(ch.Field, ch.After, valW, true)))
		}
		if edgeSpaced(ch) {
			lines = append(lines, "    "+t.S.Warn.Render("starts or ends with a space (t trims it)"))
		}
		if i == r.sel {
			bottom = len(lines)
		}
	}
	return r.heldLines(lines, width, &top, &bottom), top, bottom
}

// heldLines lists the edits kept in the draft and never sent: fields the
// server no longer sends.
func (r *review) heldLines(lines []string, width int, top, bottom *int) []string {
	if len(r.held) == 0 {
		return lines
	}
	t := r.c.Theme
	lines = append(lines, "", t.S.Warn.Render(ansi.Truncate("Kept in the draft, not sent: the server no longer sends these fields.", width, t.G.Ellipsis)))
	valW := width - 8
	for k, h := range r.held {
		i := len(r.changes) + k
		ptr := t.S.Changed.Render(t.G.Changed)
		if i == r.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus)
			*top = len(lines)
		}
		lines = append(lines, ptr+" "+t.S.Subtle.Render(fmt.Sprintf("%-18s", h.Field.Group.String()))+
			h.Field.Label+" "+t.S.APIName.Render("("+h.Field.Name+")"),
			"    "+t.S.After.Render(r.display(h.Field, h.After, valW, true))+"  "+t.S.Subtle.Render("(r drops it)"))
		if i == r.sel {
			*bottom = len(lines)
		}
	}
	return lines
}

// jsonLines shows a JSON value's change as the paths that changed, added
// and removed keys included; the whole body is one key (j) away.
func (r *review) jsonLines(ch forms.Change, width int) []string {
	t := r.c.Theme
	paths := forms.JSONPaths(ch.Before, ch.After)
	const most = 12
	var out []string
	for k, p := range paths {
		if k == most {
			out = append(out, "    "+t.S.Subtle.Render(fmt.Sprintf("%s %d more (j shows the whole body)", t.G.Ellipsis, len(paths)-most)))
			break
		}
		path := p.Path
		if path == "" {
			path = "(whole value)"
		}
		valW := max((width-8-ansi.StringWidth(path)-ansi.StringWidth(t.G.Arrow))/2, 8)
		var s string
		switch {
		case p.Before == nil:
			s = t.S.After.Render("+ "+t.Safe(path)+": ") + t.S.After.Render(rawDisplay(t, p.After, valW))
		case p.After == nil:
			s = t.S.Before.Render("- "+t.Safe(path)+": ") + t.S.Before.Render(rawDisplay(t, p.Before, valW))
		default:
			s = t.Safe(path) + ": " + t.S.Before.Render(rawDisplay(t, p.Before, valW)) + " " + t.G.Arrow + " " +
				t.S.After.Render(rawDisplay(t, p.After, valW))
		}
		out = append(out, "    "+ansi.Truncate(s, width-4, t.G.Ellipsis))
	}
	return out
}

// wrap word-wraps already-sanitized text to w cells, at most 4 lines.
func wrap(s string, w int) []string {
	ls := strings.Split(ansi.Wrap(s, max(w, 10), ""), "\n")
	if len(ls) > 4 {
		ls = ls[:4]
	}
	return ls
}

// display is a raw value as the review shows it, in the form's words
// (forms.Say): Yes / No / not set, null (cleared), masked like the form
// masks it unless revealed. set says it is the value the agent set.
func (r *review) display(f *forms.Field, raw json.RawMessage, w int, set bool) string {
	return sayRaw(r.c, f, raw, set, w)
}
