package main

import (
	"strings"
	"testing"
)

// BenchmarkSearchBytes reports the bytes written per character typed into
// the search at 80x24 (the demo opened with no ID), at a pace that stays
// under the search's pause, so it counts the echo alone.
func BenchmarkSearchBytes(b *testing.B) {
	bin := benchBinary(b)
	var perChar, steady float64
	for b.Loop() {
		s := startSession(b, bin, 80, 24, "--demo")
		s.waitFor(b, "of 7")
		perChar, steady = s.measure(strings.Split("margaretoconnell", ""))
		s.quit(b)
	}
	b.ReportMetric(perChar, "bytes/char")
	b.ReportMetric(steady, "bytes/char-after-first")
}
