package serve_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
