package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// End-to-end for the commands: the real binary, run the way a script runs
// it (no terminal), against a fake this test serves on loopback.

// scriptAPI is a loopback fake; onGet, when set, runs once after the next
// GET of a customer is answered: another agent saving meanwhile.
type scriptAPI struct {
	fake  *fakeapi.Server
	url   string
	mu    sync.Mutex
	onGet func()
}

func newScriptAPI(t *testing.T, key string) *scriptAPI {
	t.Helper()
	a := &scriptAPI{fake: fakeapi.New(fakeapi.Options{Key: key, RateLimit: -1})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.fake.ServeHTTP(w, r)
		a.mu.Lock()
		hook := a.onGet
		if r.Method == http.MethodGet {
			a.onGet = nil
		}
		a.mu.Unlock()
		if hook != nil && r.Method == http.MethodGet {
			hook()
		}
	}))
	t.Cleanup(srv.Close)
	a.url = srv.URL
	return a
}

// runScript runs the binary with env added to a clean environment (no key
// or base URL of the caller's), stdin as its input; it returns the exit
// code and both outputs.
func runScript(t *testing.T, bin string, env []string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CARECYCLE_") && !strings.HasPrefix(kv, "XDG_STATE_HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errOut.String()
	case err != nil:
		t.Fatalf("run %v: %v", args, err)
	}
	return 0, out.String(), errOut.String()
}

