package theme

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// Placeholder returns the visible stand-in for r when r must not reach the
// terminal as-is (forms.Unsafe: C0/C1 controls, DEL, bidi controls,
// zero-width and other format characters), and ok=false for an ordinary
// printable rune. ESC becomes "␛", so an escape sequence shows as inert
// text: "␛[2J". Which runes are unsafe is the input's policy (forms); how
// they are drawn is the theme's.
func Placeholder(r rune, ascii bool) (string, bool) {
	switch {
	case !forms.Unsafe(r):
		return "", false
	case r < 0x20:
		if ascii {
			return "^" + string(rune(r+0x40)), true
		}
		return string(rune(0x2400 + r)), true // Control Pictures block
	case r == 0x7f:
		if ascii {
			return "^?", true
		}
		return "␡", true
	case ascii:
		return fmt.Sprintf("<U+%04X>", r), true
	}
	return fmt.Sprintf("⟨U+%04X⟩", r), true
}

// invalidByte is the stand-in for a byte that is not UTF-8.
func invalidByte(b byte, ascii bool) string {
	if ascii {
		return fmt.Sprintf("<%02X>", b)
	}
	return fmt.Sprintf("⟨%02X⟩", b)
}

// Segment is how one rune (or one invalid byte) of data is drawn.
type Segment struct {
	Text   string // what is drawn
	Unsafe bool   // a placeholder, drawn in the Unsafe style
	Width  int    // terminal cells
}

// Segments splits data into what will be drawn, one segment per rune (per
// byte where s is not UTF-8), with placeholders for everything that could
// control the terminal or hide text.
func (t *Theme) Segments(s string) []Segment {
	out := make([]Segment, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var seg Segment
		if r == utf8.RuneError && n == 1 {
			seg = Segment{Text: invalidByte(s[i], t.G.ASCII), Unsafe: true}
		} else if p, ok := Placeholder(r, t.G.ASCII); ok {
			seg = Segment{Text: p, Unsafe: true}
		} else {
			seg = Segment{Text: s[i : i+n]}
		}
		seg.Width = ansi.StringWidth(seg.Text)
		out = append(out, seg)
		i += n
	}
	return out
}

// Draw renders segments, styling placeholders.
func (t *Theme) Draw(segs []Segment) string {
	var b strings.Builder
	for _, sg := range segs {
		if sg.Unsafe {
			b.WriteString(t.S.Unsafe.Render(sg.Text))
		} else {
			b.WriteString(sg.Text)
		}
	}
	return b.String()
}

// Safe returns s ready to draw: every rune that could control the terminal
// or hide text becomes a distinctly styled placeholder, invalid UTF-8 bytes
// become ⟨FF⟩. It is the single point where server data (record values,
// error messages, names) enters rendering. The raw value is never changed.
func (t *Theme) Safe(s string) string {
	if isPlain(s) {
		return s
	}
	return t.Draw(t.Segments(s))
}

// SafeCut is Safe limited to w cells, ending in an ellipsis when cut. Only
// the start of a long s is looked at: a 4 MB value costs what its first
// line does.
func (t *Theme) SafeCut(s string, w int) string {
	if len(s) <= w && isPlain(s) {
		return s
	}
	cut := false
	if limit := 16 * (w + 2); len(s) > limit {
		end := limit
		for end > 0 && !utf8.RuneStart(s[end]) {
			end--
		}
		s, cut = s[:end], true
	}
	segs := t.Segments(s)
	total := 0
	for _, sg := range segs {
		total += sg.Width
	}
	if total <= w && !cut {
		return t.Draw(segs)
	}
	ell := ansi.StringWidth(t.G.Ellipsis)
	used, n := 0, 0
	for n < len(segs) && used+segs[n].Width <= w-ell {
		used += segs[n].Width
		n++
	}
	if w < ell {
		return ""
	}
	return t.Draw(segs[:n]) + t.G.Ellipsis
}

// isPlain reports whether s is printable ASCII only (the common case).
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
