package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/workflow"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestUsageAndArguments(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--help"}, env(nil), &out); code != exitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, want := range []string{"Usage:", "ccedit --demo", "find TEXT", "CARECYCLE_API_KEY", "--api-key-file", "--base-url"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "needs an interactive terminal"}, // no ID opens the search, in a terminal
		{[]string{"a", "b"}, exitUsage, "give one CUSTOMER_ID, or find TEXT"},
		{[]string{"find"}, exitUsage, "find needs something to search for"},
		{[]string{"497f6eca-6276-4993-bfeb"}, exitUsage, "expected a uuid"},
		{[]string{"--api-key", "cc_x", "497f6eca-6276-4993-bfeb-53cbbbba6f08"}, exitUsage, "flag provided but not defined"},
	} {
		out.Reset()
		if code := run(c.args, env(nil), &out); code != c.code || !strings.Contains(out.String(), c.msg) {
			t.Errorf("%v: exit %d, %q", c.args, code, out.String())
		}
	}
}

func TestAPIKeySources(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "key")
	if err := os.WriteFile(good, []byte("cc_test_fromfile_1234\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := apiKey(good, env(nil), false, false, nil)
	if err != nil || k != "cc_test_fromfile_1234" {
		t.Fatalf("file key %q %v", k, err)
	}
	loose := filepath.Join(dir, "loose")
	if err := os.WriteFile(loose, []byte("cc_test_loose_5678"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := apiKey(loose, env(nil), false, false, nil); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("world-readable key file accepted: %v", err)
	}
	k, err = apiKey("", env(map[string]string{"CARECYCLE_API_KEY": " cc_test_env_9999 "}), false, false, nil)
	if err != nil || k != "cc_test_env_9999" {
		t.Fatalf("env key %q %v", k, err)
	}
	_, err = apiKey("", env(map[string]string{"CARECYCLE_API_KEY": "sk_live_secretvalue"}), false, false, nil)
	if err == nil || strings.Contains(err.Error(), "secretvalue") || !strings.Contains(err.Error(), "cc_") {
		t.Fatalf("bad prefix: %v", err)
	}
}

// flat is text with every run of white space one space: wrapping apart.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// cust is a customer in an exit report, reopened with the demo's command
// unless given.
func cust(id string, unsaved int, draftPath string) workflow.Customer {
	return workflow.Customer{ID: id, Name: "Margaret O'Connell", Unsaved: unsaved, Draft: draftPath, Reopen: "ccedit " + id}
}

func TestReportAndExitCodes(t *testing.T) {
	var out bytes.Buffer
	code := report(ui.Outcome{Signal: syscall.SIGHUP, Report: workflow.Report{Ending: workflow.Ending{Signal: 1, SignalName: "hangup"},
		Current: cust("id-1", 2, "/s/d.draft")}}, &out)
	if code != 129 || !strings.Contains(out.String(), "Stopped by signal 1 (hangup).") ||
		!strings.Contains(out.String(), "2 unsaved changes are kept in the draft\n          /s/d.draft\n") ||
		!strings.Contains(out.String(), "\n        To restore them, run:\n          ccedit id-1\n") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	discarded := cust("id-1", 0, "")
	discarded.Discarded = 1
	if code := report(ui.Outcome{Report: workflow.Report{Current: discarded}}, &out); code != 0 || !strings.Contains(out.String(), "1 unsaved change discarded") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	if code := report(ui.Outcome{Report: workflow.Report{Ending: workflow.Ending{LoadError: errors.New("HTTP 404: \x1b]0;owned\x07\u202e")}}}, &out); code != exitError {
		t.Fatalf("load error exit %d", code)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u202e") || !strings.Contains(out.String(), "HTTP 404: ^[]0;owned^G<U+202E>") {
		t.Fatalf("server text printed raw: %q", out.String())
	}
}

// The printed command reopens the customer on the same API: the demo, or
// the base URL given, never with its password.
func TestReopenHintNamesTheSameAPI(t *testing.T) {
	if got := reopenCommand(true, "", "--accessible")("id-4"); got != "ccedit --demo --accessible id-4" {
		t.Fatalf("reopen in line mode: %q", got)
	}
	if got := reopenCommand(true, "")("id-2"); got != "ccedit --demo id-2" {
		t.Fatalf("%q", got)
	}
	if got := reopenCommand(false, "http://u:secretpw@127.0.0.1:8080")("id-3"); got != "ccedit --base-url http://u:xxxxx@127.0.0.1:8080 id-3" {
		t.Fatalf("%q", got)
	}
}

// Every customer left with a draft is listed with the command that
// reopens it, on a line of its own (never wrapped).
func TestReportListsEveryCustomerLeftWithADraft(t *testing.T) {
	var out bytes.Buffer
	report(ui.Outcome{Report: workflow.Report{Current: cust("id-1", 0, ""), Others: []workflow.Customer{cust("id-2", 1, "/d2"), cust("id-3", 2, "/d3")}}}, &out)
	for _, want := range []string{"\n          ccedit id-2\n", "\n          ccedit id-3\n"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("%q lacks %q", out.String(), want)
		}
	}
}

func TestUnsafeDraftDirectoryIsRefused(t *testing.T) {
	state := t.TempDir()
	dir := filepath.Join(state, "ccedit", "drafts")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o777)
	_, _, err := openDrafts(env(map[string]string{"XDG_STATE_HOME": state}), false, "")
	if err == nil || !strings.Contains(err.Error(), "group or others") {
		t.Fatalf("err %v", err)
	}
	// The demo's drafts are this run's: a directory of its own, gone at the end.
	s, done, err := openDrafts(env(map[string]string{"XDG_STATE_HOME": t.TempDir()}), true, "")
	if err != nil || !strings.HasSuffix(filepath.Dir(s.Dir()), filepath.Join("ccedit", "demo-drafts")) {
		t.Fatalf("demo drafts: %v %v", s, err)
	}
	done()
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Fatalf("the demo's drafts outlived it: %v", err)
	}
	// The directory ccedit makes above the drafts is checked too.
	state = t.TempDir()
	if err := os.Mkdir(filepath.Join(state, "ccedit"), 0o700); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Join(state, "ccedit"), 0o777)
	if _, _, err := openDrafts(env(map[string]string{"XDG_STATE_HOME": state}), false, ""); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Fatalf("0777 parent: %v", err)
	}
}