func TestE2EScriptSetDryRunFromStdinAndConflict(t *testing.T) {
	bin := buildBinary(t)
	const key = "cc_test_e2e_script_4321"
	api := newScriptAPI(t, key)
	state := t.TempDir()
	env := []string{"CARECYCLE_API_KEY=" + key, "CARECYCLE_BASE_URL=" + api.url, "XDG_STATE_HOME=" + state, "LANG=C.UTF-8"}
	id := fakeapi.MedicareLeadID

	// --dry-run: the diff and the exact body, nothing sent.
	code, out, errOut := runScript(t, bin, env, "", "set", id, "annual income=52,000", "doNotCall=yes", "--dry-run")
	if code != 0 || !strings.Contains(out, `Body: {"annualIncome":52000,"doNotCall":true}`) || !strings.Contains(out, "Dry run: nothing was sent.") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	if len(api.fake.Patches()) != 0 {
		t.Fatalf("dry run sent %q", api.fake.Patches())
	}

	// Without a terminal and without --yes: refused, nothing requested.
	before := len(api.fake.Requests())
	code, _, errOut = runScript(t, bin, env, "", "set", id, "city=Evanston")
	if code != 2 || !strings.Contains(errOut, "add --yes") || len(api.fake.Requests()) != before {
		t.Fatalf("no terminal: exit %d %s", code, errOut)
	}

	// set --yes with the base URL as a flag: only the changed fields.
	code, out, errOut = runScript(t, bin, []string{"CARECYCLE_API_KEY=" + key, "XDG_STATE_HOME=" + state, "LANG=C.UTF-8"}, "",
		"set", id, "firstName=Maggie", "city=Chicago", "--yes", "--base-url", api.url)
	if code != 0 || !strings.Contains(out, "Saved 1 field: First name.") {
		t.Fatalf("set: exit %d\n%s\n%s", code, out, errOut)
	}
	if got := api.fake.Patches(); len(got) != 1 || got[0] != `{"firstName":"Maggie"}` {
		t.Fatalf("PATCH %q", got)
	}

	// --from - with the values on standard input, --json for a machine.
	code, out, errOut = runScript(t, bin, env, `{"status": "active", "customData": {"campaign": "fall-2026"}}`,
		"set", id, "--from", "-", "--yes", "--json")
	var res struct {
		Sent   map[string]any `json:"sent"`
		Record map[string]any `json:"record"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Sent["status"] != "Active" || res.Record["status"] != "Active" {
		t.Fatalf("--from -: exit %d\n%s\n%s", code, out, errOut)
	}
	if got := api.fake.Patches(); len(got) != 2 || got[1] != `{"status":"Active","customData":{"campaign":"fall-2026"}}` {
		t.Fatalf("PATCH %q", got)
	}

	// Someone else saves the same field between the load and the save:
	// exit 3, nothing sent, and standard error names the field only.
	api.mu.Lock()
	api.onGet = func() { _ = api.fake.EditAsOtherUser(id, map[string]any{"email": "m.oconnell@example.net"}) }
	api.mu.Unlock()
	code, out, errOut = runScript(t, bin, env, "", "set", id, "email=peggy@example.org", "--yes")
	if code != 3 || !strings.Contains(errOut, "email (Email): changed by someone else") || strings.Contains(errOut, "example") {
		t.Fatalf("conflict: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, `theirs "m.oconnell@example.net", mine "peggy@example.org"`) || len(api.fake.Patches()) != 2 {
		t.Fatalf("conflict sent %q:\n%s", api.fake.Patches(), out)
	}

	// A value the editor refuses: exit 4, field and reason.
	code, _, errOut = runScript(t, bin, env, "", "set", id, "dateOfBirth=02/30/1956", "--yes")
	if code != 4 || !strings.Contains(errOut, "dateOfBirth (Date of birth): no such calendar date") {
		t.Fatalf("invalid: exit %d %s", code, errOut)
	}

	// No drafts were written by any of it: only the save locks, named by
	// a hash of the customer ID and empty.
	entries, _ := os.ReadDir(filepath.Join(state, "ccedit"))
	if len(entries) != 1 || entries[0].Name() != "locks" {
		t.Fatalf("the commands wrote more than save locks: %v", entries)
	}
	locks, _ := filepath.Glob(filepath.Join(state, "ccedit", "locks", "*"))
	for _, l := range locks {
		if b, err := os.ReadFile(l); err != nil || len(b) != 0 || !strings.HasSuffix(l, ".save") || strings.Contains(l, id) {
			t.Fatalf("save lock %s: %q %v", l, b, err)
		}
	}
}

// get: grouped and masked, --json as sent, --demo after the command, and
// without a key (and no terminal to ask on) a configuration error.
func TestE2EScriptGet(t *testing.T) {
	bin := buildBinary(t)
	id := fakeapi.MedicareLeadID
	code, out, errOut := runScript(t, bin, []string{"LANG=C.UTF-8"}, "", "get", "--demo", id)
	if code != 0 || !strings.Contains(out, "Date of birth               1956-**-**") || !strings.Contains(out, "*******MK73") {
		t.Fatalf("get --demo: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runScript(t, bin, nil, "", "get", id, "--demo", "--json", "--fields", "mbiNumber")
	if code != 0 || out != `{"mbiNumber":"1EG4TE5MK73"}`+"\n" {
		t.Fatalf("get --json: exit %d %q", code, out)
	}
	code, _, errOut = runScript(t, bin, nil, "", "get", id)
	if code != 2 || !strings.Contains(errOut, "no API key") {
		t.Fatalf("no key: exit %d %q", code, errOut)
	}
	code, out, _ = runScript(t, bin, nil, "", "set", "--help")
	if code != 0 || !strings.Contains(out, "ccedit set [flags] CUSTOMER_ID FIELD=VALUE") {
		t.Fatalf("set --help: exit %d %q", code, out)
	}
}

// set --audit FILE writes the editor's events for the save to the local
// audit trail, with the OS user as the agent and no value.
func TestE2EScriptSetAudit(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	trail := filepath.Join(dir, "audit.jsonl")
	env := []string{"LANG=C.UTF-8", "HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state")}
	code, _, errOut := runScript(t, bin, env, "", "set", "--demo", fakeapi.MedicareLeadID, "city=Springfield", "--yes", "--audit", trail)
	if code != 0 {
		t.Fatalf("set --audit: exit %d %q", code, errOut)
	}
	b, err := os.ReadFile(trail)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ Event, Remote, Customer string }
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Remote != "local" || r.Customer != fakeapi.MedicareLeadID {
			t.Fatalf("audit line %q: %v", line, err)
		}
		events = append(events, r.Event)
	}
	if strings.Join(events, " ") != "open save" || !bytes.Contains(b, []byte(`"fields":["city"],"status":200`)) ||
		bytes.Contains(b, []byte("Springfield")) || bytes.Contains(b, []byte("Chicago")) {
		t.Fatalf("audit trail:\n%s", b)
	}
}
