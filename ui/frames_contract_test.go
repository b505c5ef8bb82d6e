package ui

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The frame writer's contract with Bubble Tea (frames.go lists what it
// relies on), checked on a real program over a real pseudo-terminal: each
// way the program ends restores the terminal at once, an idle program
// writes nothing, and a key is drawn without waiting for a frame tick. A
// Bubble Tea upgrade that changes what frames.go relies on fails here.
//
// "At once" is bounded by released, far above what it takes (a few
// milliseconds) and far below what a parked writer costs when it is not
// released (the probe: 5 to 6 s); the machines are shared and slow at times.
const released = 1500 * time.Millisecond

// ptyRun is a program on a pseudo-terminal: the test is the terminal.
type ptyRun struct {
	t    *testing.T
	ptmx *os.File // the terminal's side: keys in, output out
	tty  *os.File // the program's side
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func newPTY(t *testing.T) *ptyRun {
	t.Helper()
	opened, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(opened, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	// The master as a non-blocking file, read through Go's poller, so that
	// Close ends a read in progress and really closes it (the terminal
	// going away); pty.Open's file is in blocking mode.
	fd, err := unix.Dup(int(opened.Fd()))
	if err == nil {
		err = unix.SetNonblock(fd, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	opened.Close()
	ptmx := os.NewFile(uintptr(fd), "ptmx")
	r := &ptyRun{t: t, ptmx: ptmx, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	return r
}

func (r *ptyRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

func (r *ptyRun) bytes() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.Len()
}

func (r *ptyRun) waitFor(s string) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.output(), s) {
		if time.Now().After(deadline) {
			r.t.Fatalf("never drew %q; output %q", s, r.output())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// ended waits for the program to end and says how long it took from since.
func (r *ptyRun) ended(since time.Time, what string) time.Duration {
	r.t.Helper()
	select {
	case <-r.done:
	case <-time.After(15 * time.Second):
		r.t.Fatalf("%s: the program did not end", what)
	}
	took := time.Since(since)
	r.t.Logf("%s: ended %s after", what, took.Round(time.Millisecond))
	if took > released {
		r.t.Errorf("%s: the program took %s to end: a parked writer was not released", what, took)
	}
	return took
}

// restored checks that the terminal is back as it was: line editing and
// echo on, and the last thing written leaves the alternate screen.
func (r *ptyRun) restored(what string) {
	r.t.Helper()
	st, err := unix.IoctlGetTermios(int(r.tty.Fd()), unix.TCGETS)
	if err != nil {
		r.t.Fatal(err)
	}
	if st.Lflag&unix.ICANON == 0 || st.Lflag&unix.ECHO == 0 {
		r.t.Errorf("%s: the terminal is still in raw mode", what)
	}
	time.Sleep(50 * time.Millisecond) // the last bytes through the pty
	out := r.output()
	if i := strings.LastIndex(out, "\x1b[?1049l"); i < 0 || i < strings.LastIndex(out, "\x1b[?1049h") {
		r.t.Errorf("%s: still on the alternate screen", what)
	}
}

// fullScreen runs the editor itself (RunFullScreen) on the Medicare lead.
func fullScreen(t *testing.T) (*ptyRun, chan os.Signal, *Outcome) {
	t.Helper()
	h := newHarness(t, fakeapi.MedicareLeadID) // its fake and client
	r := newPTY(t)
	sigs := make(chan os.Signal, 4)
	var out Outcome
	cfg := Config{Client: h.m.c.Client, CustomerID: fakeapi.MedicareLeadID, Drafts: h.m.c.Drafts}
	go func() {
		defer close(r.done)
		o, err := RunFullScreen(cfg, Terminal{In: r.tty, Out: r.tty, Profile: colorprofile.ANSI256, Signals: sigs})
		if err != nil {
			t.Error(err)
		}
		out = o
	}()
	r.waitFor("review")
	r.waitRaw()
	return r, sigs, &out
}

func TestContractQuitRestoresAtOnce(t *testing.T) {
	r, _, _ := fullScreen(t)
	time.Sleep(100 * time.Millisecond) // parked by now
	start := time.Now()
	_, _ = r.ptmx.Write([]byte{3}) // ctrl+c, nothing unsaved
	r.ended(start, "quit")
	r.restored("quit")
}

func TestContractSignalsRestoreAtOnce(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			r, sigs, out := fullScreen(t)
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			sigs <- sig
			r.ended(start, sig.String())
			r.restored(sig.String())
			if out.Signal != sig {
				t.Fatalf("outcome signal %v", out.Signal)
			}
			if sig == syscall.SIGQUIT && !bytes.Contains(out.Dump, []byte("goroutine ")) {
				t.Fatalf("no goroutine dump: %q", out.Dump)
			}
		})
	}
}

func TestContractInputEndingEndsTheSession(t *testing.T) {
	r, _, out := fullScreen(t)
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	r.ptmx.Close() // the terminal goes away: the program's reads end
	r.ended(start, "input ended")
	if !out.Report.Ending.InputEnded || out.Signal != syscall.SIGHUP {
		t.Fatalf("outcome %+v", *out)
	}
}

func TestContractIdleWritesNothing(t *testing.T) {
	r, _, _ := fullScreen(t)
	time.Sleep(200 * time.Millisecond)
	n := r.bytes()
	time.Sleep(500 * time.Millisecond) // 30 frame ticks
	if d := r.bytes() - n; d != 0 {
		t.Fatalf("an idle program wrote %d bytes", d)
	}
}

// contractModel is the smallest model that uses the frame writer as the
// editor does, with keys that make it panic: in Update (p), in a command
// (c), and that quit (q). Everything else typed is drawn.
type contractModel struct {
	f    *frames
	text string
}

func (c contractModel) Init() tea.Cmd { return nil }

func (c contractModel) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			model, cmd = c, c.f.crashed(r)
		}
	}()
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	switch k.Text {
	case "p":
		panic("a panic in Update")
	case "c":
		return c, c.f.guard(func() tea.Msg { panic("a panic in a command") })
	case "q":
		return c, tea.Quit
	}
	c.text += k.Text
	return c, nil
}

func (c contractModel) View() tea.View {
	return c.f.view(func() tea.View {
		v := tea.NewView("typed:" + c.text + ".")
		v.AltScreen = true
		return v
	})
}

// small runs contractModel on a pty at fps frames a second.
func small(t *testing.T, fps int) (*ptyRun, *frames) {
	t.Helper()
	r := newPTY(t)
	f := newFrames(r.tty, nil)
	p := f.program(contractModel{f: f}, tea.WithInput(r.tty), tea.WithoutSignalHandler(), tea.WithFPS(fps))
	go func() {
		defer close(r.done)
		_, err := p.Run()
		if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic) {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { // before the terminal closes under it
		f.stop()
		p.Kill()
		<-r.done
	})
	r.waitFor("typed:.")
	r.waitRaw()
	return r, f
}

// waitRaw waits until the program has put the terminal in raw mode: a key
// written before that sits in the line discipline until a newline, and a
// test would wait for an answer to a key the program never read.
func (r *ptyRun) waitRaw() {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := unix.IoctlGetTermios(int(r.tty.Fd()), unix.TCGETS)
		if err == nil && st.Lflag&unix.ICANON == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatal("the terminal never went raw")
		}
		time.Sleep(time.Millisecond)
	}
}

// waitParked waits until the drawing goroutine is parked.
func waitParked(t *testing.T, f *frames) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		parked := f.parked
		f.mu.Unlock()
		if parked {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the drawing goroutine never parked")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestContractPanicsRestoreAtOnce(t *testing.T) {
	for _, key := range []string{"p", "c"} {
		t.Run(key, func(t *testing.T) {
			r, f := small(t, 60)
			waitParked(t, f)
			start := time.Now()
			_, _ = r.ptmx.Write([]byte(key))
			r.ended(start, "panic "+key)
			r.restored("panic " + key)
			if c := f.crashOf(); c == nil || !strings.Contains(c.Value, "a panic in") || !bytes.Contains(c.Stack, []byte("contractModel")) {
				t.Fatalf("the panic was not recorded: %+v", c)
			}
		})
	}
}

// A key typed while the drawing goroutine is parked is drawn by the wake
// its mark brings, not by a tick: the ticker's only reader is the parked
// goroutine, so no tick can draw it. (Were marks not written any more, the
// goroutine would never park, and the idle test fails; were the wake lost,
// only the probe, seconds later, would draw it.) The tick is a second here,
// so no draw hides behind one.
func TestContractAKeyIsDrawnBeforeTheNextTick(t *testing.T) {
	r, f := small(t, 1)
	for _, k := range []string{"w", "x", "y", "z"} {
		waitParked(t, f)
		n := r.bytes()
		start := time.Now()
		_, _ = r.ptmx.Write([]byte(k))
		for !strings.Contains(r.output()[n:], k) {
			if time.Since(start) > 10*time.Second {
				t.Fatalf("key %q never drawn", k)
			}
			time.Sleep(time.Millisecond)
		}
		if took := time.Since(start); took > probeEvery/2 {
			t.Errorf("key %q drawn after %s: woken by the probe, not by its mark", k, took)
		}
	}
	start := time.Now()
	_, _ = r.ptmx.Write([]byte("q"))
	r.ended(start, "quit at 1 fps")
}
