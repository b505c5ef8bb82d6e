package forms

import (
	"strings"
	"unicode"
)

// Unsafe reports whether r may not be part of a value an agent types or
// pastes, nor reach a terminal as-is: C0 and C1 controls, DEL, bidi
// controls, zero-width and other format characters, line and paragraph
// separators, blank Hangul fillers, surrogates and supplementary private
// use. Such a rune is invisible or reorders what is around it: in a record
// it can only mislead. The theme draws each as a visible placeholder.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
		r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069,
		r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff,
		r == 0x2028, r == 0x2029,
		r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0, // Hangul fillers: blank, and wide
		unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cs, r), unicode.Is(unicode.Co, r) && r > 0xffff:
		return true
	}
	return false
}

// StripUnsafe removes every Unsafe rune, and invalid UTF-8: for text the
// agent types into a query, where an invisible character can only mislead.
func StripUnsafe(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "") {
		if !Unsafe(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
