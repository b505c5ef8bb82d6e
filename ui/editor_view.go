package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// Layout constants, in cells.
const (
	gutter     = 1  // indent before the label
	markW      = 3  // change mark, focus pointer and a space before the value
	labelMax   = 26 // the longest label
	counterW   = 8  // room after the text for the count ("  255")
	minValueW  = 12
	infoIndent = 5
	// detailIndent sets the detail line off the field rows (see view).
	detailIndent = 3
)

// fieldView is what drawing one field needs.
type fieldView struct {
	f   *forms.Field
	val forms.Value
	*fieldUI
	absent  bool
	touched bool
}

func (e *editor) fieldView(i int) fieldView {
	return fieldView{f: e.field(i), val: e.rec.Value(i), fieldUI: &e.ui[i], absent: e.rec.Absent(i), touched: e.rec.Touched(i)}
}

func (e *editor) labelWidth(width int) int {
	return min(labelMax, max(width/3, 12))
}

// view draws the focused group, the status line and the detail line. The
// body scrolls in a bubbles viewport that follows focus alone: it moves
// just enough to show the whole focused field, its error included.
//
// The focused field's details (API name, loaded value, limit, hints) are
// on one fixed line under the form rather than under the field: moving
// focus then rewrites that line and two field rows, instead of every row
// between the old and the new place of a line that follows focus. What
// needs the eye at once (an error, a notice, a JSON preview) stays under
// the field.
func (e *editor) view() string {
	status := e.viewStatus(e.w)
	height := max(e.h-len(status)-1, 1) // the detail line takes one
	var lines []string
	focusTop, focusEnd := 0, 0
	for _, i := range e.c.Schema.InGroup(e.group) {
		fl := e.viewField(i, e.w, height-1)
		if i == e.focus {
			focusTop, focusEnd = len(lines), len(lines)+len(fl)
		}
		lines = append(lines, fl...)
	}
	// The detail line follows the last field, not the window's bottom: as
	// close to the fields as it can be while staying put within a group.
	e.sc.setSize(e.w, min(height, max(len(lines), 1)))
	e.sc.setLines(lines)
	e.sc.ensureVisible(focusTop, focusEnd)
	out := e.sc.view() + "\n" + e.viewDetail(e.w) // after the fields: see viewChoices
	if len(status) > 0 {
		out += "\n" + strings.Join(status, "\n")
	}
	return out
}

// viewStatus is the last save result or a server message, wrapped to at
// most two lines.
func (e *editor) viewStatus(w int) []string {
	if e.status == "" {
		return nil
	}
	t := e.c.Theme
	st := t.S.OK
	if e.statusErr {
		st = t.S.Warn
	}
	// The status can hold server messages and values: sanitize it whole.
	wrapped := strings.Split(lipgloss.NewStyle().Width(w).Render(t.Safe(e.status)), "\n")
	if len(wrapped) > 2 {
		wrapped = wrapped[:2]
		wrapped[1] = ansi.Truncate(wrapped[1], w-1, "") + t.G.Ellipsis
	}
	for i := range wrapped {
		wrapped[i] = st.Render(wrapped[i])
	}
	return wrapped
}

// drawnField is a field's lines as last drawn without focus, and what they
// were drawn from. Typing changes one field: the others, drawn from the
// same value, marks and width, are not drawn again.
type drawnField struct {
	from  drawnFrom
	lines []string
}

type drawnFrom struct {
	width                int
	val                  forms.Value
	absent, bad, changed bool
	touched, reveal      bool // "null (cleared)"; masked or not
	theme                *theme.Theme
}

// viewField draws one field: its row, and under it the choices, info,
// errors and preview that show while it has focus.
func (e *editor) viewField(i, width, height int) []string {
	if i == e.focus {
		return e.drawField(i, width, height)
	}
	from := drawnFrom{width: width, val: e.rec.Value(i), absent: e.rec.Absent(i),
		bad:     e.rec.InvalidErr(e.field(i).Name) != nil || e.ui[i].serverErr != "",
		changed: e.rec.Change(e.field(i).Name) != nil, touched: e.rec.Touched(i), reveal: e.reveal, theme: e.c.Theme}
	if len(e.drawn) != len(e.ui) {
		e.drawn = make([]drawnField, len(e.ui))
	}
	if d := &e.drawn[i]; d.lines == nil || d.from != from {
		*d = drawnField{from: from, lines: e.drawField(i, width, height)}
	}
	return e.drawn[i].lines
}

