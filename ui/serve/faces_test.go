package serve_test

import (
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/serve"
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
