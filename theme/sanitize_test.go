package theme

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"
)

func TestSafeMakesDataInert(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		g := UnicodeGlyphs()
		if ascii {
			g = ASCIIGlyphs()
		}
		th := New(true, g, false)
		for _, c := range []struct{ in, want, wantASCII string }{
			{"plain", "plain", "plain"},
			{"a\x1b[2Jb", "a␛[2Jb", "a^[[2Jb"},
			{"\x1b]52;c;eA==\x07", "␛]52;c;eA==␇", "^[]52;c;eA==^G"},
			{"x\u202ey", "x⟨U+202E⟩y", "x<U+202E>y"},
			{"z\u200bw\ufeff", "z⟨U+200B⟩w⟨U+FEFF⟩", "z<U+200B>w<U+FEFF>"},
			{"c1\u009b", "c1⟨U+009B⟩", "c1<U+009B>"},
			{"del\x7f", "del␡", "del^?"},
			{"bad\xffutf", "bad⟨FF⟩utf", "bad<FF>utf"},
			{"José 😀", "José 😀", "José 😀"},
			{"line\r\nnext\ttab", "line␍␊next␉tab", "line^M^Jnext^Itab"},
		} {
			got := ansi.Strip(th.Safe(c.in))
			want := c.want
			if ascii {
				want = c.wantASCII
			}
			if got != want {
				t.Errorf("ascii=%v Safe(%q) = %q, want %q", ascii, c.in, got, want)
			}
		}
	}
}

func TestSafeCut(t *testing.T) {
	th := New(true, UnicodeGlyphs(), false)
	if got := ansi.Strip(th.SafeCut("abcdefgh", 5)); got != "abcd…" {
		t.Errorf("got %q", got)
	}
	if got := ansi.Strip(th.SafeCut("漢字漢字", 5)); got != "漢字…" {
		t.Errorf("wide: got %q", got)
	}
	if got := th.SafeCut("abc", 5); got != "abc" {
		t.Errorf("short: got %q", got)
	}
}

// FuzzSafe checks that no control, bidi or format rune from the input
// survives Safe, whatever the input.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"", "a\x1b[2J", "\x1b]8;;http://x\x1b\\t\x1b]8;;\x1b\\", "\u202e\u2066", "\xff\xfe", "\u009b1m"} {
		f.Add(s)
	}
	th := New(true, ASCIIGlyphs(), false)
	th.S.Unsafe = lipgloss.NewStyle() // no styling: any ESC left would come from data
	f.Fuzz(func(t *testing.T, s string) {
		out := th.Safe(s)
		for _, r := range out {
			if _, bad := Placeholder(r, true); bad {
				t.Fatalf("Safe(%q) left %U in %q", s, r, out)
			}
		}
		if strings.ContainsRune(out, 0xFFFD) && !strings.ContainsRune(s, 0xFFFD) {
			t.Fatalf("Safe(%q) produced U+FFFD", s)
		}
	})
}

func TestUTF8Locale(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		m    map[string]string
		want bool
	}{
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, false},
		{map[string]string{"LC_CTYPE": "C.utf8"}, true},
		{map[string]string{}, false},
	} {
		if got := UTF8Locale(env(c.m)); got != c.want {
			t.Errorf("%v: %v", c.m, got)
		}
	}
}

// A huge value costs what its first line does, and says it was cut.
func TestSafeCutLooksOnlyAtTheStart(t *testing.T) {
	th := New(true, UnicodeGlyphs(), false)
	huge := strings.Repeat("é", 2<<20)
	got := th.SafeCut(huge, 10)
	if want := strings.Repeat("é", 9) + "…"; got != want {
		t.Fatalf("%q", got)
	}
	marks := strings.Repeat("\u0301", 1000) // width 0 each: cut, yet narrow
	if got := th.SafeCut(marks, 10); !strings.HasSuffix(got, "…") {
		t.Fatalf("a cut value without an ellipsis: %q", got)
	}
	for _, r := range []rune{0x115f, 0x3164, 0xffa0} {
		if _, bad := Placeholder(r, false); !bad {
			t.Errorf("U+%04X drawn as is", r)
		}
	}
}