// drawField draws field i; without focus it depends on nothing but what
// drawnFrom holds.
func (e *editor) drawField(i, width, height int) []string {
	t := e.c.Theme
	fs := e.fieldView(i)
	f := fs.f
	focused := i == e.focus
	if focused {
		e.optionsOnDetail = false // viewChoices says
	}
	lw := e.labelWidth(width)
	if n := len(fs.val.Text) + 1; f.Kind == forms.UUID && n > width-gutter-lw-1-markW {
		// A uuid is read back to people: it gives up label cells before
		// it would be cut (one more for the cursor when it has focus).
		lw = max(12, width-gutter-1-markW-n)
	}
	vw := max(width-gutter-lw-1-markW-counterW, minValueW)

	pf := prefixFrom{i: i, lw: lw, focused: focused, t: t}
	switch {
	case e.rec.InvalidErr(f.Name) != nil || fs.serverErr != "":
		pf.mark = markInvalid
	case e.rec.Change(f.Name) != nil:
		pf.mark = markChanged
	}
	prefix := e.drawnPrefix.get(pf, func() string { return e.drawPrefix(pf) })
	prefixW := gutter + lw + 1 + markW

	var out []string
	var value string
	var extra []string
	switch {
	case fs.absent:
		value = t.S.Null.Render("not sent by the server")
	case f.ReadOnly:
		value = e.viewValue(fs, vw+counterW, t.S.ReadOnly)
	case !focused:
		// Values in the terminal's own colour, like typed text: a colour
		// on each costs every group switch its escapes again.
		value = e.viewValue(fs, vw+counterW, plain{})
	case fs.over > 0:
		size := fmt.Sprintf(" (%d characters)", fs.over)
		value = e.viewValue(fs, vw+counterW-len(size), plain{}) + t.S.Warn.Render(size)
	case f.IsText():
		// The counter follows the text: a keystroke then changes one
		// contiguous run of cells (char, cursor, counter), the cheapest
		// update to send over a slow link.
		ew := vw
		if f.MaxLen == 0 {
			ew += counterW // no counter: the text has its cells
		}
		value = e.viewEditor(fs, ew)
		if f.MaxLen > 0 {
			// Count what will be saved: "(312) 555-0142" saves as 12. The
			// limit is on the detail line: a count alone after the text
			// keeps a keystroke's update within reach of a short cursor
			// move back (CUB) instead of a full position (CUP).
			n := forms.UTF16Len(fs.val.Text)
			if saved, err := forms.Normalize(f, fs.val.Text); err == nil && fs.val.Text != "" {
				n = forms.UTF16Len(saved)
			}
			value += "  " + e.drawnCounter.get(counterFrom{n, f.MaxLen, t}, func() string {
				st := t.S.Counter
				if n >= f.MaxLen {
					st = t.S.CounterFull
				}
				return st.Render(strconv.Itoa(n))
			})
		}
	default:
		value, extra = e.viewChoices(fs, vw+counterW, width-prefixW)
	}
	out = append(out, prefix+value)
	for _, x := range extra {
		out = append(out, strings.Repeat(" ", prefixW)+x)
	}
	if focused {
		// The whole focused block must fit the body, or its own row would
		// scroll out of sight; a JSON preview takes at most half of it.
		room := min(height-len(out), max(height/2, 8+len(out)))
		out = append(out, e.viewInfo(fs, width, room)...)
	} else if f.Group == forms.Consent {
		// Consent flags govern outreach: always say what each one means.
		out = append(out, strings.Repeat(" ", infoIndent)+t.S.Hint.Render(ansi.Truncate(f.Help, width-infoIndent, t.G.Ellipsis)))
	}
	return out
}

// prefixFrom is what a field's row starts from: focus glyph, label, mark.
type prefixFrom struct {
	i, lw   int
	mark    int // markNone, markInvalid, markChanged
	focused bool
	t       *theme.Theme
}

const (
	markNone = iota
	markInvalid
	markChanged
)

type counterFrom struct {
	n, max int
	t      *theme.Theme
}

