package serve_test

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// testKey is the API key of these tests' fake: not a secret.
const testKey = "cc_test_serve_00000000000000"

// env is a running ccedit serve on loopback, against a fake API this test
// serves itself, with agents whose keys the test holds.
type env struct {
	t      *testing.T
	fake   *fakeapi.Server
	srv    *serve.Server
	state  string
	agents string // the agents file
	keys   map[string]gossh.Signer
	log    *syncBuffer
	api    *script.API
}

// srvAPI is the API connection the server shares.
func (e *env) srvAPI(*testing.T) *script.API { return e.api }

// newEnv starts a server whose agents file lists names, with opts' limits.
func newEnv(t *testing.T, opts serve.Options, names ...string) *env {
	t.Helper()
	e := &env{t: t, fake: fakeapi.New(fakeapi.Options{Key: testKey, RateLimit: -1}), keys: map[string]gossh.Signer{},
		log: &syncBuffer{}}
	url, stop, err := fakeapi.Listen(e.fake)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	client, err := apiclient.New(apiclient.Options{BaseURL: url, APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	e.state = filepath.Join(t.TempDir(), "serve")
	locks, err := draft.OpenSaveLocks(filepath.Join(e.state, "locks"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { locks.Close() })
	e.agents = filepath.Join(t.TempDir(), "agents")
	for _, n := range names {
		e.addAgent(n)
	}
	opts.Listen, opts.AgentsFile, opts.State, opts.Log = "127.0.0.1:0", e.agents, e.state, e.log
	if opts.ConnsPerMinute == 0 {
		opts.ConnsPerMinute = 6000 // every test session comes from 127.0.0.1
	}
	e.api = &script.API{Client: client, Locks: locks, Close: func() {}}
	opts.API = e.api
	e.srv, err = serve.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.srv.Close() })
	return e
}

// newSigner makes an ed25519 key pair.
func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// addAgent makes a key for name and lists it in the agents file.
func (e *env) addAgent(name string) {
	e.t.Helper()
	s := newSigner(e.t)
	e.keys[name] = s
	f, err := os.OpenFile(e.agents, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
	if _, err := f.WriteString(line + " " + name + "@example\n"); err != nil {
		e.t.Fatal(err)
	}
	// The comment is not a valid name: agent="…" names the agent.
	b, _ := os.ReadFile(e.agents)
	b = bytes.ReplaceAll(b, []byte(line+" "+name+"@example"), []byte(`agent="`+name+`" `+line+" "+name+"@example"))
	if err := os.WriteFile(e.agents, b, 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// clientConfig logs in with auth.
func clientConfig(auth ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: "agent", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
}

// dial connects as agent.
func (e *env) dial(agent string) *gossh.Client {
	e.t.Helper()
	c, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(gossh.PublicKeys(e.keys[agent])))
	if err != nil {
		e.t.Fatalf("%s: %v", agent, err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// term is an SSH session with a pty, read as a terminal would show it.
type term struct {
	t     testing.TB
	sess  *gossh.Session
	in    io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	more  chan struct{} // closed and replaced when output arrives
	ended chan error
}

// open starts a session of agent on client with an 80x24 pty, running cmd
// ("" for the shell request: the search).
func openTerm(t testing.TB, c *gossh.Client, cmd string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, sess: sess, more: make(chan struct{}), ended: make(chan error, 1)}
	if err := sess.Setenv("LANG", "C.UTF-8"); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if tm.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	sess.Stdout, sess.Stderr = tm, tm
	if cmd == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(cmd)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { tm.ended <- sess.Wait() }()
	return tm
}

func (tm *term) Write(p []byte) (int, error) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.out.Write(p)
	close(tm.more)
	tm.more = make(chan struct{})
	return len(p), nil
}

// text is everything written so far, escape sequences taken out.
func (tm *term) text() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String())
}

// wait waits for s to be written.
func (tm *term) wait(s string) {
	tm.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		tm.mu.Lock()
		got, more := ansi.Strip(tm.out.String()), tm.more
		tm.mu.Unlock()
		if strings.Contains(got, s) {
			return
		}
		select {
		case <-more:
		case <-deadline:
			tm.t.Fatalf("waiting for %q; the session wrote:\n%s", s, got)
		}
	}
}

// send types s.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatal(err)
	}
}

// exit waits for the session to end and returns its exit status.
func (tm *term) exit() int {
	tm.t.Helper()
	select {
	case err := <-tm.ended:
		return exitStatus(tm.t, err)
	case <-time.After(20 * time.Second):
		tm.t.Fatalf("the session did not end; it wrote:\n%s", tm.text())
	}
	return -1
}

func exitStatus(t testing.TB, err error) int {
	t.Helper()
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitStatus()
	}
	t.Fatalf("session: %v", err)
	return -1
}

// run runs cmd without a pty, stdin as its input.
func (e *env) run(agent, cmd, stdin string) (code int, stdout, stderr string) {
	e.t.Helper()
	sess, err := e.dial(agent).NewSession()
	if err != nil {
		e.t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = strings.NewReader(stdin), &out, &errOut
	code = exitStatus(e.t, sess.Run(cmd))
	return code, out.String(), errOut.String()
}

// audit reads the audit trail.
func (e *env) audit() []audit.Record {
	e.t.Helper()
	f, err := os.Open(filepath.Join(e.state, "audit.jsonl"))
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	var out []audit.Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r audit.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			e.t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// waitAudit waits until the audit trail holds a line ok accepts: the
// server writes it when a session ends, after the client saw the end.
func (e *env) waitAudit(what string, ok func(audit.Record) bool) audit.Record {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, r := range e.audit() {
			if ok(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("no audit line for %s in %+v", what, e.audit())
		}
		time.Sleep(10 * time.Millisecond) // the file has no change notice; this polls a file, not a screen
	}
}

// syncBuffer is a buffer safe for concurrent writes: the server's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
