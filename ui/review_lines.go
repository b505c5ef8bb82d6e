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
			lines = append(lines, r.fieldRow(t.S.Error.Render(t.G.Invalid), in.Field, width))
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
		for _, l := range wrap("Exact request body (Content-Type: application/json), sent compact:", width) {
			lines = append(lines, t.S.Subtle.Render(l))
		}
		for _, l := range strings.Split(r.body, "\n") {
			for _, w := range strings.Split(ansi.Wrap(l, max(width-4, 10), ","), "\n") {
				lines = append(lines, "  "+t.Safe(w))
			}
		}
		return lines, 0, 0
	}
	valW := (width - 8 - ansi.StringWidth(t.G.Arrow)) / 2
	for i, ch := range r.changes {
		ptr := t.S.Changed.Render(t.G.Changed)
		if i == r.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus)
			top = len(lines)
		}
		lines = append(lines, r.fieldRow(ptr, ch.Field, width))
		if ch.Field.Kind == forms.JSON {
			lines = append(lines, r.jsonLines(ch, width)...)
		} else {
			b, a := forms.SayChange(ch.Field, ch.Before, ch.After, forms.SayOptions{Mask: r.c.masking()})
			lines = append(lines, "    "+t.S.Before.Render(drawSaid(r.c, b, valW))+" "+t.G.Arrow+" "+
				t.S.After.Render(drawSaid(r.c, a, valW)))
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

// fieldRow names a field after its mark: group, label and API name, cut
// with an ellipsis where the window is too narrow for them.
func (r *review) fieldRow(mark string, f *forms.Field, width int) string {
	t := r.c.Theme
	row := mark + " " + t.S.Subtle.Render(fmt.Sprintf("%-18s", f.Group.String())) + f.Label + " " + t.S.APIName.Render("("+f.Name+")")
	return ansi.Truncate(row, width, t.G.Ellipsis)
}

// heldLines lists the edits kept in the draft and never sent: fields the
// server no longer sends.
func (r *review) heldLines(lines []string, width int, top, bottom *int) []string {
	if len(r.held) == 0 {
		return lines
	}
	t := r.c.Theme
	lines = append(lines, "", t.S.Warn.Render(ansi.Truncate("Kept in the draft, not sent: the server no longer sends these fields.", width, t.G.Ellipsis)))
	valW := width - 4 - len("  (r drops it)")
	for k, h := range r.held {
		i := len(r.changes) + k
		ptr := t.S.Changed.Render(t.G.Changed)
		if i == r.sel {
			ptr = t.S.LabelFocus.Render(t.G.Focus)
			*top = len(lines)
		}
		lines = append(lines, r.fieldRow(ptr, h.Field, width),
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

// wrap word-wraps already-sanitized text to w cells, at most 4 lines. It
// breaks at spaces only: ansi.Wrap also breaks after a hyphen, which would
// split an id or a date ("…-4111-8111-" / "111111111111"), so hyphens are
// held as non-breaking ones (U+2011, one cell) while it wraps.
func wrap(s string, w int) []string {
	const nbHyphen = "\u2011"
	s = strings.ReplaceAll(ansi.Wrap(strings.ReplaceAll(s, "-", nbHyphen), max(w, 10), ""), nbHyphen, "-")
	ls := strings.Split(s, "\n")
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
