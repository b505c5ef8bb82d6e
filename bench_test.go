package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// Benchmarks of the real binary in a pseudo-terminal, against the demo.
// Run them with .ci/bench; the README shows the figures.

// session is the binary running in a pty, its output collected.
type session struct {
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startSession(tb testing.TB, bin string, cols, rows int, args ...string) *session {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8", "XDG_STATE_HOME="+stateDir(tb))
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		tb.Fatal(err)
	}
	s := &session{cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				close(s.done)
				return
			}
		}
	}()
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = tty.Close() })
	return s
}

func (s *session) bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Len()
}

func (s *session) waitFor(tb testing.TB, text string) { s.waitFrom(tb, 0, text) }

// waitFrom waits for text in the output written after byte offset from.
func (s *session) waitFrom(tb testing.TB, from int, text string) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		ok := strings.Contains(s.out.String()[from:], text)
		s.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(time.Millisecond)
	}
	tb.Fatalf("never saw %q", text)
}

// settle waits until output has started after 'before' and then stopped for
// a quiet spell.
func (s *session) settle(before int) {
	const quiet = 40 * time.Millisecond
	deadline := time.Now().Add(2 * time.Second)
	last, lastChange := s.bytes(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
		n := s.bytes()
		if n != last {
			last, lastChange = n, time.Now()
			continue
		}
		if n > before && time.Since(lastChange) >= quiet {
			return
		}
	}
}

func (s *session) send(keys string) { _, _ = s.tty.WriteString(keys) }

// measure sends each key alone, waits for its frame, and returns bytes per
// key: over all keys, and over all but the first (the steady state).
func (s *session) measure(keys []string) (all, steady float64) {
	s.settle(0)
	start := s.bytes()
	var afterFirst int
	for i, k := range keys {
		before := s.bytes()
		s.send(k)
		s.settle(before)
		if i == 0 {
			afterFirst = s.bytes()
		}
	}
	all = float64(s.bytes()-start) / float64(len(keys))
	steady = float64(s.bytes()-afterFirst) / float64(len(keys)-1)
	return all, steady
}

// quit ends the session and returns its peak RSS in MB.
func (s *session) quit(tb testing.TB) float64 {
	s.send("\x03") // ctrl+c
	time.Sleep(100 * time.Millisecond)
	s.send("d") // discard, if asked
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		tb.Fatal("did not quit")
	}
	_ = s.cmd.Wait()
	if ru, ok := s.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // kB on Linux
	}
	return 0
}

var sizes = []struct {
	name       string
	cols, rows int
}{{"80x24", 80, 24}, {"120x40", 120, 40}}

func benchBinary(b *testing.B) string { return buildBinary(b) }

// BenchmarkFirstFrame is the time from starting the binary to the first
// frame that shows the whole record (the demo, opened by ID).
func BenchmarkFirstFrame(b *testing.B) {
	bin := benchBinary(b)
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			var rss float64
			for b.Loop() {
				s := startSession(b, bin, sz.cols, sz.rows, "--demo", fakeapi.MedicareLeadID)
				s.waitFor(b, "review")
				b.StopTimer()
				rss = max(rss, s.quit(b))
				b.StartTimer()
			}
			b.ReportMetric(rss, "peak-RSS-MB")
		})
	}
}

// BenchmarkBytes reports the bytes written per typed character in a text
// field, per field move (tab) and per group switch (ctrl+n).
func BenchmarkBytes(b *testing.B) {
	bin := benchBinary(b)
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			var perChar, steadyChar, perMove, perGroup, rss float64
			for b.Loop() {
				s := startSession(b, bin, sz.cols, sz.rows, "--demo", fakeapi.MedicareLeadID)
				s.waitFor(b, "review")
				s.send("\x07first name\r") // ctrl+g: go to First name
				s.waitFor(b, "firstName")
				perChar, steadyChar = s.measure(strings.Split(strings.Repeat("abcdefghij", 4), ""))
				perMove, _ = s.measure(strings.Split(strings.Repeat("\t", 10), ""))
				perGroup, _ = s.measure(strings.Split(strings.Repeat("\x0e", 12), "")) // ctrl+n
				rss = s.quit(b)
			}
			b.ReportMetric(perChar, "bytes/char")
			b.ReportMetric(steadyChar, "bytes/char-after-first")
			b.ReportMetric(perMove, "bytes/move")
			b.ReportMetric(perGroup, "bytes/group")
			b.ReportMetric(rss, "peak-RSS-MB")
		})
	}
}

// BenchmarkBurst40 sends 40 typed characters in one write, as an SSH read
// delivers type-ahead, and times until the frame showing all of them.
func BenchmarkBurst40(b *testing.B) {
	bin := benchBinary(b)
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			s := startSession(b, bin, sz.cols, sz.rows, "--demo", fakeapi.MedicareLeadID)
			s.waitFor(b, "review")
			s.send("\x07plan name\r") // an empty field on the Coverage tab
			s.waitFor(b, "planName")
			s.settle(0)
			burst := strings.Repeat("abcdefghij", 4)
			for b.Loop() {
				mark := s.bytes()
				s.send(burst)
				s.waitFrom(b, mark, "40/255")
				b.StopTimer()
				mark = s.bytes()
				s.send("\x15") // ctrl+u: clear for the next round
				s.waitFrom(b, mark, " 0/255")
				s.settle(0)
				b.StartTimer()
			}
			start := s.cpu()
			for i := 0; i < 200; i++ {
				s.send("a\x7f") // a character and a backspace
			}
			s.settle(0)
			b.ReportMetric(float64(s.cpu()-start)/float64(time.Microsecond)/400, "cpu-µs/key")
			s.quit(b)
		})
	}
}

// cpu is the process's user+system CPU time so far, from /proc.
func (s *session) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + itoa(s.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	// Fields after the command: state is f[0]; utime, stime are 14th, 15th
	// of the full line, i.e. f[11], f[12], in clock ticks (100 Hz).
	var ut, st int64
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func itoa(n int) string { return fmt.Sprint(n) }

// stateDir is where a benchmark session keeps drafts: BENCH_STATE when set
// (to compare disks), else a temporary directory.
func stateDir(tb testing.TB) string {
	if d := os.Getenv("BENCH_STATE"); d != "" {
		return d
	}
	return tb.TempDir()
}