// drawPrefix draws the start of field p.i's row, up to its value.
func (e *editor) drawPrefix(p prefixFrom) string {
	t, f := p.t, e.field(p.i)
	mark := " "
	switch p.mark {
	case markInvalid:
		mark = t.S.Error.Render(t.G.Invalid)
	case markChanged:
		mark = t.S.Changed.Render(t.G.Changed)
	}
	// Labels are drawn in the terminal's own colour, and focus is the
	// pointer's alone: a label restyled on every move of focus would be
	// sent again, twice per Tab, and a colour on every label costs each
	// group switch ~14 bytes a row.
	pointer := " "
	if p.focused {
		// Bold, in the text's colour: a colour would add 10 bytes to every
		// move of focus, and next to the cursor the pointer needs none.
		pointer = t.S.LabelFocus.UnsetForeground().Render(t.G.Focus)
	}
	lbl := ansi.Truncate(f.Label, p.lw, t.G.Ellipsis)
	label := lbl
	if f.ReadOnly {
		label = t.S.ReadOnly.Render(lbl)
	}
	label += strings.Repeat(" ", max(p.lw-ansi.StringWidth(lbl), 0))
	// The change mark and the focus pointer sit just before the value: the
	// first keystroke of an edit, and a move of focus, then change one
	// contiguous run of cells on a row, not two runs with the label
	// redrawn between them (the renderer sends every cell from a row's
	// first change to its last).
	return " " + label + " " + mark + pointer + " "
}

// plain draws text as it is.
type plain struct{}

func (plain) Render(s ...string) string { return strings.Join(s, " ") }

// viewValue draws a field that is not being edited.
func (e *editor) viewValue(fs fieldView, w int, st interface{ Render(...string) string }) string {
	t := e.c.Theme
	v := fs.val
	if v.Null {
		return t.S.Null.Render("not set")
	}
	if fs.f.Choices() != nil {
		return st.Render(choiceLabel(fs.f, v.Text))
	}
	if v.Text == "" && fs.f.Nullable && fs.touched {
		return t.S.Null.Render("null (cleared)") // what will be sent
	}
	if v.Text == "" {
		return t.S.Null.Render(`"" (empty)`)
	}
	if m := e.shown(fs.f, v.Text); m != v.Text {
		return st.Render(t.SafeCut(m, w))
	}
	if lead, trail := edgeSpaces(v.Text); lead+trail > 0 {
		// Spaces at the edges are kept as typed, and shown: they are
		// invisible otherwise and rarely meant.
		mark := strings.Repeat(t.G.Space, 1)
		core := t.SafeCut(v.Text[lead:len(v.Text)-trail], max(w-lead-trail, 4))
		return t.S.Warn.Render(strings.Repeat(mark, lead)) + core + t.S.Warn.Render(strings.Repeat(mark, trail))
	}
	return t.SafeCut(v.Text, w)
}

// viewEditor draws the text being edited in w cells with its cursor: a
// block after the text, reverse video over a character. The window scrolls
// just enough to keep the cursor visible. The terminal's own cursor stays
// hidden: showing it makes every frame hide and show it again, which costs
// more bytes than the keystroke itself over a slow link.
func (e *editor) viewEditor(fs fieldView, w int) string {
	t := e.c.Theme
	segs := t.Segments(fs.val.Text)
	cur := min(fs.cur, len(segs))
	// Scroll in half-window jumps, derived from the cursor column alone:
	// typing at the edge then redraws the window once per w/2 keys instead
	// of on every key.
	col := 0
	for k := 0; k < cur; k++ {
		col += segs[k].Width
	}
	step := max(w/2, 1)
	first := 0
	if col+1 > w {
		first = ((col+1-w)/step + 1) * step
	}
	start, skipped := 0, 0
	for start < cur && skipped+segs[start].Width <= first {
		skipped += segs[start].Width
		start++
	}
	end, width := start, 0
	for end < len(segs) && width+segs[end].Width <= w-1 {
		width += segs[end].Width
		end++
	}
	var b strings.Builder
	b.WriteString(t.Draw(segs[start:cur]))
	if cur < end {
		b.WriteString(t.S.Cursor.Render(segs[cur].Text))
		b.WriteString(t.Draw(segs[cur+1 : end]))
	} else {
		b.WriteString(t.G.Cursor)
	}
	return b.String() // an empty value's null is on the detail line: "loaded null"
}

