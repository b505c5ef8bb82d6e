package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// viewInfo is the lines under the focused field, when there is something
// to see at once: an error, a server's message, a notice, a JSON preview.
// Its steady details are on the detail line (viewDetail).
func (e *editor) viewInfo(fs fieldView, width, room int) []string {
	from := infoFrom{f: fs.f, width: width, room: room, t: e.c.Theme,
		server: fs.serverErr, notice: fs.notice, previewLen: len(fs.preview)}
	if err := e.rec.InvalidErr(fs.f.Name); err != nil {
		from.invalid = err.Error()
	}
	if len(fs.preview) > 0 {
		from.previewOf = &fs.preview[0]
	}
	if e.drawnInfo.ok && e.drawnInfo.from == from {
		return e.drawnInfo.lines
	}
	lines := e.drawInfo(fs, width, room)
	e.drawnInfo = drawnInfo{from: from, ok: true, lines: lines}
	return lines
}

// drawnInfo is the focused field's info lines as last drawn.
type drawnInfo struct {
	from  infoFrom
	ok    bool
	lines []string
}

// viewDetail is the detail line of the focused field: API name, limit,
// loaded value, what will be saved and help on the left; the keys of the
// field's kind at the right edge, where they stay put as focus moves
// between fields of a kind. A list whose options do not fit its own line
// has them here instead.
func (e *editor) viewDetail(width int) string {
	i := e.focus
	fs := e.fieldView(i)
	from := detailFrom{f: fs.f, loaded: e.rec.Customer(), width: width, t: e.c.Theme, options: e.optionsOnDetail,
		long: e.longList, ahead: e.ahead}
	if fs.f.Open && fs.f.IsText() && fs.touched {
		from.suggest = strings.TrimSpace(fs.val.Text)
	}
	if !fs.f.IsText() {
		from.choice = fs.val
	}
	if ch := e.rec.Change(fs.f.Name); ch != nil {
		from.changed, from.before = true, string(ch.Before)
		if now := forms.Decode(fs.f, ch.After); fs.f.IsText() && now != fs.val {
			from.savesAs = string(ch.After)
		}
	}
	return e.drawnDetail.get(from, func() string { return e.drawDetail(from) })
}

// detailFrom is what the detail line is drawn from. Typing changes none
// of it, mostly: a value saved as typed shows no "saves as", and the
// loaded value stays what it was.
type detailFrom struct {
	f               *forms.Field
	loaded          *apiclient.Customer // the record as loaded: the "loaded" value
	width           int
	t               *theme.Theme
	changed         bool
	savesAs, before string      // raw JSON shown
	options         bool        // the options are listed here (viewChoices)
	long            bool        // too many options to list: typing picks one
	ahead           string      // what was typed to pick one
	suggest         string      // an open list's text: its suggestions are listed
	choice          forms.Value // a list field's value
}

func (e *editor) drawDetail(d detailFrom) string {
	t, f := d.t, d.f
	w := d.width - detailIndent
	left := []string{f.Name}
	var help string
	var right []string
	if f.Open && d.suggest != "" {
		// While the agent types on an open list (a time zone), what the
		// typing matches matters more than the limit and the loaded value.
		if s := suggestions(t, f, d.suggest, w-len(f.Name)-12); s != "" {
			left = append(left, s)
		}
	}
	if f.MaxLen > 0 && f.IsText() {
		left = append(left, fmt.Sprintf("max %d", f.MaxLen))
	}
	// The loaded value is shown from the moment the field has focus, so the
	// first keystroke of an edit does not also have to draw it.
	if f.IsText() {
		left = append(left, "loaded "+rawSafe(t, d.loaded.Fields[f.Name], w/2))
	} else if d.changed {
		left = append(left, "loaded "+loadedChoice(t, f, d.before))
	}
	if d.savesAs != "" {
		left = append(left, "saves as "+rawSafe(t, []byte(d.savesAs), w/2))
	}
	if f.Help != "" && !d.changed && !d.long && !f.Open {
		help = t.Safe(f.Help)
	}
	// The keys of the field's kind are said here, not in the footer: a
	// footer that changed with the field would be sent again on every
	// Tab between a text field and a list.
	switch {
	case f.ReadOnly:
	case f.Kind == forms.JSON:
		right = append(right, "ctrl+o multi-line")
	case f.IsText():
		// Entering a field puts the cursor at the end; say how to start
		// over. Said on every text field, so that it stays put.
		right = append(right, "ctrl+u clears")
	case d.long:
		right = append(right, t.G.LeftKey+t.G.RightKey+" or type")
	default:
		right = append(right, t.G.LeftKey+t.G.RightKey+" or a letter")
	}
	switch {
	case d.long && d.ahead != "":
		help = "typed " + strconvQuote(d.ahead) + ": " + optionTitle(f, d.choice.Text)
	case d.long:
		help = "type its code or its name (" + optionTitle(f, f.Options[0]) + ")"
	}
	if d.options {
		// The options are the line (a window of them when they do not
		// fit), with the loaded value when it changed.
		if d.changed {
			right = []string{"loaded " + loadedChoice(t, f, d.before)}
		}
		opts, ow := optionLine(t, f, choiceIndex(f.Choices(), d.choice), w)
		name := f.Name + ": "
		for len(right) > 0 && len(name)+ow+2+ansi.StringWidth(strings.Join(right, t.G.Sep)) > w {
			right = right[:len(right)-1]
		}
		if len(name)+ow > w {
			name = "" // the options matter more than the API name
		}
		r := strings.Join(right, t.G.Sep)
		gap := w - len(name) - ow - ansi.StringWidth(r)
		return strings.Repeat(" ", detailIndent) + t.S.Hint.Render(name) + opts + strings.Repeat(" ", max(gap, 0)) + t.S.Hint.Render(r)
	}
	// What does not fit goes: the help first, then the hints at the right
	// edge from the last; then the left is cut.
	sep := t.G.Sep
	l, r := strings.Join(left, sep), strings.Join(right, sep)
	if help != "" && ansi.StringWidth(l)+ansi.StringWidth(sep+help)+2+ansi.StringWidth(r) <= w {
		l += sep + help
	}
	for len(right) > 0 && ansi.StringWidth(l)+2+ansi.StringWidth(r) > w {
		right = right[:len(right)-1]
		r = strings.Join(right, sep)
	}
	l = ansi.Truncate(l, w, t.G.Ellipsis)
	gap := w - ansi.StringWidth(l) - ansi.StringWidth(r)
	if r == "" {
		gap = 0
	}
	// One style for the whole line: every change of colour is bytes sent
	// again whenever focus moves.
	return strings.Repeat(" ", detailIndent) + t.S.Hint.Render(l+strings.Repeat(" ", max(gap, 0))+r)
}

