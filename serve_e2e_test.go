package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The real binary as a jump host runs it: `ccedit serve --demo`, an agent
// connecting with an SSH client and a pty, editing, and then SIGTERM to
// the server: the agent's screen says why the session ended and that the
// draft was kept until the demo ends, the audit trail has the session and
// no value, the server exits 0, and the demo's drafts are gone with it.
func TestE2EServeUntilSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	agents := filepath.Join(dir, "agents")
	if err := os.WriteFile(agents, append([]byte(`agent="dana" `), gossh.MarshalAuthorizedKey(signer.PublicKey())...), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state", "serve")
	cmd := exec.Command(bin, "serve", "--demo", "--agents", agents, "--listen", "127.0.0.1:0", "--state", state)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CARECYCLE_") && !strings.HasPrefix(kv, "XDG_STATE_HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "XDG_STATE_HOME="+filepath.Join(dir, "state"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := bufio.NewScanner(stderr)
	addr := ""
	for addr == "" && lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "listening on "); ok {
			addr, _, _ = strings.Cut(rest, " ")
		}
	}
	if addr == "" {
		t.Fatal("the server never said where it listens")
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()

	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "dana", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	screen := &sshScreen{more: make(chan struct{})}
	sess.Stdout, sess.Stderr = screen, screen
	if err := sess.Start(fakeapi.MedicareLeadID); err != nil {
		t.Fatal(err)
	}
	screen.wait(t, "ctrl+s review")
	_, _ = io.WriteString(in, "\x07first name\r")
	screen.wait(t, "firstName")
	_, _ = io.WriteString(in, "\x15Maggie")
	screen.wait(t, "1 unsaved")
	// The demo's drafts are this run's, in a directory of its own.
	demoDrafts := filepath.Join(state, "demo-drafts", "run-*", "agents", "dana", "drafts", "*.draft")
	if drafts, _ := filepath.Glob(demoDrafts); len(drafts) != 1 {
		t.Errorf("drafts: %v", drafts)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	screen.wait(t, "Stopped by signal 15 (terminated).")
	var ee *gossh.ExitError
	if err := sess.Wait(); err == nil || !errors.As(err, &ee) || ee.ExitStatus() != 143 {
		t.Errorf("the agent's exit status: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("the server's exit: %v", err)
	}
	screen.wait(t, "server until this demo ends.") // "…kept in your draft on this" before it, wrapped
	if runs, _ := filepath.Glob(filepath.Join(state, "demo-drafts", "run-*")); len(runs) != 0 {
		t.Errorf("the demo's drafts outlived it: %v", runs)
	}
	b, err := os.ReadFile(filepath.Join(state, "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"event":"login"`, `"event":"open"`, `"event":"draft-kept"`, `"event":"logout"`, `"exit":143`, `"agent":"dana"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the audit trail lacks %s:\n%s", want, b)
		}
	}
	if bytes.Contains(b, []byte("Maggie")) || bytes.Contains(b, []byte("Margaret")) {
		t.Errorf("the audit trail holds a value:\n%s", b)
	}
}

// sshScreen collects what a session writes, for waiting on text.
type sshScreen struct {
	mu   sync.Mutex
	b    bytes.Buffer
	more chan struct{}
}

func (s *sshScreen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Write(p)
	close(s.more)
	s.more = make(chan struct{})
	return len(p), nil
}

func (s *sshScreen) wait(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		s.mu.Lock()
		got, more := ansi.Strip(s.b.String()), s.more
		s.mu.Unlock()
		if strings.Contains(got, want) {
			return
		}
		select {
		case <-more:
		case <-deadline:
			t.Fatalf("waiting for %q; the session wrote:\n%s", want, got)
		}
	}
}

// The local editor writes the same audit trail with --audit: the OS user
// as the agent, "local" as the address, the field names and status of a
// save, and no value.
func TestE2ELocalAuditTrail(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	trail := filepath.Join(dir, "audit.jsonl")
	cmd := exec.Command(bin, "--demo", "--audit", trail, fakeapi.MedicareLeadID)
	cmd.Env = []string{"TERM=dumb", "LANG=C", "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state")}
	cmd.Stdin = strings.NewReader("city\nSpringfield\nsave\nyes\nquit\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	b, err := os.ReadFile(trail)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"remote":"local"`, `"event":"open"`, `"event":"save"`, `"fields":["city"]`, `"status":200`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the audit trail lacks %s:\n%s", want, b)
		}
	}
	if bytes.Contains(b, []byte("Springfield")) || bytes.Contains(b, []byte("Chicago")) {
		t.Errorf("the audit trail holds a value:\n%s", b)
	}
	if st, _ := os.Stat(trail); st.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode %v", st.Mode())
	}
}
