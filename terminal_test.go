package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The terminal the end-to-end tests drive: the program runs in a pane of a
// private tmux server, and a test types into it, reads its screen and reads
// the bytes it wrote, as a person at a terminal would. It needs tmux and
// nothing else.

const (
	// waitLimit bounds every wait. Waits end as soon as what they wait for
	// is there; the limit is generous because the machines are shared.
	waitLimit = 20 * time.Second
	pollEvery = 25 * time.Millisecond
)

// terminal is one tmux server with one session, "s", on its own socket.
type terminal struct {
	t    *testing.T
	dir  string // holds the socket and the output
	sock string
	out  string // every byte the program writes, appended by pipe-pane
	eof  string // made once the pipe's reader has written all it was sent
}

// requireTmux skips without tmux, or fails in CI, where .ci/run installs it.
func requireTmux(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		tb.Skip("tmux not installed: the end-to-end tests need it (apt-get install tmux)")
	}
}

func newTerminal(t *testing.T) *terminal {
	t.Helper()
	requireTmux(t)
	// Not t.TempDir: a socket path has a short length limit.
	dir, err := os.MkdirTemp("", "ccedit-tmux-")
	if err != nil {
		t.Fatal(err)
	}
	u := &terminal{t: t, dir: dir, sock: filepath.Join(dir, "sock"),
		out: filepath.Join(dir, "out"), eof: filepath.Join(dir, "out.eof")}
	t.Cleanup(func() {
		u.stop()
		_ = os.RemoveAll(dir)
	})
	// The output file exists from the start, so reading it never fails
	// for want of the pipe's first write.
	if err := os.WriteFile(u.out, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return u
}

// tmux runs one tmux command list against this terminal's server.
func (u *terminal) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-S", u.sock, "-f", "/dev/null"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("tmux %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

func (u *terminal) must(args ...string) string {
	u.t.Helper()
	out, err := u.tmux(args...)
	if err != nil {
		u.t.Fatal(err)
	}
	return out
}

// start runs command (a shell string, for /bin/sh whatever the user's
// shell) in a detached pane of cols x rows. The options and the pipe are set
// in the same command list as the session, which the server runs before it
// reads anything from the pane: the pipe gets the program's first byte, the
// pane stays when the program exits, and no status line takes a row.
func (u *terminal) start(cols, rows int, command string) {
	u.t.Helper()
	u.must("set-option", "-g", "default-shell", "/bin/sh", ";",
		"set-option", "-g", "status", "off", ";",
		"set-option", "-g", "remain-on-exit", "on", ";",
		"new-session", "-d", "-s", "s", "-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows), command, ";",
		"pipe-pane", "-t", "s", "-o", "cat >> "+shellQuote(u.out)+"; : > "+shellQuote(u.eof))
}

// keys sends tmux key names (Enter, C-g, S-Tab).
func (u *terminal) keys(k ...string) {
	u.t.Helper()
	u.must(append([]string{"send-keys", "-t", "s"}, k...)...)
}

// typ writes text in one send (one write to the terminal: a burst).
func (u *terminal) typ(s string) {
	u.t.Helper()
	u.must("send-keys", "-t", "s", "-l", "--", s)
}

// paste pastes text as the terminal does, bracketed if the program asked.
func (u *terminal) paste(text string) {
	u.t.Helper()
	u.must("set-buffer", "-b", "p", "--", text, ";", "paste-buffer", "-p", "-b", "p", "-t", "s")
}

func (u *terminal) resize(cols, rows int) {
	u.t.Helper()
	u.must("resize-window", "-t", "s", "-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows))
}

// screen is the text on the screen now.
func (u *terminal) screen() string {
	u.t.Helper()
	return u.must("capture-pane", "-p", "-t", "s")
}

// eventually polls check until it reports done, and fails the test with
// what it last reported if it is not done by the limit.
func (u *terminal) eventually(check func() (done bool, report string)) {
	u.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		done, report := check()
		if done {
			return
		}
		if time.Now().After(deadline) {
			u.t.Fatal(report)
		}
		time.Sleep(pollEvery)
	}
}

// wait waits until the screen matches re, a regular expression in which ^
// and $ match at the start and end of each line.
func (u *terminal) wait(re string) {
	u.t.Helper()
	rx := regexp.MustCompile("(?m)" + re)
	u.eventually(func() (bool, string) {
		s, err := u.tmux("capture-pane", "-p", "-t", "s")
		if err != nil {
			return false, fmt.Sprintf("screen never matched %q: %v", re, err)
		}
		return rx.MatchString(s), fmt.Sprintf("screen never matched %q:\n%s", re, s)
	})
}

// waitExit waits until the program in the pane has exited.
func (u *terminal) waitExit() {
	u.t.Helper()
	u.eventually(func() (bool, string) {
		s, err := u.tmux("display-message", "-p", "-t", "s", "#{pane_dead}")
		if err != nil {
			return false, fmt.Sprintf("program never exited: %v", err)
		}
		return strings.TrimSpace(s) == "1", "program never exited:\n" + u.screen()
	})
}

// bytes is how many bytes of the program's output have reached the file.
func (u *terminal) bytes() int64 {
	u.t.Helper()
	st, err := os.Stat(u.out)
	if err != nil {
		u.t.Fatal(err)
	}
	return st.Size()
}

// settle waits until the output byte count stops growing for 300 ms.
func (u *terminal) settle() {
	u.t.Helper()
	a := u.bytes()
	for i := 0; i < 50; i++ {
		time.Sleep(300 * time.Millisecond)
		b := u.bytes()
		if a == b {
			return
		}
		a = b
	}
}

// output is what of the program's output has reached the file so far. The
// pipe lags the screen: to see something the program wrote, use waitOutput;
// to be sure of something it never wrote, use finalOutput.
func (u *terminal) output() []byte {
	u.t.Helper()
	b, err := os.ReadFile(u.out)
	if err != nil {
		u.t.Fatal(err)
	}
	return b
}

// waitOutput waits until the output has reached the file in which ok holds,
// and returns it; failing with failure if it never does.
func (u *terminal) waitOutput(failure string, ok func(out []byte) bool) []byte {
	u.t.Helper()
	var out []byte
	u.eventually(func() (bool, string) {
		out = u.output()
		return ok(out), fmt.Sprintf("%s (%d bytes of output)", failure, len(out))
	})
	return out
}

// finalOutput closes the pipe, waits until its reader has written all it
// was sent, and returns the program's whole output to this point. The
// output is no longer recorded after it.
func (u *terminal) finalOutput() []byte {
	u.t.Helper()
	u.must("pipe-pane", "-t", "s") // with no command: closes the pipe
	u.eventually(func() (bool, string) {
		_, err := os.Stat(u.eof)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			u.t.Fatal(err)
		}
		return err == nil, "the pipe's reader never finished"
	})
	return u.output()
}

// stop ends the server; the program gets SIGHUP, as when a terminal closes.
func (u *terminal) stop() {
	if _, err := os.Stat(u.sock); err == nil {
		_, _ = u.tmux("kill-server")
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
