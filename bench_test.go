package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
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

// session is a program running in a pty, its output collected with the
// time each read of it arrived.
type session struct {
	cmd    *exec.Cmd
	tty    *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	chunks []chunk
	done   chan struct{}
}

// chunk is one read of the program's output: when it arrived and where it
// ends in the output.
type chunk struct {
	at  time.Time
	end int
}

func startSession(tb testing.TB, bin string, cols, rows int, args ...string) *session {
	tb.Helper()
	return startProgram(tb, "", []string{"XDG_STATE_HOME=" + stateDir(tb)}, cols, rows, bin, args...)
}

// startProgram runs name with args in a cols x rows pty, in dir when given,
// with env added to this process's environment.
func startProgram(tb testing.TB, dir string, env []string, cols, rows int, name string, args ...string) *session {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8"), env...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		tb.Fatal(err)
	}
	s := &session{cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			at := time.Now()
			s.mu.Lock()
			s.out.Write(buf[:n])
			if n > 0 {
				s.chunks = append(s.chunks, chunk{at: at, end: s.out.Len()})
			}
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

// waitFrom waits for text in the output written after byte offset from,
// and returns when the read that completed it arrived.
func (s *session) waitFrom(tb testing.TB, from int, text string) time.Time {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		i := strings.Index(s.out.String()[from:], text)
		var at time.Time
		if i >= 0 {
			at = s.arrival(from + i + len(text))
		}
		s.mu.Unlock()
		if i >= 0 {
			return at
		}
		time.Sleep(time.Millisecond)
	}
	tb.Fatalf("never saw %q", text)
	return time.Time{}
}

// arrival is when the output up to byte offset end had arrived. The caller
// holds s.mu.
func (s *session) arrival(end int) time.Time {
	for _, c := range s.chunks {
		if c.end >= end {
			return c.at
		}
	}
	return time.Now()
}

// firstAfter waits up to limit for output beyond byte offset from and
// returns when it arrived; false if none came.
func (s *session) firstAfter(from int, limit time.Duration) (time.Time, bool) {
	deadline := time.Now().Add(limit)
	for {
		s.mu.Lock()
		if s.out.Len() > from {
			at := s.arrival(from + 1)
			s.mu.Unlock()
			return at, true
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			return time.Time{}, false
		}
		time.Sleep(200 * time.Microsecond)
	}
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
	all, steady, _ = s.measureWorst(keys)
	return all, steady
}

// measureWorst is measure, and the most bytes one key cost.
func (s *session) measureWorst(keys []string) (all, steady, worst float64) {
	s.settle(0)
	start := s.bytes()
	var afterFirst int
	for i, k := range keys {
		before := s.bytes()
		s.send(k)
		s.settle(before)
		worst = max(worst, float64(s.bytes()-before))
		if i == 0 {
			afterFirst = s.bytes()
		}
	}
	all = float64(s.bytes()-start) / float64(len(keys))
	steady = float64(s.bytes()-afterFirst) / float64(len(keys)-1)
	return all, steady, worst
}

// quit ends the session with keys (ccedit's when none are given) and
// returns its peak RSS in MB.
func (s *session) quit(tb testing.TB, keys ...string) float64 {
	if len(keys) == 0 {
		keys = []string{"\x03", "d"} // ctrl+c; then discard, if asked
	}
	for i, k := range keys {
		if i > 0 {
			time.Sleep(100 * time.Millisecond)
		}
		s.send(k)
	}
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

// benchBinary is the binary the pty benchmarks run: BENCH_BINARY when set
// (to compare two builds in one sitting), else this checkout's.
func benchBinary(b *testing.B) string {
	if p := os.Getenv("BENCH_BINARY"); p != "" {
		return p
	}
	return buildBinary(b)
}

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
			var perChar, steadyChar, perMove, worstMove, listMove, worstList, perGroup, rss float64
			for b.Loop() {
				s := startSession(b, bin, sz.cols, sz.rows, "--demo", fakeapi.MedicareLeadID)
				s.waitFor(b, "review")
				s.send("\x07first name\r") // ctrl+g: go to First name
				s.waitFor(b, "firstName")
				perChar, steadyChar = s.measure(strings.Split(strings.Repeat("abcdefghij", 4), ""))
				perMove, _, worstMove = s.measureWorst(strings.Split(strings.Repeat("\t", 10), ""))
				perGroup, _ = s.measure(strings.Split(strings.Repeat("\x0e", 12), "")) // ctrl+n
				// Identity starts with four lists: the moves onto and off
				// a list are the costly ones.
				s.send("\x07status\r")
				s.waitFor(b, "status:")
				listMove, _, worstList = s.measureWorst(strings.Split(strings.Repeat("\t", 10), ""))
				rss = s.quit(b)
			}
			b.ReportMetric(perChar, "bytes/char")
			b.ReportMetric(steadyChar, "bytes/char-after-first")
			b.ReportMetric(perMove, "bytes/move")
			b.ReportMetric(max(worstMove, worstList), "bytes/worst-move")
			b.ReportMetric(listMove, "bytes/move-from-lists")
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
			var took []float64
			for b.Loop() {
				took = append(took, s.burst(b, typed, "█  40", "\x15")) // the count; ctrl+u clears
			}
			b.ReportMetric(median(took), "burst-ms")
			s.quit(b)
		})
	}
}

