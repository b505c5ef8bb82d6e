package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// Layout constants, in cells.
const (
	gutter     = 3  // focus glyph, change mark, space
	labelMax   = 26 // the longest label
	counterW   = 8  // " 255/255"
	minValueW  = 12
	infoIndent = 5
)

// block is the lines one field draws; cursorLine/cursorX locate the text
// cursor inside it (-1 when none).
type block struct {
	lines      []string
	cursorLine int
	cursorX    int
}

func (e *editor) labelWidth(width int) int {
	return min(labelMax, max(width/3, 12))
}

// viewBody draws the focused group into height lines of width cells and
// returns where the cursor goes (nil when none). Scrolling is derived from
// focus alone: the view moves just enough to show the whole focused field.
func (e *editor) viewBody(width, height int) ([]string, *tea.Cursor) {
	var lines []string
	focusTop, focusEnd, cur := 0, 0, (*tea.Cursor)(nil)
	for _, i := range e.c.Schema.InGroup(e.group) {
		b := e.viewField(i, width)
		if i == e.focus {
			focusTop, focusEnd = len(lines), len(lines)+len(b.lines)
			if b.cursorLine >= 0 {
				cur = tea.NewCursor(b.cursorX, len(lines)+b.cursorLine)
			}
		}
		lines = append(lines, b.lines...)
	}
	off := 0
	if focusEnd > height {
		off = focusEnd - height
	}
	if focusTop < off {
		off = focusTop
	}
	end := min(off+height, len(lines))
	hiddenBelow := len(lines) - end
	lines = lines[off:end]
	if cur != nil {
		cur.Y -= off
		if cur.Y < 0 || cur.Y >= height {
			cur = nil
		}
	}
	// Say where more fields are hidden, never over the focused field.
	t := e.c.Theme
	if off > 0 && focusTop > off {
		lines[0] = t.S.Subtle.Render(fmt.Sprintf("  %s more above", t.G.Up))
	}
	if hiddenBelow > 0 && focusEnd < end {
		lines[len(lines)-1] = t.S.Subtle.Render(fmt.Sprintf("  %s more below", t.G.Down))
	}
	return lines, cur
}

func (e *editor) viewField(i, width int) block {
	t := e.c.Theme
	fs := &e.fields[i]
	f := fs.f
	focused := i == e.focus
	lw := e.labelWidth(width)
	vw := max(width-gutter-lw-1-counterW, minValueW)

	mark := " "
	if _, bad := e.invalid[f.Name]; bad || fs.serverErr != "" {
		mark = t.S.Error.Render(t.G.Invalid)
	} else if e.isChanged(f.Name) {
		mark = t.S.Changed.Render(t.G.Changed)
	}
	pointer := " "
	labelStyle := t.S.Label
	if focused {
		pointer = t.S.LabelFocus.Render(t.G.Focus)
		labelStyle = t.S.LabelFocus
	}
	if f.ReadOnly {
		labelStyle = t.S.ReadOnly
	}
	lbl := ansi.Truncate(f.Label, lw, t.G.Ellipsis)
	label := labelStyle.Render(lbl) + strings.Repeat(" ", max(lw-ansi.StringWidth(lbl), 0))
	prefix := pointer + mark + " " + label + " "
	prefixW := gutter + lw + 1

	b := block{cursorLine: -1}
	var value string
	var extra []string
	switch {
	case f.ReadOnly:
		value = e.viewValue(fs, vw+counterW, t.S.ReadOnly)
	case !focused:
		value = e.viewValue(fs, vw+counterW, t.S.Value)
	case f.IsText():
		var x int
		value, x = e.viewEditor(fs, vw)
		b.cursorLine, b.cursorX = 0, prefixW+x
		if f.MaxLen > 0 {
			n := forms.UTF16Len(fs.val.Text)
			st := t.S.Counter
			if n >= f.MaxLen {
				st = t.S.CounterFull
			}
			c := fmt.Sprintf("%d/%d", n, f.MaxLen)
			pad := vw - ansi.StringWidth(value) + counterW - len(c)
			value += strings.Repeat(" ", max(pad, 1)) + st.Render(c)
		}
	default:
		value, extra = e.viewChoices(fs, vw+counterW, width-prefixW)
	}
	b.lines = append(b.lines, prefix+value)
	for _, x := range extra {
		b.lines = append(b.lines, strings.Repeat(" ", prefixW)+x)
	}
	if focused {
		b.lines = append(b.lines, e.viewInfo(fs, width)...)
	} else if f.Group == forms.Consent {
		// Consent flags govern outreach: always say what each one means.
		b.lines = append(b.lines, strings.Repeat(" ", infoIndent)+t.S.Hint.Render(ansi.Truncate(f.Help, width-infoIndent, t.G.Ellipsis)))
	}
	return b
}

// viewValue draws a field that is not being edited.
func (e *editor) viewValue(fs *fieldState, w int, st interface{ Render(...string) string }) string {
	t := e.c.Theme
	v := fs.val
	if v.Null {
		return t.S.Null.Render("not set")
	}
	if fs.f.Choices() != nil {
		return st.Render(choiceLabel(fs.f, v.Text))
	}
	if v.Text == "" {
		return t.S.Null.Render(`"" (empty)`)
	}
	return t.SafeCut(v.Text, w)
}

