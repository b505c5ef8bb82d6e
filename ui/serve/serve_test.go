package serve_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/serve"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// Keys as a terminal sends them.
const (
	ctrlC = "\x03"
	ctrlG = "\x07"
	ctrlS = "\x13"
	ctrlU = "\x15"
	enter = "\r"
)

// editFirstName goes to the first name, clears it and types name.
func editFirstName(tm *term, name string) {
	tm.send(ctrlG)
	tm.send("first name")
	tm.send(enter)
	tm.wait("firstName")
	tm.send(ctrlU)
	tm.send(name)
	tm.wait("1 unsaved")
}

// An agent logs in with their key, edits a customer and saves: the PATCH
// holds the changed field only, and the audit trail says who saved which
// field of which customer, with the status, and never the value.
func TestAgentEditsAndSaves(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	editFirstName(tm, "Maggie")
	tm.send(ctrlS)
	tm.wait(`"Margaret" → "Maggie"`)
	tm.send(enter)
	tm.wait("Saved 1 field: First name.")
	if got := e.fake.Patches(); len(got) != 1 || got[0] != `{"firstName":"Maggie"}` {
		t.Fatalf("PATCH bodies %q", got)
	}
	tm.send(ctrlC)
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	e.waitAudit("logout", func(r audit.Record) bool { return r.Event == audit.EventLogout })
	var save audit.Record
	fp := gossh.FingerprintSHA256(e.keys["dana"].PublicKey())
	for _, r := range e.audit() {
		if r.Agent != "dana" || r.KeyFingerprint != fp || !strings.HasPrefix(r.Remote, "127.0.0.1:") || r.Session == "" || r.Time.IsZero() {
			t.Errorf("audit line without its who: %+v", r)
		}
		if r.Event == "save" {
			save = r
		}
	}
	if save.Customer != fakeapi.MedicareLeadID || strings.Join(save.Fields, ",") != "firstName" || save.Status != 200 {
		t.Errorf("save line %+v", save)
	}
	events := []string{}
	for _, r := range e.audit() {
		events = append(events, r.Event)
	}
	if got := strings.Join(events, " "); got != "login open save logout" {
		t.Errorf("audit events %q", got)
	}
	b, _ := os.ReadFile(filepath.Join(e.state, "audit.jsonl"))
	for _, v := range []string{"Maggie", "Margaret", "O'Connell", testKey} {
		if strings.Contains(string(b), v) {
			t.Errorf("the audit trail holds %q:\n%s", v, b)
		}
	}
	if st, err := os.Stat(filepath.Join(e.state, "audit.jsonl")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode: %v %v", st.Mode(), err)
	}
}

// A key the agents file does not list is refused, and the refusal is in
// the audit trail with the key's fingerprint; so are passwords and
// keyboard-interactive, which are not even offered.
func TestUnknownKeysAndPasswordsAreRefused(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	stranger := newSigner(t)
	if c, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(gossh.PublicKeys(stranger))); err == nil {
		c.Close()
		t.Fatal("an unknown key logged in")
	}
	r := e.waitAudit("refused login", func(r audit.Record) bool { return r.Event == audit.EventRefusedLogin })
	if r.KeyFingerprint != gossh.FingerprintSHA256(stranger.PublicKey()) || r.Agent != "" || !strings.HasPrefix(r.Remote, "127.0.0.1:") {
		t.Errorf("refused login line %+v", r)
	}
	asked := false
	for _, auth := range []gossh.AuthMethod{gossh.Password("hunter2"),
		gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { asked = true; return []string{"x"}, nil })} {
		if c, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(auth)); err == nil {
			c.Close()
			t.Fatal("logged in without a key")
		} else if !strings.Contains(err.Error(), "[none]") && !strings.Contains(err.Error(), "publickey") {
			t.Errorf("refusal: %v", err)
		}
	}
	if asked {
		t.Error("the server asked a keyboard-interactive question")
	}

	// An agent whose client offers another key first logs in, and that
	// key is not written down as a refused login.
	c, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(gossh.PublicKeys(newSigner(t), e.keys["dana"])))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	e.waitAudit("dana's connection closed", func(audit.Record) bool { return true })
	if n := len(e.audit()); n != 1 {
		t.Errorf("audit lines after dana's login with a second key: %+v", e.audit())
	}
}

