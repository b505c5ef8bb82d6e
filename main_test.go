package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	k, err := apiKey(good, env(nil), false, false)
	if err != nil || k != "cc_test_fromfile_1234" {
		t.Fatalf("file key %q %v", k, err)
	}
	loose := filepath.Join(dir, "loose")
	if err := os.WriteFile(loose, []byte("cc_test_loose_5678"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := apiKey(loose, env(nil), false, false); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("world-readable key file accepted: %v", err)
	}
	k, err = apiKey("", env(map[string]string{"CARECYCLE_API_KEY": " cc_test_env_9999 "}), false, false)
	if err != nil || k != "cc_test_env_9999" {
		t.Fatalf("env key %q %v", k, err)
	}
	_, err = apiKey("", env(map[string]string{"CARECYCLE_API_KEY": "sk_live_secretvalue"}), false, false)
	if err == nil || strings.Contains(err.Error(), "secretvalue") || !strings.Contains(err.Error(), "cc_") {
		t.Fatalf("bad prefix: %v", err)
	}
}

func TestReportAndExitCodes(t *testing.T) {
	var out bytes.Buffer
	code := report(ui.Outcome{CustomerID: "id-1", Unsaved: 2, DraftPath: "/s/d.json", Signal: syscall.SIGHUP}, reopenCommand(false, ""), &out)
	if code != 129 || !strings.Contains(out.String(), "stopped by signal 1") ||
		!strings.Contains(out.String(), "2 unsaved changes are kept in the draft /s/d.json") ||
		!strings.Contains(out.String(), "run  ccedit id-1  to restore") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	if code := report(ui.Outcome{Unsaved: 1, Discarded: true}, reopenCommand(false, ""), &out); code != 0 || !strings.Contains(out.String(), "1 unsaved change discarded") {
		t.Fatalf("%d %q", code, out.String())
	}
	out.Reset()
	if code := report(ui.Outcome{LoadError: errors.New("HTTP 404: \x1b]0;owned\x07\u202e")}, reopenCommand(false, ""), &out); code != exitError {
		t.Fatalf("load error exit %d", code)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u202e") || !strings.Contains(out.String(), "HTTP 404: ^[]0;owned^G<U+202E>") {
		t.Fatalf("server text printed raw: %q", out.String())
	}
}

// The printed command reopens the customer on the same API: the demo, or
// the base URL given, never with its password; after the picker it names
// the customer chosen there.
func TestReopenHintNamesTheSameAPI(t *testing.T) {
	var out bytes.Buffer
	report(ui.Outcome{CustomerID: "id-2", Unsaved: 1, DraftPath: "/d"}, reopenCommand(true, ""), &out)
	if !strings.Contains(out.String(), "run  ccedit --demo id-2  to restore") {
		t.Fatalf("%q", out.String())
	}
	out.Reset()
	report(ui.Outcome{CustomerID: "id-3", Unsaved: 1, DraftPath: "/d"}, reopenCommand(false, "http://u:secretpw@127.0.0.1:8080"), &out)
	if !strings.Contains(out.String(), "run  ccedit --base-url http://u:xxxxx@127.0.0.1:8080 id-3  to restore") || strings.Contains(out.String(), "secretpw") {
		t.Fatalf("%q", out.String())
	}
}

// Every customer left with a draft is listed with the command that
// reopens it.
func TestReportListsEveryCustomerLeftWithADraft(t *testing.T) {
	var out bytes.Buffer
	report(ui.Outcome{CustomerID: "id-1", OtherDrafts: []string{"id-2", "id-3"}}, reopenCommand(true, ""), &out)
	for _, want := range []string{"run  ccedit --demo id-2  to restore", "run  ccedit --demo id-3  to restore"} {
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
	_, err := openDrafts(env(map[string]string{"XDG_STATE_HOME": state}), false, "")
	if err == nil || !strings.Contains(err.Error(), "group or others") {
		t.Fatalf("err %v", err)
	}
	s, err := openDrafts(env(map[string]string{"XDG_STATE_HOME": t.TempDir()}), true, "")
	if err != nil || !strings.HasSuffix(s.Dir(), filepath.Join("ccedit", "demo-drafts")) {
		t.Fatalf("demo drafts: %v %v", s, err)
	}
}

func TestDiscardDraftFlag(t *testing.T) {
	e := env(map[string]string{"XDG_STATE_HOME": t.TempDir()})
	s, err := openDrafts(e, false, "")
	if err != nil {
		t.Fatal(err)
	}
	id := "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"
	if err := s.Save(draft.New(id, map[string]json.RawMessage{}, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := openDrafts(e, false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path(id)); err != nil {
		t.Fatal("a fresh draft went without --discard-draft")
	}
	if _, err := openDrafts(e, false, id); err != nil {
		t.Fatal(err)
	}
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
