// Package theme holds ccedit's look: lipgloss styles built once, the glyph
// sets for UTF-8 and ASCII terminals, and Safe, the one step through which
// server data reaches the screen.
package theme

import (
	"os"
	"strings"
)

// Glyphs are the symbols the UI draws. ASCII terminals get ASCII-only ones.
type Glyphs struct {
	ASCII    bool
	Changed  string // marks a changed field
	Invalid  string // marks an invalid field
	Focus    string // points at the focused field
	Arrow    string // before → after
	Ellipsis string
	Rule     string // horizontal rule cell
	Sep      string // separator in the help line
	Left     string // select: previous
	Right    string // select: next
	Radio    string // chosen option
	RadioOff string // other option
	Up       string
	Down     string
	UpKey    string // key names in help
	DownKey  string
	LeftKey  string
	RightKey string
	Cursor   string // the text cursor at the end of a line
	Bar      string // left edge of a quoted block
	Space    string // a space at the edge of a value, made visible
	Spinner  []string
}

// UnicodeGlyphs are for UTF-8 terminals.
func UnicodeGlyphs() Glyphs {
	return Glyphs{Changed: "●", Invalid: "✗", Focus: "▸", Arrow: "→", Ellipsis: "…", Rule: "─", Sep: " · ",
		Left: "‹", Right: "›", Radio: "◉", RadioOff: "○", Up: "↑", Down: "↓", UpKey: "↑", DownKey: "↓", Cursor: "█", Bar: "│", Space: "␣", LeftKey: "←", RightKey: "→",
		Spinner: []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}}
}

// ASCIIGlyphs write nothing above 0x7F.
func ASCIIGlyphs() Glyphs {
	return Glyphs{ASCII: true, Changed: "*", Invalid: "!", Focus: ">", Arrow: "->", Ellipsis: "...", Rule: "-", Sep: " | ",
		Left: "<", Right: ">", Radio: "(*)", RadioOff: "( )", Up: "^", Down: "v", UpKey: "up", DownKey: "down", Cursor: "_", Bar: "|", Space: "~", LeftKey: "left", RightKey: "right",
		Spinner: []string{"|", "/", "-", "\\"}}
}

// UTF8Locale reports whether the environment's locale is UTF-8, the way
// libc resolves it: LC_ALL, then LC_CTYPE, then LANG.
func UTF8Locale(getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}
