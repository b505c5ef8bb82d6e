package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// groupLabelWidth is the label column of a group's rows. A uuid is read
// back to people: in a group that has one, every label gives up cells
// before a uuid would be cut (one more for the cursor when it has focus),
// so that the values stay in one column.
func (e *editor) groupLabelWidth(g forms.Group, width int) int {
	lw := e.labelWidth(width)
	const n = 36 + 1 // a uuid and the cursor
	for _, i := range e.c.Schema.InGroup(g) {
		if e.field(i).Kind == forms.UUID && n > width-gutter-lw-1-markW {
			return max(12, width-gutter-1-markW-n)
		}
	}
	return lw
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

// maxStatusLines is how many lines the status may take: enough for a
// notice that names a draft's path (a path is 100 columns), so that it is
// never cut.
const maxStatusLines = 4

// viewStatus is the last save result or a server message, wrapped to at
// most maxStatusLines lines.
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
	if len(wrapped) > maxStatusLines {
		wrapped = wrapped[:maxStatusLines]
		wrapped[maxStatusLines-1] = ansi.Truncate(wrapped[maxStatusLines-1], w-1, "") + t.G.Ellipsis
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
		changed: e.rec.Change(e.field(i).Name) != nil, touched: e.rec.Touched(i), reveal: e.c.Reveal, theme: e.c.Theme}
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
		e.optionsOnDetail, e.longList = false, false // viewChoices says
	}
	lw := e.groupLabelWidth(f.Group, width)
	vw := max(width-gutter-lw-1-markW-counterW, minValueW)

	pf := prefixFrom{i: i, lw: lw, focused: focused, t: t}
	switch {
	case e.rec.InvalidErr(f.Name) != nil || fs.serverErr != "":
		pf.mark = markInvalid
	case e.rec.Change(f.Name) != nil:
		pf.mark = markChanged
	}
	prefix := e.drawnPrefix.get(pf, func() string { return e.drawPrefix(pf) })

	var out []string
	var value string
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
		value = e.viewChoices(fs, vw+counterW)
	}
	out = append(out, prefix+value)
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
