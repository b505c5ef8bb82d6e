package script

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestSetSendsOnlyChangedFieldsWithYes(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "set", lead, "annual income=52,000", "doNotCall=Yes", "city=Chicago", "middleName=", "--yes")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	r.wantPatches(`{"middleName":null,"annualIncome":52000,"doNotCall":true}`)
	for _, want := range []string{
		"Customer Margaret O'Connell (" + lead + ")",
		"3 changes would be sent:",
		`Identity, Middle name (middleName): "Anne" -> null`,
		"Coverage, Annual income (annualIncome): 31200 -> 52000",
		"Unchanged, already so: City (city).",
		`Body: {"middleName":null,"annualIncome":52000,"doNotCall":true}`,
		"Saved 3 fields: Middle name, Annual income, Do not call.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSetJSONResult(t *testing.T) {
	r := newRig(t)
	code, out, _ := r.run("", "set", "--json", "-y", lead, "status=active", "city=Chicago")
	var res struct {
		Sent      map[string]any    `json:"sent"`
		Unchanged []string          `json:"unchanged"`
		Conflicts []any             `json:"conflicts"`
		Record    map[string]any    `json:"record"`
		DryRun    bool              `json:"dryRun"`
		Extra     map[string]string `json:"-"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if res.Sent["status"] != "Active" || len(res.Sent) != 1 || strings.Join(res.Unchanged, ",") != "city" ||
		res.Conflicts == nil || len(res.Conflicts) != 0 || res.Record["status"] != "Active" || res.DryRun {
		t.Fatalf("result %s", out)
	}
	if strings.Contains(out, "Customer ") {
		t.Fatalf("human text in --json output: %s", out)
	}
}

func TestDryRunShowsTheBodyAndSendsNothing(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "set", lead, "--dry-run", "firstName=Maggie", "dateOfBirth=03/01/1956")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"Margaret" -> "Maggie"`, `"1956-03-14" -> "1956-03-01"`,
		`Body: {"firstName":"Maggie","dateOfBirth":"1956-03-01"}`, "Dry run: nothing was sent."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	r.wantPatches()
	code, out, _ = r.run("", "set", lead, "--dry-run", "--json", "firstName=Maggie")
	if code != ExitOK || !strings.Contains(out, `"sent":{}`) || !strings.Contains(out, `"dryRun":true,"wouldSend":{"firstName":"Maggie"}`) {
		t.Fatalf("exit %d: %s", code, out)
	}
	r.wantPatches()
}

func TestNothingToChangeIsDone(t *testing.T) {
	r := newRig(t)
	code, out, _ := r.run("", "set", lead, "city=Chicago", "annualIncome=31,200", "--yes")
	if code != ExitOK || !strings.Contains(out, "Nothing to change") {
		t.Fatalf("exit %d: %s", code, out)
	}
	r.wantPatches()
}

func TestFromStdinFileAndAtFile(t *testing.T) {
	r := newRig(t)
	code, _, errOut := r.run(`{"Status": "inactive", "customData": {"tier": [1, 2]}, "lastName": "null", "veteran": true, "dependentCount": 2}`,
		"set", lead, "--from", "-", "--yes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// A JSON string is the text itself: "null" in a free-text field is the word.
	r.wantPatches(`{"status":"Inactive","lastName":"null","veteran":true,"dependentCount":2,"customData":{"tier":[1,2]}}`)

	dir := t.TempDir()
	note := filepath.Join(dir, "name.txt")
	if err := os.WriteFile(note, []byte("Peg\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = r.run(`{"a": null}`+"\n", "set", lead, "preferredName=@"+note, "customData=@-", "--yes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	r.wantPatches(`{"status":"Inactive","lastName":"null","veteran":true,"dependentCount":2,"customData":{"tier":[1,2]}}`,
		`{"preferredName":"Peg","customData":{"a":null}}`)

	changes := filepath.Join(dir, "changes.json")
	if err := os.WriteFile(changes, []byte(`{"city": "Evanston"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := r.run("", "diff", lead, changes)
	if code != ExitOK || !strings.Contains(out, `Body: {"city":"Evanston"}`) || strings.Contains(out, "Dry run") {
		t.Fatalf("diff: exit %d: %s", code, out)
	}
	if len(r.fake.Patches()) != 2 {
		t.Fatal("diff sent something")
	}
}

// Exit 1: the API refused or could not be reached.
func TestExitAPI(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "get", "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e99")
	if code != ExitAPI || out != "" || !strings.Contains(errOut, "ccedit: No customer with ID 7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e99.") {
		t.Fatalf("not found: exit %d, %q", code, errOut)
	}
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 500, Body: `{"message":"db down","code":"INTERNAL_ERROR"}`})
	code, _, errOut = r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitAPI || !strings.Contains(errOut, "The CareCycle API had a problem (HTTP 500).") ||
		!strings.Contains(errOut, "server said: db down") || strings.Contains(errOut, "edits are kept") {
		t.Fatalf("server error: exit %d, %q", code, errOut)
	}
	r.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 401, Body: `{"message":"Invalid or missing API key","code":"UNAUTHORIZED"}`})
	code, _, errOut = r.run("", "get", lead)
	if code != ExitAPI || !strings.Contains(errOut, "rejected (HTTP 401)") || !strings.Contains(errOut, "cc_…0001") {
		t.Fatalf("401: exit %d, %q", code, errOut)
	}
}

// Exit 2: bad input or configuration; nothing is requested.
func TestExitUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"city": "A", "city": "B"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args  []string
		stdin string
		msg   string
	}{
		{[]string{"get"}, "", "give exactly one CUSTOMER_ID"},
		{[]string{"get", "not-a-uuid"}, "", "expected a uuid"},
		{[]string{"get", lead, "--fields", "shoe size"}, "", `there is no field "shoe size"`},
		{[]string{"get", lead, "--nope"}, "", "see ccedit get --help"},
		{[]string{"get", lead, "--api-key-file", "missing"}, "", "api key file: open missing"},
		{[]string{"set", lead}, "", "nothing to set"},
		{[]string{"set", lead, "Maggie", "--yes"}, "", "argument 1 after the customer ID is not FIELD=VALUE"},
		{[]string{"set", lead, "fristName=Maggie", "--yes"}, "", `there is no field "fristName"`},
		{[]string{"set", lead, "city=A", "City=B", "--yes"}, "", "city (City) is given twice"},
		{[]string{"set", lead, "city=A", "--from", bad}, "", "not both"},
		{[]string{"set", lead, "--from", bad, "--yes"}, "", "--from: city (City) is given twice"},
		{[]string{"set", lead, "--from", "-", "--yes"}, "[1]", "--from: standard input does not hold a JSON object"},
		{[]string{"set", lead, "--from", "-", "--yes"}, `{"city": "A"} {}`, "--from: standard input is not valid JSON: line 1, column 15: more than one JSON value"},
		{[]string{"set", lead, "city=@" + filepath.Join(dir, "none"), "--yes"}, "", "city: reading a value: open"},
		{[]string{"set", lead, "city=@-", "county=@-", "--yes"}, "x", "county: standard input can be read only once, and it was read for city"},
		{[]string{"set", lead, "city=Evanston"}, "", "no terminal to ask on; add --yes"},
		{[]string{"diff", lead}, "", "give a CUSTOMER_ID and a FILE.json"},
		{[]string{"frobnicate"}, "", "the commands are get, set and diff"},
	} {
		r := newRig(t)
		code, out, errOut := r.run(c.stdin, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.msg) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", c.args, code, errOut, c.msg)
		}
		if out != "" || len(r.fake.Requests()) != 0 {
			t.Errorf("%q: printed %q, made %d requests", c.args, out, len(r.fake.Requests()))
		}
		if c.stdin == "" && strings.Contains(errOut, "Maggie") {
			t.Errorf("%q: stderr quotes a value: %q", c.args, errOut)
		}
	}
}

// A person at a terminal is asked; anything but yes sends nothing (exit
// 2), and the values on standard input cannot answer for them.
func TestConfirmOnATerminal(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.runTTY(strings.NewReader("n\n"), "set", lead, "city=Evanston")
	if code != ExitUsage || !strings.Contains(out, `"Chicago" -> "Evanston"`) || !strings.Contains(errOut, "Send 1 change? (yes/no)") ||
		!strings.Contains(errOut, "not answered yes") {
		t.Fatalf("declined: exit %d\n%s\n%s", code, out, errOut)
	}
	r.wantPatches()
	code, _, errOut = r.runTTY(strings.NewReader(`{"city": "Evanston"}`), "set", lead, "--from", "-")
	if code != ExitUsage || !strings.Contains(errOut, "standard input held the values") {
		t.Fatalf("stdin data: exit %d %s", code, errOut)
	}
	code, out, _ = r.runTTY(strings.NewReader("yes\n"), "set", lead, "city=Evanston")
	if code != ExitOK || !strings.Contains(out, "Saved 1 field: City.") {
		t.Fatalf("accepted: exit %d %s", code, out)
	}
	r.wantPatches(`{"city":"Evanston"}`)
}

// Exit 3: another agent changed a field being set; nothing is sent and
// standard error names the field, never the values.
func TestConflictSendsNothing(t *testing.T) {
	r := newRig(t)
	r.afterGet = func() { _ = r.fake.EditAsOtherUser(lead, map[string]any{"city": "Skokie"}) }
	code, out, errOut := r.run("", "set", lead, "city=Evanston", "county=Lake", "--yes")
	if code != ExitConflict {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	r.wantPatches()
	if !strings.Contains(out, `City (city): loaded "Chicago", theirs "Skokie", mine "Evanston".`) ||
		!strings.Contains(errOut, "ccedit: city (City): changed by someone else since the record was read; nothing was sent") {
		t.Fatalf("conflict report:\n%s\n%s", out, errOut)
	}
	for _, v := range []string{"Chicago", "Skokie", "Evanston", "Lake"} {
		if strings.Contains(errOut, v) {
			t.Fatalf("stderr holds the value %q: %s", v, errOut)
		}
	}

	// The same while the person reads the question, with --json.
	r = newRig(t)
	ans := &answerAfter{r: strings.NewReader("y\n"), act: func() { _ = r.fake.EditAsOtherUser(lead, map[string]any{"city": "Skokie"}) }}
	code, out, _ = r.runTTY(ans, "set", lead, "city=Evanston", "--json")
	if code != ExitConflict || !strings.Contains(out, `"conflicts":[{"field":"city","loaded":"Chicago","theirs":"Skokie","mine":"Evanston"}]`) ||
		!strings.Contains(out, `"sent":{}`) {
		t.Fatalf("exit %d: %s", code, out)
	}
	r.wantPatches()
}

// Exit 4: a value is not valid; it is refused before any request, with
// the field and the reason on standard error.
func TestExitInvalid(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "set", lead, "annualIncome=12.5", "status=Act", "callerId=", "id=ffffffff-ffff-ffff-ffff-ffffffffffff", "--yes")
	if code != ExitInvalid || out != "" || len(r.fake.Requests()) != 0 {
		t.Fatalf("exit %d, out %q, %d requests", code, out, len(r.fake.Requests()))
	}
	for _, want := range []string{
		"ccedit: annualIncome (Annual income): whole numbers only (no cents or decimals)\n",
		"ccedit: status (Status): must be one of: Lead, Active, Inactive\n",
		"ccedit: callerId (Phone (caller ID)): required: this field can't be cleared\n",
		"ccedit: id (Customer ID): id is read-only\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	code, _, errOut = r.run(`{"firstName": {"a": 1}}`, "set", lead, "--from", "-", "--yes")
	if code != ExitInvalid || !strings.Contains(errOut, "firstName (First name): takes text, a number, true, false or null, not a JSON object") {
		t.Fatalf("object for a text field: exit %d %s", code, errOut)
	}

	// The server refuses what ccedit let through: its reasons, per field.
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, Body: `{"message":"Validation failed","code":"VALIDATION_ERROR",` +
		`"errors":[{"path":["city"],"message":"City not in service area","received":"Evanston"}]}`})
	code, _, errOut = r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitInvalid || !strings.Contains(errOut, "ccedit: city (City): City not in service area") || strings.Contains(errOut, "Evanston") {
		t.Fatalf("422: exit %d %s", code, errOut)
	}
}

// A field the server did not send has an unknown stored value: the editor
// does not let it be edited, nor does set.
func TestAbsentFieldIsNotSet(t *testing.T) {
	r := newRig(t)
	r.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 200, Body: `{"id":"` + lead + `","city":"Chicago"}`})
	code, _, errOut := r.run("", "set", lead, "county=Lake", "--yes")
	if code != ExitInvalid || !strings.Contains(errOut, "county (County): not sent by the server") {
		t.Fatalf("exit %d %s", code, errOut)
	}
	r.wantPatches()
}

// Rate limits are waited out, on the load and on the save.
func TestRateLimitsAreWaitedOut(t *testing.T) {
	r := newRig(t)
	limited := `{"message":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED","retryAfter":7}`
	r.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: limited})
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 429, Body: limited})
	code, _, errOut := r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitOK || strings.Count(errOut, "Waiting 7 seconds, then trying again.") != 2 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(r.clock.slept) != 2 {
		t.Fatalf("waits %v", r.clock.slept)
	}
	// The first PATCH was answered 429 and not applied; the save read the
	// record again and sent it once more.
	r.wantPatches(`{"city":"Evanston"}`, `{"city":"Evanston"}`)
	if got := r.fake.Record(lead)["city"]; string(got) != `"Evanston"` {
		t.Fatalf("city %s", got)
	}
}
