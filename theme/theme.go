package theme

import (
	"image/color"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles are every lipgloss style the UI uses, built once per theme; View
// only calls Render on them.
type Styles struct {
	Title       lipgloss.Style
	Subtle      lipgloss.Style
	Tab         lipgloss.Style
	TabActive   lipgloss.Style
	TabCount    lipgloss.Style
	Rule        lipgloss.Style
	Label       lipgloss.Style
	LabelFocus  lipgloss.Style
	Value       lipgloss.Style
	ValueFocus  lipgloss.Style
	Null        lipgloss.Style
	ReadOnly    lipgloss.Style
	Changed     lipgloss.Style
	Error       lipgloss.Style
	Warn        lipgloss.Style
	OK          lipgloss.Style
	Hint        lipgloss.Style
	APIName     lipgloss.Style
	Counter     lipgloss.Style
	CounterFull lipgloss.Style
	Option      lipgloss.Style
	OptionOn    lipgloss.Style
	HelpKey     lipgloss.Style
	HelpDesc    lipgloss.Style
	Before      lipgloss.Style
	After       lipgloss.Style
	Unsafe      lipgloss.Style
	Selected    lipgloss.Style
	Cursor      lipgloss.Style
}

// Theme is a glyph set plus the styles for one background.
type Theme struct {
	G Glyphs
	S Styles
	// Huh is the theme for huh forms and dialogs (Form.WithTheme), on the
	// same palette and glyphs. Its styles are built once, for both
	// backgrounds: it follows the background the form was told about in a
	// tea.BackgroundColorMsg, not New's dark.
	Huh huh.Theme
}

type palette struct {
	accent, subtle, text, changed, err, warn, ok, unsafe, selBg color.Color
}

// newPalette is ccedit's colours for a dark or a light background.
func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	return palette{
		accent:  ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A08CFF")),
		subtle:  ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#8A8A8A")),
		text:    ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E6E6E6")),
		changed: ld(lipgloss.Color("#B35C00"), lipgloss.Color("#FFB454")),
		err:     ld(lipgloss.Color("#C0172B"), lipgloss.Color("#FF6B7A")),
		warn:    ld(lipgloss.Color("#8A6D00"), lipgloss.Color("#E8CB54")),
		ok:      ld(lipgloss.Color("#1E7A36"), lipgloss.Color("#6BD98A")),
		unsafe:  ld(lipgloss.Color("#A0008C"), lipgloss.Color("#FF7AE6")),
		selBg:   ld(lipgloss.Color("#E4DEFF"), lipgloss.Color("#3B3070")),
	}
}

// New builds a theme. Colours are given in full and reduced by Bubble Tea to
// what the terminal supports (256, 16, none). With mono (no colour at all:
// NO_COLOR, vt100) what colour would show is shown with reverse video and
// bold instead.
func New(dark bool, g Glyphs, mono bool) *Theme {
	p := newPalette(dark)
	base := lipgloss.NewStyle()
	s := Styles{
		Title:       base.Bold(true).Foreground(p.accent),
		Subtle:      base.Foreground(p.subtle),
		Tab:         base.Foreground(p.subtle),
		TabActive:   base.Bold(true).Foreground(p.text).Background(p.selBg),
		TabCount:    base.Bold(true).Foreground(p.changed),
		Rule:        base.Foreground(p.subtle),
		Label:       base.Foreground(p.text),
		LabelFocus:  base.Bold(true).Foreground(p.accent),
		Value:       base.Foreground(p.text),
		ValueFocus:  base.Foreground(p.text),
		Null:        base.Foreground(p.subtle).Italic(true),
		ReadOnly:    base.Foreground(p.subtle),
		Changed:     base.Bold(true).Foreground(p.changed),
		Error:       base.Foreground(p.err),
		Warn:        base.Foreground(p.warn),
		OK:          base.Foreground(p.ok),
		Hint:        base.Foreground(p.subtle),
		APIName:     base.Foreground(p.accent),
		Counter:     base, // plain: it changes on every key, colour would triple its bytes
		CounterFull: base.Bold(true).Foreground(p.warn),
		Option:      base.Foreground(p.subtle),
		OptionOn:    base.Bold(true).Foreground(p.text).Background(p.selBg),
		HelpKey:     base.Bold(true).Foreground(p.text),
		HelpDesc:    base.Foreground(p.subtle),
		Before:      base.Foreground(p.err),
		After:       base.Foreground(p.ok),
		Unsafe:      base.Reverse(true).Foreground(p.unsafe),
		Selected:    base.Bold(true).Background(p.selBg),
		Cursor:      base.Reverse(true),
	}
	if g.ASCII || mono {
		// Reverse video marks placeholders without colour on vt100.
		s.Unsafe = base.Reverse(true)
	}
	if mono {
		s.TabActive = base.Bold(true).Reverse(true)
		s.TabCount = base.Bold(true).Reverse(true)
		s.OptionOn = base.Bold(true).Reverse(true)
		s.Selected = base.Reverse(true)
		s.Changed, s.Error, s.Warn = base.Bold(true), base.Bold(true), base.Bold(true)
		s.LabelFocus = base.Bold(true)
	}
	return &Theme{G: g, S: s, Huh: newHuhTheme(g, mono)}
}

// NewPlain is a theme whose styles draw nothing but the text: for the
// line-by-line mode, where a screen reader reads every byte.
func NewPlain(g Glyphs) *Theme {
	return &Theme{G: g, Huh: newPlainHuhTheme(g)}
}