// Without a pty, get --json prints the record as the API sent it, with
// the command's exit status; set reads a value from the session's
// standard input. Nothing on the server's disk is reachable: a file as a
// value, as --from or as diff's input is refused, and so are the flags
// that would pick another API or key.
func TestCommandsWithoutAPty(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	code, out, errOut := e.run("dana", "get --json "+fakeapi.MedicareLeadID, "")
	var rec map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rec) != nil || rec["id"] != fakeapi.MedicareLeadID || rec["firstName"] != "Margaret" {
		t.Fatalf("get --json: exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = e.run("dana", "set "+fakeapi.MedicareLeadID+" middleName=@- --yes", "Annie\n")
	if code != 0 {
		t.Fatalf("set from stdin: exit %d: %s", code, errOut)
	}
	if got := e.fake.Patches(); len(got) != 1 || got[0] != `{"middleName":"Annie"}` {
		t.Fatalf("PATCH bodies %q", got)
	}
	secret := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(secret, []byte(`{"firstName": "FromTheServer"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for cmd, want := range map[string]string{
		// The commands refuse every file themselves (script.NoFiles)…
		"set " + fakeapi.MedicareLeadID + " firstName=@" + secret + " --yes": "firstName: no file on this server can be read; send it on standard input instead, with firstName=@-",
		"set " + fakeapi.MedicareLeadID + " --from " + secret + " --yes":     "--from: no file on this server can be read; send it on standard input instead, with --from -",
		"diff " + fakeapi.MedicareLeadID + " " + secret:                      "no file on this server can be read; send it on standard input instead, with ccedit diff " + fakeapi.MedicareLeadID + " -",
		// …and serve's own check stops what they read by another name
		// before it connects (here /dev/stdin, which is the agent's own
		// stream, but a name serve does not take).
		"set " + fakeapi.MedicareLeadID + " --from=/dev/stdin --yes":  "--from FILE reads a file on the server",
		"get --base-url http://127.0.0.1:1 " + fakeapi.MedicareLeadID: "--base-url is not available on this server",
		"get " + fakeapi.MedicareLeadID + " --debug=" + secret:        "--debug is not available on this server",
		"get --api-key-file " + secret + " " + fakeapi.MedicareLeadID: "--api-key-file is not available",
		"get --demo " + fakeapi.MedicareLeadID:                        "--demo is not available",
		"ls -la":                                                      "this server runs ccedit only",
		fakeapi.MedicareLeadID:                                        "the editor needs a terminal",
	} {
		code, _, errOut := e.run("dana", cmd, `{"city": "Skokie"}`)
		if code != 2 || !strings.Contains(errOut, want) || strings.Contains(errOut, secret) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", cmd, code, errOut, want)
		}
	}
	if got := e.fake.Patches(); len(got) != 1 {
		t.Errorf("a refused command sent %q", got[1:])
	}
	b, _ := os.ReadFile(filepath.Join(e.state, "audit.jsonl"))
	if strings.Contains(string(b), "Annie") || strings.Contains(string(b), secret) {
		t.Errorf("the audit trail holds a value or an argument:\n%s", b)
	}
}

// A dropped connection is SIGHUP: the draft is kept in the agent's own
// drafts directory, and reconnecting offers it back.
func TestDroppedConnectionKeepsTheDraft(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	c := e.dial("dana")
	tm := openTerm(t, c, fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	editFirstName(tm, "Maggie")
	c.Close() // the link drops
	e.waitAudit("draft kept", func(r audit.Record) bool { return r.Event == "draft-kept" })
	drafts, _ := filepath.Glob(filepath.Join(e.state, "agents", "dana", "drafts", "*.draft"))
	if len(drafts) != 1 {
		t.Fatalf("drafts after the drop: %v", drafts)
	}
	e.waitAudit("logout", func(r audit.Record) bool { return r.Event == audit.EventLogout })

	tm = openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("Unsaved changes from an earlier session: 1 field.")
	tm.send("r")
	tm.wait("Maggie")
}

// Two agents on one customer exclude each other, and the second is told
// who has it: the agent's name, not a pid.
func TestTwoAgentsOnOneCustomerSeeEachOther(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana", "lee")
	dana := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	dana.wait("ctrl+s review")
	editFirstName(dana, "Maggie")
	lee := openTerm(t, e.dial("lee"), fakeapi.MedicareLeadID)
	lee.wait("It is agent dana, since")
	if strings.Contains(lee.text(), "pid") {
		t.Errorf("the lock prompt names a pid:\n%s", lee.text())
	}
}

// Nothing but the session crosses the connection: no port forwarding
// either way, no agent forwarding, no subsystem (SFTP).
func TestForwardingAndSubsystemsAreRefused(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	c := e.dial("dana")
	if conn, err := c.Dial("tcp", e.srv.Addr().String()); err == nil {
		conn.Close()
		t.Error("a local port forward was opened")
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("a remote port forward was opened")
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil); ok || err != nil {
		t.Errorf("agent forwarding: ok %v, %v", ok, err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was started")
	}
}

// SIGTERM to the server ends every session as a dropped link would: the
// draft kept, the reason on the agent's screen, the exit status 143; then
// the server stops.
func TestShutdownEndsSessionsAndKeepsDrafts(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	editFirstName(tm, "Maggie")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	tm.wait("Stopped by signal 15 (terminated).")
	tm.wait("1 unsaved change is kept in your draft on this") // server. (wrapped)
	if strings.Contains(tm.text(), e.state) {
		t.Errorf("the report names a path on the server:\n%s", tm.text())
	}
	if code := tm.exit(); code != 143 {
		t.Errorf("exit status %d, want 143", code)
	}
	drafts, _ := filepath.Glob(filepath.Join(e.state, "agents", "dana", "drafts", "*.draft"))
	if len(drafts) != 1 {
		t.Fatalf("drafts after the shutdown: %v", drafts)
	}
	if _, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(gossh.PublicKeys(e.keys["dana"]))); err == nil {
		t.Error("the server still takes connections")
	}
}

// The agents file is read again when it changes: an agent added while the
// server runs can log in; one session too many for an agent is refused
// with a clear message.
func TestAgentsFileReloadAndSessionLimits(t *testing.T) {
	e := newEnv(t, serve.Options{MaxPerAgent: 1}, "dana")
	e.addAgent("lee")
	if code, out, errOut := e.run("lee", "get --json "+fakeapi.AllNullID, ""); code != 0 || !strings.Contains(out, fakeapi.AllNullID) {
		t.Fatalf("lee, added after the start: exit %d %q", code, errOut)
	}
	tm := openTerm(t, e.dial("dana"), "")
	tm.wait("ctrl+c quit")
	code, _, errOut := e.run("dana", "get "+fakeapi.AllNullID, "")
	if code != 1 || !strings.Contains(errOut, "you have 1 sessions open, the most one agent may") {
		t.Errorf("a second session: exit %d, %q", code, errOut)
	}
	if err := os.Chmod(e.agents, 0o620); err != nil {
		t.Fatal(err)
	}
	if c, err := gossh.Dial("tcp", e.srv.Addr().String(), clientConfig(gossh.PublicKeys(e.keys["lee"]))); err == nil {
		c.Close()
		t.Error("logged in with an agents file others can write")
	}
}

// One address opening sessions faster than --conn-rate is turned away
// with wish's rate limiter's message.
func TestConnectionRateLimitPerAddress(t *testing.T) {
	e := newEnv(t, serve.Options{ConnsPerMinute: 5}, "dana") // a burst of 1
	if code, _, errOut := e.run("dana", "get --help", ""); code != 0 {
		t.Fatalf("first session: exit %d %q", code, errOut)
	}
	if code, _, errOut := e.run("dana", "get --help", ""); code != 1 || !strings.Contains(errOut, "rate limit exceeded") {
		t.Errorf("second session at once: exit %d %q", code, errOut)
	}
}

// An agents file others can write is refused at start.
func TestAnAgentsFileOthersCanWriteIsRefused(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	if err := os.Chmod(e.agents, 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := serve.Start(serve.Options{Listen: "127.0.0.1:0", AgentsFile: e.agents, State: t.TempDir() + "/s", API: e.srvAPI(t)})
	if err == nil || !strings.Contains(err.Error(), "can be changed by group or others") {
		t.Fatalf("start: %v", err)
	}
}

// The idle logoff ends an untouched session as a dropped link would, and
// the audit trail says so.
func TestIdleLogoffIsAudited(t *testing.T) {
	e := newEnv(t, serve.Options{IdleTimeout: 2 * time.Second}, "dana")
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	tm.wait("Closed after 2s with no key pressed")
	if code := tm.exit(); code != 0 {
		t.Errorf("exit status after the idle logoff: %d", code)
	}
	e.waitAudit("idle logoff", func(r audit.Record) bool { return r.Event == audit.EventIdleLogoff && r.Agent == "dana" })
}
