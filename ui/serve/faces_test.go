package serve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/serve"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// A key the API refuses is the server's, not the agent's: the editor and
// the commands both say to tell the administrator, and name no variable
// or flag the agent could not set anyway, and nothing of the key.
func TestARefusedKeyIsTheAdministratorsToFix(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	const says = "The server's API key was refused: tell the administrator of this jump host."
	e.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 401, Body: `{"message":"Invalid API key"}`, Times: 2})
	code, _, errOut := e.run("dana", "get "+fakeapi.MedicareLeadID, "")
	if code != 1 || !strings.Contains(errOut, says) || strings.Contains(errOut, "CARECYCLE_API_KEY") || strings.Contains(errOut, "cc_") {
		t.Errorf("get: exit %d, %q", code, errOut)
	}
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("The API key was rejected (HTTP 401).")
	tm.wait("tell the administrator of this jump host.")
	if got := tm.text(); strings.Contains(got, "CARECYCLE_API_KEY") || strings.Contains(got, "--api-key-file") || strings.Contains(got, "cc_") {
		t.Errorf("the editor names the agent's key:\n%s", got)
	}
}

// set over serve is audited field by field as the editor's saves are: open
// and save (the field names, the HTTP status) between the session's login
// and its command line, with the agent's who, and never a value; --audit
// is the server's, not the agent's.
func TestSetIsAuditedFieldByField(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	if code, _, errOut := e.run("dana", "set "+fakeapi.MedicareLeadID+" middleName=@- city=Evanston --yes", "Annie\n"); code != 0 {
		t.Fatalf("set: exit %d %q", code, errOut)
	}
	e.waitAudit("logout", func(r audit.Record) bool { return r.Event == audit.EventLogout })
	var events []string
	for _, r := range e.audit() {
		events = append(events, r.Event)
		if r.Agent != "dana" || r.Session == "" {
			t.Errorf("audit line without its who: %+v", r)
		}
		if r.Event == "save" && (r.Customer != fakeapi.MedicareLeadID || strings.Join(r.Fields, ",") != "middleName,city" || r.Status != 200) {
			t.Errorf("save line %+v", r)
		}
	}
	if got := strings.Join(events, " "); got != "login open save command logout" {
		t.Errorf("audit events %q", got)
	}
	b, _ := os.ReadFile(filepath.Join(e.state, "audit.jsonl"))
	for _, v := range []string{"Annie", "Evanston", "Chicago"} {
		if strings.Contains(string(b), v) {
			t.Errorf("the audit trail holds %q:\n%s", v, b)
		}
	}
	if code, _, errOut := e.run("dana", "set "+fakeapi.MedicareLeadID+" city=Skokie --yes --audit /tmp/mine", ""); code != 2 || !strings.Contains(errOut, "--audit is not available on this server") {
		t.Errorf("--audit over serve: exit %d %q", code, errOut)
	}
}

// flat is text with every run of white space one space: wrapping apart.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// The exit report over SSH names no path on the server, which the agent
// cannot use: the draft is "on this server", and the command that
// reopens the customer is the ssh one.
func TestTheExitReportKeepsTheServersPaths(t *testing.T) {
	e := newEnv(t, serve.Options{}, "dana")
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	editFirstName(tm, "Maggie")
	tm.send(ctrlC)
	tm.wait("Quit with 1 unsaved change? They are kept in the draft; none")
	tm.send("y")
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	got := flat(tm.text())
	if !strings.Contains(got, "ccedit: Margaret O'Connell: 1 unsaved change is kept in your draft on this server. To restore it, run: ssh -t -p ") ||
		!strings.HasSuffix(got, " 127.0.0.1 "+fakeapi.MedicareLeadID) || strings.Contains(got, e.state) || strings.Contains(got, ".draft") {
		t.Fatalf("the report:\n%s", tm.text())
	}
}

// serve --demo keeps drafts for as long as the demo runs, and says so: an
// agent who quits with edits gets them back on the next connection, and
// they are gone once the server stops (its fake API starts afresh).
func TestDemoDraftsLastUntilTheDemoEnds(t *testing.T) {
	e := newEnv(t, serve.Options{Demo: true}, "dana")
	tm := openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("ctrl+s review")
	editFirstName(tm, "Maggie")
	tm.send(ctrlC)
	tm.wait("They are kept in the draft until this demo") // ends; (wrapped)
	tm.wait("Quit and keep them in a draft until this demo ends")
	tm.send("y")
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if got := flat(tm.text()); !strings.Contains(got, "1 unsaved change is kept in your draft on this server until this demo ends. To restore it, run: ssh -t") {
		t.Fatalf("the report:\n%s", tm.text())
	}
	drafts, _ := filepath.Glob(filepath.Join(e.state, "demo-drafts", "run-*", "agents", "dana", "drafts", "*.draft"))
	if len(drafts) != 1 {
		t.Fatalf("the demo's drafts: %v", drafts)
	}
	if others, _ := filepath.Glob(filepath.Join(e.state, "agents", "*")); len(others) != 0 {
		t.Fatalf("drafts outside the demo's run: %v", others)
	}
	tm = openTerm(t, e.dial("dana"), fakeapi.MedicareLeadID)
	tm.wait("Unsaved changes from an earlier session: 1 field.")
	tm.send("r")
	tm.wait("Maggie")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	tm.exit()
	if runs, _ := filepath.Glob(filepath.Join(e.state, "demo-drafts", "run-*")); len(runs) != 0 {
		t.Fatalf("the demo's drafts outlived it: %v", runs)
	}
}
