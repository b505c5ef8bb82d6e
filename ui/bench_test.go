package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// These benchmarks measure the render path and key handling in-process;
// bench/run.sh adds the real binary in a pseudo-terminal. Figures are in
// the README. Nothing here asserts a time: machines are shared and noisy.

func benchHarness(b *testing.B, id string, w, h int) *harness {
	hs := newHarness(b, id)
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// BenchmarkViewLargestGroup renders Coverage (22 fields) with a focused,
// changed text field at 80x24 and 120x40.
func BenchmarkViewLargestGroup(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(sizeName(size), func(b *testing.B) {
			h := benchHarness(b, fakeapi.MarketplaceID, size[0], size[1])
			h.goTo("agent name")
			h.typ("x")
			for b.Loop() {
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkKey is the CPU time of one typed character: Update (including
// the durable draft write) and the View that follows it.
func BenchmarkKey(b *testing.B) {
	h := benchHarness(b, fakeapi.MarketplaceID, 80, 24)
	h.goTo("agent name")
	k := tea.KeyPressMsg{Code: 'a', Text: "a"}
	bs := tea.KeyPressMsg{Code: tea.KeyBackspace}
	i := 0
	for b.Loop() {
		msg := k
		if i%2 == 1 {
			msg = bs // stay under the length limit
		}
		next, _ := h.m.Update(msg)
		h.m = next.(Model)
		_ = h.m.View()
		i++
	}
}

// BenchmarkBurst40 is 40 typed characters arriving in one read: 40 Updates
// and one frame, as Bubble Tea processes them.
func BenchmarkBurst40(b *testing.B) {
	h := benchHarness(b, fakeapi.MarketplaceID, 80, 24)
	h.goTo("plan name")
	h.keys("ctrl+u")
	text := strings.Repeat("abcdefghij", 4)
	for b.Loop() {
		for _, r := range text {
			next, _ := h.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			h.m = next.(Model)
		}
		_ = h.m.View()
		next, _ := h.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		h.m = next.(Model)
	}
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }
