package forms

import "testing"

func TestStripUnsafe(t *testing.T) {
	for in, want := range map[string]string{
		"Evanston":                       "Evanston",
		"Evan\u202eston\u200b\u009b":     "Evanston",
		"a\x1b[2Jb\x00c\x7f":             "a[2Jbc",
		"Ren\u00e9e \u4e2d":              "Ren\u00e9e \u4e2d",
		"bad\xffbyte":                    "badbyte",
		"\u115f\u3164 name\ufeff\u2028x": " namex",
	} {
		if got := StripUnsafe(in); got != want {
			t.Errorf("StripUnsafe(%q) = %q, want %q", in, got, want)
		}
	}
	for _, r := range []rune{'a', ' ', 'é', '中', '😀'} {
		if Unsafe(r) {
			t.Errorf("%q called unsafe", r)
		}
	}
}
