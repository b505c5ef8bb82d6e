package ui

import (
	"fmt"
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// These benchmarks measure the render path and key handling in-process;
// .ci/bench adds the real binary in a pseudo-terminal. Figures are in the
// README. Nothing here asserts a time: machines are shared and noisy.

// benchHarness is a harness drawing as the program does: the draft is
// staged by each change and written by flush, once per frame.
func benchHarness(b *testing.B, id string, w, h int) *harness {
	hs := newHarness(b, id)
	hs.m.c.frames = newFrames(io.Discard, hs.m.c.Drafts)
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// frame is what the program does before a frame's bytes go out: the
// staged draft written.
func (h *harness) frame() {
	if err := h.m.c.Drafts.Flush(); err != nil {
		h.t.Fatal(err)
	}
}

// typer types the 40 characters of typed into a field, one per call,
// clearing it (ctrl+u) after every 40.
type typer struct {
	h *harness
	n int
}

const typed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"

func (t *typer) key() {
	msg := tea.KeyPressMsg{Code: rune(typed[t.n%len(typed)]), Text: string(typed[t.n%len(typed)])}
	if t.n%(len(typed)+1) == len(typed) {
		msg = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	t.n++
	next, _ := t.h.m.Update(msg)
	t.h.m = next.(Model)
}

// BenchmarkViewLargestGroup is the View after a typed character in
// Coverage (22 fields), at 80x24 and 120x40: what a keystroke costs to
// draw, before the renderer.
func BenchmarkViewLargestGroup(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(sizeName(size), func(b *testing.B) {
			h := benchHarness(b, fakeapi.MarketplaceID, size[0], size[1])
			h.goTo("plan name")
			t := &typer{h: h}
			for b.Loop() {
				b.StopTimer()
				t.key()
				b.StartTimer()
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkKey is the CPU time of one typed character as the program
// spends it in the model: Update, View, and the durable draft write before
// its frame.
func BenchmarkKey(b *testing.B) {
	h := benchHarness(b, fakeapi.MarketplaceID, 80, 24)
	h.goTo("plan name")
	t := &typer{h: h}
	for b.Loop() {
		t.key()
		_ = h.m.View()
		h.frame()
	}
}

// BenchmarkBurst40 is 40 typed characters arriving in one read: 40 Updates
// and one frame (a View and one draft write), as the program draws them.
func BenchmarkBurst40(b *testing.B) {
	h := benchHarness(b, fakeapi.MarketplaceID, 80, 24)
	h.goTo("plan name")
	h.keys("ctrl+u")
	for b.Loop() {
		for _, r := range strings.Repeat("abcdefghij", 4) {
			next, _ := h.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			h.m = next.(Model)
		}
		_ = h.m.View()
		h.frame()
		next, _ := h.m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		h.m = next.(Model)
	}
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }
