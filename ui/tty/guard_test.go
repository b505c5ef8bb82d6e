package tty

import (
	"bytes"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestGuardHelperEditor is the editor the guard tests start (this test
// binary again): it takes the terminal and draws a "record", then ends as
// GUARD_TEST asks.
func TestGuardHelperEditor(t *testing.T) {
	if !Guarded(os.Getenv) {
		t.Skip("run by the guard tests only")
	}
	e := Editor(os.Getenv)
	e.Taken()
	m, err := Raw(0)
	if err != nil {
		os.Exit(9)
	}
	if f := os.Getenv("GUARD_TEST_PIDFILE"); f != "" {
		_ = os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o600)
	}
	os.Stdout.WriteString("\x1b[?1049hTHE RECORD ON SCREEN")
	switch os.Getenv("GUARD_TEST") {
	case "panic": // in a goroutine no one can recover, as Bubble Tea's input reader
		go func() { panic("boom in a library goroutine") }()
		select {}
	case "clean":
		os.Stdout.WriteString("\x1b[?1049l")
		_ = m.Restore()
		e.Restored()
		os.Exit(3)
	case "term": // restores the terminal itself on SIGTERM, as the editor does
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		os.Stdout.WriteString("\x1b[?1049l")
		_ = m.Restore()
		e.Restored()
		os.Exit(143)
	}
	time.Sleep(time.Hour) // until killed (select{} would be a deadlock the runtime ends)
}

// guarded runs the helper editor under a guard on a new pseudo-terminal.
type guarded struct {
	t    *testing.T
	ptmx *os.File
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	code chan int
}

func runGuarded(t *testing.T, mode string) *guarded {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close(); ptmx.Close() })
	t.Setenv("GUARD_TEST", mode)
	t.Setenv("GUARD_TEST_PIDFILE", t.TempDir()+"/pid")
	g := &guarded{t: t, ptmx: ptmx, tty: tty, code: make(chan int, 1)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			g.mu.Lock()
			g.out.Write(buf[:n])
			g.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		code, err := Guard(GuardOptions{Args: []string{"-test.run=^TestGuardHelperEditor$"}, Stdin: tty, Stdout: tty, Stderr: tty,
			Reopen: "ccedit --demo 3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"})
		if err != nil {
			t.Error(err)
		}
		g.code <- code
	}()
	g.waitFor("THE RECORD ON SCREEN")
	return g
}

func (g *guarded) output() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.out.String()
}

func (g *guarded) waitFor(s string) {
	g.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(g.output(), s) {
		if time.Now().After(deadline) {
			g.t.Fatalf("never saw %q in %q", s, g.output())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (g *guarded) exit() int {
	g.t.Helper()
	select {
	case c := <-g.code:
		return c
	case <-time.After(20 * time.Second):
		g.t.Fatal("the guard did not return")
	}
	return -1
}

func (g *guarded) editorPID() int {
	g.t.Helper()
	b, err := os.ReadFile(os.Getenv("GUARD_TEST_PIDFILE"))
	if err != nil {
		g.t.Fatal(err)
	}
	pid, _ := strconv.Atoi(string(b))
	return pid
}

// cooked checks the terminal is back in line mode with echo.
func (g *guarded) cooked() {
	g.t.Helper()
	st, err := unix.IoctlGetTermios(int(g.tty.Fd()), unix.TCGETS)
	if err != nil {
		g.t.Fatal(err)
	}
	if st.Lflag&unix.ICANON == 0 || st.Lflag&unix.ECHO == 0 {
		g.t.Fatal("the terminal was left in raw mode")
	}
}

// cleared checks the record was cleared from the alternate screen before
// it was left.
func (g *guarded) cleared() {
	g.t.Helper()
	g.waitFor("\x1b[2J\x1b[?1049l")
	out := g.output()
	rec, clear := strings.Index(out, "THE RECORD"), strings.LastIndex(out, "\x1b[2J\x1b[?1049l")
	if clear < rec {
		g.t.Fatalf("the alternate screen was not cleared and left after the record: %q", out)
	}
}

func TestGuardRestoresTheTerminalAfterAPanicInAGoroutine(t *testing.T) {
	g := runGuarded(t, "panic")
	if code := g.exit(); code != 2 {
		t.Fatalf("exit %d", code)
	}
	g.cooked()
	g.cleared()
	g.waitFor("stopped unexpectedly (exit status 2)")
	g.waitFor("run  ccedit --demo 3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01  to restore them")
	g.waitFor("crash report follows")
	g.waitFor("boom in a library goroutine")
}

func TestGuardRestoresTheTerminalAfterKill9(t *testing.T) {
	g := runGuarded(t, "sleep")
	if err := syscall.Kill(g.editorPID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := g.exit(); code != 137 {
		t.Fatalf("exit %d", code)
	}
	g.cooked()
	g.cleared()
	g.waitFor("killed by signal 9")
}

func TestGuardLeavesAnEditorThatRestoredAlone(t *testing.T) {
	g := runGuarded(t, "clean")
	if code := g.exit(); code != 3 {
		t.Fatalf("exit %d", code)
	}
	time.Sleep(50 * time.Millisecond)
	if out := g.output(); strings.Contains(out, "unexpectedly") || strings.Contains(out, "\x1b[2J") {
		t.Fatalf("the guard touched a terminal the editor restored: %q", out)
	}
}

// A signal to the guard (the process the shell and kill see) reaches the
// editor, which handles it as it always does.
func TestGuardPassesSignalsOn(t *testing.T) {
	g := runGuarded(t, "term")
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := g.exit(); code != 143 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(g.output(), "unexpectedly") {
		t.Fatal("the guard reported an editor that ended on its own terms")
	}
}