func TestDiscardDraftFlag(t *testing.T) {
	e := env(map[string]string{"XDG_STATE_HOME": t.TempDir()})
	s, _, err := openDrafts(e, false, "")
	if err != nil {
		t.Fatal(err)
	}
	id := "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"
	if err := s.Save(draft.New(id, map[string]json.RawMessage{}, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	_, done2, err := openDrafts(e, false, "")
	if err != nil {
		t.Fatal(err)
	}
	done2()
	if _, err := os.Stat(s.Path(id)); err != nil {
		t.Fatal("a fresh draft went without --discard-draft")
	}
	// While a session has the customer open, its draft is not deleted.
	if _, _, err := openDrafts(e, false, id); err == nil || !strings.Contains(err.Error(), "another ccedit session") {
		t.Fatalf("--discard-draft while the customer is open elsewhere: %v", err)
	}
	if _, err := os.Stat(s.Path(id)); err != nil {
		t.Fatal("--discard-draft deleted another session's draft")
	}
	s.Close() // that session ends
	_, done3, err := openDrafts(e, false, id)
	if err != nil {
		t.Fatal(err)
	}
	done3()
	if _, err := os.Stat(s.Path(id)); !os.IsNotExist(err) {
		t.Fatalf("--discard-draft kept the draft: %v", err)
	}
}

// get, set and diff go to package script before the editor's flags are
// parsed; their flags follow the command, and a flag before it says so.
func TestCommandsAreDispatched(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"get"}, env(nil), &out); code != script.ExitUsage || !strings.Contains(out.String(), "give exactly one CUSTOMER_ID") {
		t.Fatalf("get: %d %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"set", "not-a-uuid", "city=x"}, env(nil), &out); code != script.ExitUsage || !strings.Contains(out.String(), "expected a uuid") {
		t.Fatalf("set: %d %q", code, out.String())
	}
	out.Reset()
	code := run([]string{"--demo", "get", "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"}, env(nil), &out)
	if code != exitUsage || !strings.Contains(out.String(), "the flags of get come after it: ccedit get [flags] CUSTOMER_ID") {
		t.Fatalf("--demo get: %d %q", code, out.String())
	}
	out.Reset()
	run([]string{"--help"}, env(nil), &out)
	if !strings.Contains(out.String(), "ccedit get|set|diff [flags] CUSTOMER_ID") || !strings.Contains(out.String(), "ccedit get --help") {
		t.Fatalf("the editor's help does not mention the commands:\n%s", out.String())
	}
}

// dial opens the API the same way for the editor and the commands: the
// demo's fake, or the key by the usual rules; a failure says which exit
// code it is.
func TestDial(t *testing.T) {
	dir := t.TempDir()
	debug := filepath.Join(dir, "debug.log")
	api, _, err := dial(script.Connection{Demo: true, Debug: debug}, env(nil), false)
	if err != nil {
		t.Fatal(err)
	}
	cust, err := api.Client.GetCustomer(context.Background(), fakeapi.MedicareLeadID)
	if err != nil || cust.ID() != fakeapi.MedicareLeadID || api.KeyHint != apiclient.MaskKey(fakeapi.DemoKey) {
		t.Fatalf("demo: %v %v", cust, err)
	}
	api.Close()
	if st, err := os.Stat(debug); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("debug log: %v %v", st, err)
	}

	loose := filepath.Join(dir, "key")
	if err := os.WriteFile(loose, []byte("cc_test_dial_1234"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, code, err := dial(script.Connection{KeyFile: loose}, env(nil), false); code != exitUsage || err == nil {
		t.Fatalf("loose key file: %d %v", code, err)
	}
	e := env(map[string]string{"CARECYCLE_API_KEY": "cc_test_dial_5678", "CARECYCLE_BASE_URL": "http://api.example.com"})
	if _, code, err := dial(script.Connection{}, e, false); code != exitUsage || err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Fatalf("plain http: %d %v", code, err)
	}
	api, _, err = dial(script.Connection{BaseURL: "http://127.0.0.1:9"}, e, false)
	if err != nil || api.KeyHint != "cc_…5678" {
		t.Fatalf("env key, flag URL: %v %v", api, err)
	}
	api.Close()
}

// Every exit message is true: edits that no draft holds are said to be
// lost, with a non-zero status; discarded edits are not said to be kept.
func TestReportSaysWhenEditsWereNotKept(t *testing.T) {
	var out bytes.Buffer
	lost := cust("id-1", 1, "")
	lost.NotKept = "the draft could not be written: read-only file system"
	code := report(ui.Outcome{Report: workflow.Report{Current: lost}}, &out)
	if code != exitError || !strings.Contains(flat(out.String()), "1 unsaved change was NOT kept: the draft could not be") ||
		strings.Contains(flat(out.String()), "kept in the draft") || strings.Contains(flat(out.String()), "discarded") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	older := cust("id-1", 2, "/s/d.draft")
	older.NotKept = "the draft could not be written: no space left on device"
	code = report(ui.Outcome{Signal: syscall.SIGHUP, Report: workflow.Report{Ending: workflow.Ending{Signal: 1, SignalName: "hangup"}, Current: older}}, &out)
	if code != 129 || !strings.Contains(flat(out.String()), "2 unsaved changes were NOT kept") ||
		!strings.Contains(flat(out.String()), "An older draft of them is at /s/d.draft To restore it, run: ccedit id-1") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	kept := cust("id-1", 0, "/s/d.draft")
	kept.Discarded = 1
	code = report(ui.Outcome{Report: workflow.Report{Current: kept}}, &out)
	if code != exitOK || !strings.Contains(flat(out.String()), "1 unsaved change discarded") || strings.Contains(flat(out.String()), "kept in the draft") ||
		!strings.Contains(flat(out.String()), "could not be deleted; it is still at /s/d.draft") {
		t.Fatalf("%d %q", code, out.String())
	}
}

// The automatic logoff says why the session ended and how to reopen it.
func TestReportAfterIdleLogoff(t *testing.T) {
	var out bytes.Buffer
	code := report(ui.Outcome{Report: workflow.Report{Ending: workflow.Ending{IdleLogoff: 15 * time.Minute}, Current: cust("id-1", 1, "/s/d.draft")}}, &out)
	if code != exitOK || !strings.Contains(flat(out.String()), "Closed after 15m0s with no key pressed (automatic logoff") ||
		!strings.Contains(flat(out.String()), "kept in the draft /s/d.draft") || !strings.Contains(flat(out.String()), "To restore it, run: ccedit id-1") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	report(ui.Outcome{Report: workflow.Report{Ending: workflow.Ending{IdleLogoff: time.Minute}, Current: cust("id-1", 0, "")}}, &out)
	if !strings.Contains(flat(out.String()), "To open the customer again, run: ccedit id-1") {
		t.Fatalf("%q", out.String())
	}
}

func TestIdleTimeoutFlagAndEnvironment(t *testing.T) {
	parse := func(args []string, e map[string]string) (time.Duration, error) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		v := fs.Duration("idle-timeout", defaultIdle, "")
		if err := fs.Parse(args); err != nil {
			return 0, err
		}
		return idleTimeout(fs, *v, env(e))
	}
	for _, c := range []struct {
		args []string
		env  map[string]string
		want time.Duration
		err  string
	}{
		{nil, nil, 15 * time.Minute, ""},
		{nil, map[string]string{"CCEDIT_IDLE_TIMEOUT": "5m"}, 5 * time.Minute, ""},
		{nil, map[string]string{"CCEDIT_IDLE_TIMEOUT": "0"}, 0, ""},
		{[]string{"--idle-timeout", "2m"}, map[string]string{"CCEDIT_IDLE_TIMEOUT": "5m"}, 2 * time.Minute, ""},
		{[]string{"--idle-timeout", "0"}, nil, 0, ""},
		{nil, map[string]string{"CCEDIT_IDLE_TIMEOUT": "soon"}, 0, "not a duration"},
		{[]string{"--idle-timeout", "-1m"}, nil, 0, "negative"},
	} {
		got, err := parse(c.args, c.env)
		if got != c.want || (c.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%v %v: %v %v", c.args, c.env, got, err)
		}
	}
}