// viewEditor draws the text being edited in w cells and returns the cursor
// column. The window scrolls just enough to keep the cursor visible.
func (e *editor) viewEditor(fs *fieldState, w int) (string, int) {
	t := e.c.Theme
	segs := t.Segments(fs.val.Text)
	cur := min(fs.cur, len(segs))
	start, used := 0, 0
	for k := 0; k < cur; k++ {
		used += segs[k].Width
	}
	for used+1 > w && start < cur {
		used -= segs[start].Width
		start++
	}
	end, width := start, 0
	for end < len(segs) && width+segs[end].Width <= w {
		width += segs[end].Width
		end++
	}
	out := t.Draw(segs[start:end])
	if fs.val.Null && len(segs) == 0 {
		out = t.S.Null.Render("not set")
		return out, 0
	}
	return out + strings.Repeat(" ", max(w-width, 0)), used
}

// viewChoices draws a list field with every option visible: on the field's
// line when they fit, otherwise wrapped below it (so no option is ever
// hidden above a preset value).
func (e *editor) viewChoices(fs *fieldState, w, wrapW int) (string, []string) {
	t := e.c.Theme
	ch := fs.f.Choices()
	sel := choiceIndex(ch, fs.val)
	parts := make([]string, len(ch))
	widths := make([]int, len(ch))
	for k, c := range ch {
		l := choiceLabel(fs.f, c)
		if k == sel {
			parts[k] = t.S.OptionOn.Render(t.G.Radio + " " + l)
		} else {
			parts[k] = t.S.Option.Render(t.G.RadioOff + " " + l)
		}
		widths[k] = ansi.StringWidth(t.G.Radio) + 1 + ansi.StringWidth(l)
	}
	total := 0
	for _, x := range widths {
		total += x + 2
	}
	if total <= w {
		return strings.Join(parts, "  "), nil
	}
	cur := "(none)"
	if sel >= 0 {
		cur = choiceLabel(fs.f, ch[sel])
	} else if !fs.val.Null {
		cur = fs.val.Text + " (not an allowed value)"
	}
	head := t.S.ValueFocus.Render(t.G.Left + " " + t.SafeCut(cur, w-4) + " " + t.G.Right)
	var lines []string
	line, lineW := "", 0
	for k := range parts {
		if lineW > 0 && lineW+2+widths[k] > wrapW {
			lines = append(lines, line)
			line, lineW = "", 0
		}
		if lineW > 0 {
			line += "  "
			lineW += 2
		}
		line += parts[k]
		lineW += widths[k]
	}
	return head, append(lines, line)
}

// viewInfo is the line(s) under the focused field: API name, loaded value
// when changed, what will be saved, help, and any error or notice.
func (e *editor) viewInfo(fs *fieldState, width int) []string {
	t := e.c.Theme
	ind := strings.Repeat(" ", infoIndent)
	w := width - infoIndent
	info := t.S.APIName.Render(fs.f.Name)
	used := len(fs.f.Name)
	sepW := ansi.StringWidth(t.G.Sep)
	add := func(s string, plainW int) {
		if used+sepW+plainW <= w {
			info += t.S.Hint.Render(t.G.Sep) + s
			used += sepW + plainW
		}
	}
	if ch := e.change(fs.f.Name); ch != nil {
		was := e.rawText(ch.Before, w/2)
		add(t.S.Hint.Render("was ")+was, 4+ansi.StringWidth(ansi.Strip(was)))
		if now := forms.Decode(fs.f, ch.After); fs.f.IsText() && now != fs.val {
			s := e.rawText(ch.After, w/2)
			add(t.S.Hint.Render("saves as ")+s, 9+ansi.StringWidth(ansi.Strip(s)))
		}
	} else if fs.f.Help != "" {
		add(t.S.Hint.Render(fs.f.Help), ansi.StringWidth(fs.f.Help))
	}
	lines := []string{ind + info}
	if err, bad := e.invalid[fs.f.Name]; bad {
		lines = append(lines, ind+t.S.Error.Render(t.G.Invalid+" "+ansi.Truncate(err.Error(), w-2, t.G.Ellipsis)))
	}
	if fs.serverErr != "" {
		lines = append(lines, ind+t.S.Error.Render(t.G.Invalid+" Server: ")+t.S.Error.Render(t.SafeCut(fs.serverErr, w-10)))
	}
	if fs.notice != "" {
		lines = append(lines, ind+t.S.Warn.Render(ansi.Truncate(fs.notice, w, t.G.Ellipsis)))
	}
	return lines
}

func (e *editor) change(name string) *forms.Change {
	for k := range e.changes {
		if e.changes[k].Field.Name == name {
			return &e.changes[k]
		}
	}
	return nil
}

// rawText shows a raw JSON value for people: null distinct from "", strings
// quoted, everything sanitized.
func (e *editor) rawText(raw []byte, w int) string {
	return rawDisplay(e.c.Theme, raw, w)
}

// rawPlain is rawDisplay without styles or sanitizing, for text that is
// sanitized as a whole when drawn (the status line).
func rawPlain(raw []byte, w int) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		s = "null"
	}
	if s[0] == '"' {
		s = `"` + forms.Decode(&forms.Field{Kind: forms.Text}, raw).Text + `"`
	}
	if r := []rune(s); len(r) > w {
		s = string(r[:w]) + "..."
	}
	return s
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
