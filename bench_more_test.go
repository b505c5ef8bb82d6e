package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
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

// BenchmarkHugeValue is the first frame and peak memory with a record whose
// first name is 3.9 MB (under the API's 4 MiB body cap), the real binary
// against a loopback fake: time per op is start to the complete frame.
func BenchmarkHugeValue(b *testing.B) {
	bin := benchBinary(b)
	fake := fakeapi.New(fakeapi.Options{RateLimit: -1})
	const id = "99999999-9999-4999-8999-999999999998"
	if err := fake.Put(map[string]any{"id": id, "firstName": strings.Repeat("Ab", 1_950_000), "lastName": "Long"}); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	b.Setenv("CARECYCLE_API_KEY", fakeapi.DemoKey)
	var rss float64
	for b.Loop() {
		s := startSession(b, bin, 80, 24, "--base-url", srv.URL, id)
		s.waitFor(b, "review")
		b.StopTimer()
		rss = max(rss, s.quit(b))
		b.StartTimer()
	}
	b.ReportMetric(rss, "peak-RSS-MB")
}