// typed is what the benchmarks type: 40 different characters, so that the
// last few are seen only once all of them are drawn.
const typed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"

// burst writes text at once, waits until marker shows it drawn, clears it
// with clear and returns the milliseconds from the write to the frame.
func (s *session) burst(b *testing.B, text, marker, clear string) float64 {
	b.Helper()
	s.settle(0)
	mark := s.bytes()
	sent := time.Now()
	s.send(text)
	drawn := s.waitFrom(b, mark, marker)
	b.StopTimer()
	s.settle(mark)
	mark = s.bytes()
	s.send(clear)
	s.settle(mark)
	b.StartTimer()
	return float64(drawn.Sub(sent)) / float64(time.Millisecond)
}

// An editor is a program typed into in the same harness: ccedit in an empty
// text field, vim and nano in an empty file, and the floor (testdata/floor:
// ccedit's screen drawn by Bubble Tea and nothing else) in its one field.
type editor struct {
	name   string
	open   func(b *testing.B, cols, rows int) *session // started, ready for typed text
	marker string                                      // shows that all of typed is drawn
	clear  string                                      // empties what was typed
	quit   []string                                    // leaves without saving
}

// floorBinary builds testdata/floor once per run.
func floorBinary(b testing.TB) string {
	b.Helper()
	path := filepath.Join(filepath.Dir(buildBinary(b)), "floor")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	cmd := exec.Command("go", "build", "-o", path, "./testdata/floor")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build ./testdata/floor: %v\n%s", err, out)
	}
	return path
}

// The floor program builds (go vet ./... does not see testdata).
func TestFloorBuilds(t *testing.T) { floorBinary(t) }

func editors(b *testing.B) []editor {
	bin := benchBinary(b)
	eds := []editor{{
		name: "ccedit",
		open: func(b *testing.B, cols, rows int) *session {
			s := startSession(b, bin, cols, rows, "--demo", fakeapi.MedicareLeadID)
			s.waitFor(b, "review")
			s.send("\x07plan name\r") // an empty text field on the Coverage tab
			s.waitFor(b, "planName")
			return s
		},
		marker: "█  40", clear: "\x15", // the count after the text; ctrl+u
	}, {
		name: "floor",
		open: func(b *testing.B, cols, rows int) *session {
			s := startProgram(b, b.TempDir(), nil, cols, rows, floorBinary(b))
			s.waitFor(b, "Field number 20")
			return s
		},
		marker: "█  40", clear: "\x15", quit: []string{"\x03"},
	}}
	if path, err := exec.LookPath("vim"); err == nil {
		eds = append(eds, editor{
			name: "vim",
			open: func(b *testing.B, cols, rows int) *session {
				dir := b.TempDir()
				s := startProgram(b, dir, []string{"HOME=" + dir}, cols, rows, path, "--clean", "typed.txt")
				s.waitFor(b, "typed.txt")
				s.settle(0)
				s.send("i")
				s.waitFor(b, "INSERT")
				return s
			},
			marker: "KLMN", clear: "\x15", quit: []string{"\x1b", ":q!\r"}, // ctrl+u in insert mode
		})
	}
	if path, err := exec.LookPath("nano"); err == nil {
		eds = append(eds, editor{
			name: "nano",
			open: func(b *testing.B, cols, rows int) *session {
				dir := b.TempDir()
				s := startProgram(b, dir, []string{"HOME=" + dir}, cols, rows, path, "--ignorercfiles", "typed.txt")
				s.waitFor(b, "Help")
				return s
			},
			marker: "KLMN", clear: "\x0b", quit: []string{"\x18", "n"}, // ctrl+k cuts the line; ctrl+x, no
		})
	}
	return eds
}