// loadedChoice is a list field's loaded value in the words the list uses
// (forms.Say): "loaded No", not "loaded false".
func loadedChoice(t *theme.Theme, f *forms.Field, raw string) string {
	return t.Safe(forms.SayRaw(f, []byte(raw), forms.SayOptions{}).Quoted())
}

// optionTitle is an option with its name, as the field shows it without
// focus: "WI (Wisconsin)".
func optionTitle(f *forms.Field, code string) string {
	if name := f.OptionName(code); name != "" && name != code {
		return code + " (" + name + ")"
	}
	return code
}

// suggestions lists the options of an open list that typed text matches,
// as many as fit in room: "like America/Chicago (Central), …"; nothing
// when none does, for the field takes any valid name (Europe/Berlin).
func suggestions(t *theme.Theme, f *forms.Field, typed string, room int) string {
	m := f.Match(typed)
	if len(m) == 0 {
		return ""
	}
	out := "like " + optionTitle(f, m[0])
	for _, o := range m[1:] {
		next := out + ", " + optionTitle(f, o)
		if ansi.StringWidth(next)+2 > room {
			return out + ", " + t.G.Ellipsis
		}
		out = next
	}
	return out
}

// strconvQuote quotes typed text for a hint.
func strconvQuote(s string) string { return `"` + s + `"` }

func (e *editor) drawInfo(fs fieldView, width, room int) []string {
	t := e.c.Theme
	ind := strings.Repeat(" ", infoIndent)
	w := width - infoIndent
	var lines []string
	if err := e.rec.InvalidErr(fs.f.Name); err != nil {
		lines = append(lines, ind+t.S.Error.Render(t.G.Invalid+" "+ansi.Truncate(err.Error(), w-2, t.G.Ellipsis)))
	}
	if fs.serverErr != "" {
		lines = append(lines, ind+t.S.Error.Render(t.G.Invalid+" Server: ")+t.S.Error.Render(t.SafeCut(fs.serverErr, w-10)))
	}
	if fs.notice != "" {
		lines = append(lines, ind+t.S.Warn.Render(ansi.Truncate(fs.notice, w, t.G.Ellipsis)))
	}
	preview := fs.preview
	if fit := room - len(lines); len(preview) > fit {
		preview = preview[:max(fit-1, 0)]
		if fit > 0 {
			preview = append(preview, fmt.Sprintf("... %d more lines", len(fs.preview)-len(preview)))
		}
	}
	for _, l := range preview {
		lines = append(lines, ind+t.S.Hint.Render(t.G.Bar+" ")+t.SafeCut(l, w-2))
	}
	return lines
}

// rawSafe shows a raw JSON value for people in w cells, without a style of
// its own (it is drawn inside another): null distinct from "", strings
// quoted, everything sanitized.
func rawSafe(t *theme.Theme, raw []byte, w int) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "" || s == "null":
		return "null"
	case s[0] == '"':
		v := forms.Decode(&forms.Field{Kind: forms.Text}, raw)
		return `"` + t.SafeCut(v.Text, max(w-2, 4)) + `"`
	}
	return t.SafeCut(s, w)
}

func rawDisplay(t *theme.Theme, raw []byte, w int) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "" || s == "null":
		return t.S.Null.Render("null")
	case s == `""`:
		return t.S.Null.Render(`""`)
	case s[0] == '"':
		v := forms.Decode(&forms.Field{Kind: forms.Text}, raw)
		return `"` + t.SafeCut(v.Text, max(w-2, 4)) + `"`
	}
	return t.SafeCut(s, w)
}

// edgeSpaces counts the spaces before and after the text.
func edgeSpaces(s string) (lead, trail int) {
	lead = len(s) - len(strings.TrimLeft(s, " "))
	if lead == len(s) {
		return lead, 0
	}
	return lead, len(s) - len(strings.TrimRight(s, " "))
}
