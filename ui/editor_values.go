package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// plain draws text as it is.
type plain struct{}

func (plain) Render(s ...string) string { return strings.Join(s, " ") }

// viewValue draws a field that is not being edited, in the words every
// face uses (forms.Say): not set, null (cleared), Yes, the value as it will
// be saved, masked unless revealed.
func (e *editor) viewValue(fs fieldView, w int, st interface{ Render(...string) string }) string {
	t := e.c.Theme
	said := forms.Say(fs.f, fs.val, forms.SayOptions{Mask: e.c.masking(), Set: fs.touched})
	switch said.Word {
	case forms.WordNotSet, forms.WordCleared, forms.WordEmpty, forms.WordAbsent:
		return t.S.Null.Render(said.Text)
	case forms.WordChoice, forms.WordMasked:
		return st.Render(t.SafeCut(said.Text, w))
	}
	text := said.Text
	if lead, trail := edgeSpaces(text); lead+trail > 0 {
		// Spaces at the edges are kept as typed, and shown: they are
		// invisible otherwise and rarely meant.
		mark := strings.Repeat(t.G.Space, 1)
		core := t.SafeCut(text[lead:len(text)-trail], max(w-lead-trail, 4))
		return t.S.Warn.Render(strings.Repeat(mark, lead)) + core + t.S.Warn.Render(strings.Repeat(mark, trail))
	}
	return t.SafeCut(text, w)
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

// viewChoices draws the focused list field: its choice in the words the
// field shows without focus, so that a move onto or off a list rewrites
// only the focus mark and the detail line (a list that opened into a row
// of options, or wrapped them below itself, cost a Tab 300 to 400 bytes).
// The options are on the detail line (optionsOnDetail): all of them when
// they fit, else a window around the choice that ←/→ moves, with … where
// there are more. A list of more than longChoices (a state) is picked by
// typing its code or name instead, and the detail line says what the
// typing matches (longList).
func (e *editor) viewChoices(fs fieldView, w int) string {
	t := e.c.Theme
	ch := fs.f.Choices()
	sel := choiceIndex(ch, fs.val)
	head := e.viewValue(fs, w, plain{})
	if sel < 0 && !fs.val.Null {
		head += t.S.Warn.Render(" (not an allowed value)")
	}
	if _, lw := optionLine(t, fs.f, sel, 0); lw > e.w-detailIndent && len(ch) > longChoices {
		e.longList = true
	} else {
		e.optionsOnDetail = true
	}
	return head
}

// optionLine draws f's options on one line with radio glyphs, option sel
// marked, and returns its width. The glyph says the choice where colour
// cannot (NO_COLOR, a screen reader). The options on either side of the
// marked one are one styled run each: a style per option would cost its
// escapes again whenever the choice moves. With width > 0 and too many
// options for it, the line is a window around sel, with an ellipsis on
// each side that has more.
func optionLine(t *theme.Theme, f *forms.Field, sel, width int) (string, int) {
	ch := f.Choices()
	items := make([]string, len(ch))
	for k, c := range ch {
		g := t.G.RadioOff
		if k == sel {
			g = t.G.Radio
		}
		items[k] = g + " " + choiceLabel(f, c)
	}
	from, to := 0, len(items) // the window: items[from:to]
	if width > 0 && ansi.StringWidth(strings.Join(items, "  ")) > width {
		// Room for "… " before and " …" after, whichever the window needs.
		from, to = windowAround(items, max(sel, 0), width-2*(ansi.StringWidth(t.G.Ellipsis)+1))
	}
	pre, post := "", ""
	if from > 0 {
		pre = t.G.Ellipsis + " "
	}
	if to < len(items) {
		post = " " + t.G.Ellipsis
	}
	if sel < from || sel >= to {
		plain := pre + strings.Join(items[from:to], "  ") + post
		if width > 0 {
			plain = ansi.Truncate(plain, width, t.G.Ellipsis)
		}
		return t.S.Option.Render(plain), ansi.StringWidth(plain)
	}
	b := pre + strings.Join(items[from:sel], "  ")
	if sel > from {
		b += "  "
	}
	a := strings.Join(items[sel+1:to], "  ")
	if a != "" {
		a = "  " + a
	}
	a += post
	on := items[sel]
	if room := width - ansi.StringWidth(b) - ansi.StringWidth(a); width > 0 && ansi.StringWidth(on) > room {
		on = ansi.Truncate(on, max(room, 1), t.G.Ellipsis) // one option wider than the line
	}
	out := t.S.OptionOn.Render(on)
	if b != "" {
		out = t.S.Option.Render(b) + out
	}
	if a != "" {
		out += t.S.Option.Render(a)
	}
	return out, ansi.StringWidth(b) + ansi.StringWidth(on) + ansi.StringWidth(a)
}

// windowAround is the widest run of items around sel, joined by two
// spaces, that fits width: it grows to the right first, then the left.
func windowAround(items []string, sel, width int) (from, to int) {
	from, to = sel, sel+1
	w := ansi.StringWidth(items[sel])
	for grew := true; grew; {
		grew = false
		if to < len(items) && w+2+ansi.StringWidth(items[to]) <= width {
			w += 2 + ansi.StringWidth(items[to])
			to, grew = to+1, true
		}
		if from > 0 && w+2+ansi.StringWidth(items[from-1]) <= width {
			w += 2 + ansi.StringWidth(items[from-1])
			from, grew = from-1, true
		}
	}
	return from, to
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

// sayRaw draws a raw value in the words every face uses (forms.SayRaw):
// the value quoted and cut to w cells, or its words (not set, null
// (cleared), Yes) in the null style.
func sayRaw(c *Common, f *forms.Field, raw []byte, set bool, w int) string {
	return drawSaid(c, forms.SayRaw(f, raw, forms.SayOptions{Mask: c.masking(), Set: set}), w)
}

// drawSaid draws a value's words, quoted when they are the value itself.
func drawSaid(c *Common, s forms.Said, w int) string {
	t := c.Theme
	switch s.Word {
	case forms.WordText, forms.WordMasked:
		return `"` + t.SafeCut(s.Text, max(w-2, 4)) + `"`
	case forms.WordChoice, forms.WordNumber:
		return t.SafeCut(s.Text, w)
	}
	return t.S.Null.Render(t.SafeCut(s.Text, w))
}