// --debug never follows a symlink, never changes an existing file's mode,
// and takes only a regular file of this user's that others cannot read.
func TestDebugLogIsOpenedSafely(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	_ = os.WriteFile(victim, []byte("precious\n"), 0o644)
	link := filepath.Join(dir, "debug.log")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if _, err := openDebug(link); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("symlink: %v", err)
	}
	if st, _ := os.Stat(victim); st.Mode().Perm() != 0o644 {
		t.Fatalf("the symlink's target was chmodded: %v", st.Mode())
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Fatal("the symlink's target was written")
	}
	if _, err := openDebug(victim); err == nil || !strings.Contains(err.Error(), "open to group or others (mode 0644)") {
		t.Fatalf("0644 file: %v", err)
	}
	if st, _ := os.Stat(victim); st.Mode().Perm() != 0o644 {
		t.Fatalf("an existing file was chmodded: %v", st.Mode())
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openDebug(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("fifo: %v", err)
	}
	hard := filepath.Join(dir, "hard")
	_ = os.WriteFile(hard, nil, 0o600)
	_ = os.Link(hard, filepath.Join(dir, "hard2"))
	if _, err := openDebug(hard); err == nil || !strings.Contains(err.Error(), "hard links") {
		t.Fatalf("hard link: %v", err)
	}
	if os.Getuid() == 0 {
		other := filepath.Join(dir, "other")
		_ = os.WriteFile(other, nil, 0o600)
		_ = os.Chown(other, 4242, 4242)
		if _, err := openDebug(other); err == nil || !strings.Contains(err.Error(), "another user (uid 4242)") {
			t.Fatalf("another user's file: %v", err)
		}
	}
	fresh := filepath.Join(dir, "fresh.log")
	f, err := openDebug(fresh)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Fatalf("new log mode %v", st.Mode())
	}
	f, err = openDebug(fresh) // its own earlier log: appended to
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// A refused base URL is refused before the key is asked for, and never
// echoed with its password; a key with a control byte is a configuration
// error, not a network failure.
func TestBadBaseURLAndKeyAreConfigurationErrors(t *testing.T) {
	var out bytes.Buffer
	id := "497f6eca-6276-4993-bfeb-53cbbbba6f08"
	code := run([]string{"--accessible", "--base-url", "http://agent:hunter2@127.0.0.1:9", id}, env(map[string]string{"CARECYCLE_API_KEY": "cc_test_x_1234"}), &out)
	if code != exitUsage || !strings.Contains(out.String(), "user name or password") || strings.Contains(out.String(), "hunter2") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	code = run([]string{"--accessible", "--base-url", "http://127.0.0.1:9", id}, env(map[string]string{"CARECYCLE_API_KEY": "cc_test\x01x_1234"}), &out)
	if code != exitUsage || !strings.Contains(out.String(), "control or non-ASCII") {
		t.Fatalf("%d %q", code, out.String())
	}
}

// A typed key is checked against the API: a 401 refuses it (asked again),
// anything else lets the session start and say what went wrong.
func TestVerifyKeyRefusesOnlyARefusedKey(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	url, stop, err := fakeapi.Listen(fake)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	verify := verifyKey(apiclient.Options{BaseURL: url, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err := verify(context.Background(), fakeapi.DemoKey); err != nil {
		t.Fatalf("the demo key: %v", err)
	}
	if err := verify(context.Background(), "cc_test_wrong_0000"); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("a wrong key: %v", err)
	}
	if err := verify(context.Background(), "cc_test_wrong_0000"); err != nil && strings.Contains(err.Error(), "cc_test_wrong_0000") {
		t.Fatal("the refusal repeats the key")
	}
	down := verifyKey(apiclient.Options{BaseURL: "http://127.0.0.1:1", Sleep: func(context.Context, time.Duration) error { return nil }})
	if err := down(context.Background(), fakeapi.DemoKey); err != nil {
		t.Fatalf("no API: the key is not refused for it: %v", err)
	}
}