// BenchmarkEditors runs ccedit, vim and nano (when installed) through the
// same steps at 80x24: idle, typing at a human pace (a key every 80 ms),
// 40 characters in one write, quit. It reports, per editor:
//
//   - idle-ms/s: CPU time per second while nothing happens, and
//     idle-bytes, what was written meanwhile (10 s each);
//   - key-ms-gross: CPU time per key while typing at a human pace, and
//     key-ms-net, the same less what idling would have cost;
//   - echo-ms-median, echo-ms-max: from writing a key to its first output;
//   - bytes/key: bytes written per typed character, the first included;
//   - burst-ms: from writing 40 characters at once to their frame;
//   - peak-RSS-MB.
//
// CPU time is the process's, summed over its threads from
// /proc/PID/task/*/schedstat (nanoseconds, not clock ticks).
func BenchmarkEditors(b *testing.B) {
	for _, ed := range editors(b) {
		b.Run(ed.name, func(b *testing.B) {
			const idleFor, pace = 10 * time.Second, 80 * time.Millisecond
			var idle, idleBytes, gross, net, echoMed, echoMax, perKey, burst, rss []float64
			for b.Loop() {
				s := ed.open(b, 80, 24)
				s.settle(0)
				time.Sleep(500 * time.Millisecond) // start-up work done
				s.settle(0)

				c0, t0, n0 := s.cpu(), time.Now(), s.bytes()
				time.Sleep(idleFor)
				idleRate := float64(s.cpu()-c0) / float64(time.Since(t0)) // CPU seconds per second
				idle = append(idle, idleRate*1000)
				idleBytes = append(idleBytes, float64(s.bytes()-n0))

				var echo []float64
				c0, t0, n0 = s.cpu(), time.Now(), s.bytes()
				next := time.Now()
				for _, r := range typed {
					time.Sleep(time.Until(next))
					next = next.Add(pace)
					before := s.bytes()
					sent := time.Now()
					s.send(string(r))
					if at, ok := s.firstAfter(before, pace-5*time.Millisecond); ok {
						echo = append(echo, float64(at.Sub(sent))/float64(time.Millisecond))
					} else {
						echo = append(echo, float64(pace)/float64(time.Millisecond))
					}
				}
				time.Sleep(time.Until(next))
				s.settle(n0)
				keys := float64(len(typed))
				spent := float64(s.cpu()-c0) / float64(time.Millisecond)
				gross = append(gross, spent/keys)
				net = append(net, (spent-idleRate*float64(time.Since(t0)/time.Millisecond))/keys)
				perKey = append(perKey, float64(s.bytes()-n0)/keys)
				echoMed = append(echoMed, median(echo))
				echoMax = append(echoMax, slices.Max(echo))

				mark := s.bytes()
				s.send(ed.clear)
				s.settle(mark)
				burst = append(burst, s.burst(b, typed, ed.marker, ed.clear))
				rss = append(rss, s.quit(b, ed.quit...))
			}
			b.ReportMetric(median(idle), "idle-ms/s")
			b.ReportMetric(median(idleBytes), "idle-bytes")
			b.ReportMetric(median(gross), "key-ms-gross")
			b.ReportMetric(median(net), "key-ms-net")
			b.ReportMetric(median(echoMed), "echo-ms-median")
			b.ReportMetric(median(echoMax), "echo-ms-max")
			b.ReportMetric(median(perKey), "bytes/key")
			b.ReportMetric(median(burst), "burst-ms")
			b.ReportMetric(median(rss), "peak-RSS-MB")
		})
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cpu is the CPU time so far of the process and its descendants (ccedit's
// guard and the editor it runs), summed over their threads from
// /proc/PID/task/*/schedstat (whose first field is nanoseconds on a CPU).
func (s *session) cpu() time.Duration {
	return treeCPU(s.cmd.Process.Pid, 0)
}

// treeCPU is pid's CPU time and its children's, depth levels down at most 3.
func treeCPU(pid, depth int) time.Duration {
	dir := "/proc/" + strconv.Itoa(pid) + "/task/"
	tasks, _ := filepath.Glob(dir + "*/schedstat")
	var sum time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			sum += time.Duration(n)
		}
	}
	if depth >= 3 {
		return sum
	}
	kids, _ := filepath.Glob(dir + "*/children")
	for _, k := range kids {
		b, _ := os.ReadFile(k)
		for _, c := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(c); err == nil {
				sum += treeCPU(child, depth+1)
			}
		}
	}
	return sum
}

// stateDir is where a benchmark session keeps drafts: BENCH_STATE when set
// (to compare disks), else a temporary directory.
func stateDir(tb testing.TB) string {
	if d := os.Getenv("BENCH_STATE"); d != "" {
		return d
	}
	return tb.TempDir()
}