// viewChoices draws a list field with every option visible: on the field's
// line when they fit; otherwise the line says the choice (‹ Widowed ›) and
// the detail line lists them all (see optionList), or where even that is
// too narrow they wrap below the field. No option is ever hidden.
func (e *editor) viewChoices(fs fieldView, w, wrapW int) (string, []string) {
	t := e.c.Theme
	ch := fs.f.Choices()
	sel := choiceIndex(ch, fs.val)
	// Inline when the options fit, unless the stored value is not one of
	// them: then the head line must say what it is.
	if line, lw := optionLine(t, fs.f, sel, true); lw <= w && (sel >= 0 || fs.val.Null) {
		return line, nil
	}
	cur := "(none)"
	if sel >= 0 {
		cur = choiceLabel(fs.f, ch[sel])
	} else if !fs.val.Null {
		cur = fs.val.Text + " (not an allowed value)"
	}
	head := t.G.Left + " " + t.SafeCut(cur, w-4) + " " + t.G.Right
	if _, lw := optionLine(t, fs.f, sel, false); lw <= e.w-detailIndent {
		e.optionsOnDetail = true
		return head, nil
	}
	var lines []string
	line, lineW := "", 0
	for k, c := range ch {
		l := choiceLabel(fs.f, c)
		part, pw := t.S.Option.Render(t.G.RadioOff+" "+l), ansi.StringWidth(t.G.RadioOff)+1+ansi.StringWidth(l)
		if k == sel {
			part = t.S.OptionOn.Render(t.G.Radio + " " + l)
		}
		if lineW > 0 && lineW+2+pw > wrapW {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		if lineW > 0 {
			line += "  "
			lineW += 2
		}
		line += part
		lineW += pw
	}
	return head, append(lines, line)
}

// optionLine draws f's options on one line, option sel marked, and returns
// its width: with radio glyphs on the field's own line, without them (the
// mark is the highlight) on the detail line. The options on either side of
// the marked one are one styled run each: a style per option would cost
// its escapes again whenever focus comes to the field.
func optionLine(t *theme.Theme, f *forms.Field, sel int, glyphs bool) (string, int) {
	var before, after []string
	var on string
	for k, c := range f.Choices() {
		l := choiceLabel(f, c)
		switch {
		case k == sel && glyphs:
			on = t.G.Radio + " " + l
		case k == sel:
			on = l
		case glyphs:
			l = t.G.RadioOff + " " + l
			fallthrough
		case k < sel:
			if k < sel {
				before = append(before, l)
			} else {
				after = append(after, l)
			}
		default:
			after = append(after, l)
		}
	}
	b, a := strings.Join(before, "  "), strings.Join(after, "  ")
	switch {
	case on == "":
		plain := strings.Join(append(before, after...), "  ")
		return t.S.Option.Render(plain), ansi.StringWidth(plain)
	case b != "":
		b += "  "
	}
	if a != "" {
		a = "  " + a
	}
	w := ansi.StringWidth(b) + ansi.StringWidth(on) + ansi.StringWidth(a)
	out := t.S.OptionOn.Render(on)
	if b != "" {
		out = t.S.Option.Render(b) + out
	}
	if a != "" {
		out += t.S.Option.Render(a)
	}
	return out, w
}

// infoFrom is what the lines under the focused field are drawn from.
// Typing changes none of it, mostly.
type infoFrom struct {
	f               *forms.Field
	width, room     int
	t               *theme.Theme
	invalid, server string
	notice          string
	previewOf       *string // the preview's first line, when there is one
	previewLen      int
}

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
	from := detailFrom{f: fs.f, loaded: e.rec.Customer(), width: width, t: e.c.Theme, options: e.optionsOnDetail}
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
	choice          forms.Value // a list field's value
}

func (e *editor) drawDetail(d detailFrom) string {
	t, f := d.t, d.f
	w := d.width - detailIndent
	left := []string{f.Name}
	var help string
	var right []string
	if f.MaxLen > 0 && f.IsText() {
		left = append(left, fmt.Sprintf("max %d", f.MaxLen))
	}
	// The loaded value is shown from the moment the field has focus, so the
	// first keystroke of an edit does not also have to draw it.
	if f.IsText() {
		left = append(left, "loaded "+rawSafe(t, d.loaded.Fields[f.Name], w/2))
	} else if d.changed {
		left = append(left, "loaded "+rawSafe(t, []byte(d.before), w/2))
	}
	if d.savesAs != "" {
		left = append(left, "saves as "+rawSafe(t, []byte(d.savesAs), w/2))
	}
	if f.Help != "" && !d.changed {
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
	default:
		right = append(right, t.G.LeftKey+t.G.RightKey+" or a letter")
	}
	if d.options {
		// The options did not fit the field's line: they are the line,
		// with the loaded value when it changed.
		if d.changed {
			right = []string{"loaded " + rawSafe(t, []byte(d.before), w/3)}
		}
		opts, ow := optionLine(t, f, choiceIndex(f.Choices(), d.choice), false)
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
