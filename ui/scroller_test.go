package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/viewport"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The scroller draws what the bubbles viewport drew, at every offset, less
// the spaces that padded each line (each frame starts from blank cells):
// styled text, wide characters, lines that fill the width, lines too wide,
// tabs, line breaks, no lines at all.
func TestScrollerDrawsAsTheViewport(t *testing.T) {
	h := newHarness(t, fakeapi.HostileID)
	st := h.m.c.Theme.S
	samples := [][]string{
		nil,
		{""},
		{"plain", st.Label.Render("styled label") + " " + st.Changed.Render("●"), "日本語の名前 😀 wide", strings.Repeat("x", 40)},
		{strings.Repeat("y", 41), "short"},
		{"tab\there", "after"},
		{"two\nlines", "crlf\r\nend", "last"},
	}
	for n := range 30 {
		samples = append(samples, []string{fmt.Sprintf("line %d %s", n, st.Hint.Render("hint"))})
	}
	var long []string
	for _, s := range samples {
		long = append(long, s...)
	}
	samples = append(samples, long)
	for k, lines := range samples {
		for _, size := range [][2]int{{40, 5}, {40, 1}, {80, 24}} {
			for off := 0; off < len(lines)+2; off++ {
				sc := newScroller(h.m.c)
				sc.setSize(size[0], size[1])
				sc.setLines(append([]string(nil), lines...))
				sc.vp.SetYOffset(off)
				vp := viewport.New()
				vp.SetWidth(sc.vp.Width())
				vp.SetHeight(sc.vp.Height())
				vp.SetContentLines(append([]string(nil), lines...))
				vp.SetYOffset(off)
				want := strings.Split(vp.View(), "\n")
				for i := range want {
					want[i] = strings.TrimRight(want[i], " ")
				}
				if got, want := sc.visible(), strings.Join(want, "\n"); got != want {
					t.Fatalf("sample %d at %v offset %d:\n got %q\nwant %q", k, size, off, got, want)
				}
			}
		}
	}
}
