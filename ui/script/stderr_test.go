package script

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// noValues fails when errOut holds any of values: standard error may go
// to a log, and record values must not.
func noValues(t *testing.T, what, errOut string, values ...string) {
	t.Helper()
	for _, v := range values {
		if strings.Contains(errOut, v) {
			t.Errorf("%s: stderr holds %q:\n%s", what, v, errOut)
		}
	}
}

// A --from document that is not JSON is placed by line and column;
// encoding/json's own message would quote the character it stopped at.
func TestFromSyntaxErrorQuotesNothing(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("{\"firstName\": \"Maggie\",\n \"lastName\": Smith}", "set", lead, "--from", "-", "--yes")
	if code != ExitUsage || out != "" ||
		!strings.Contains(errOut, "ccedit: --from: standard input is not valid JSON: line 2, column 14: an unexpected character where a value should begin\n") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	noValues(t, "syntax", errOut, "'S'", "Smith", "Maggie")

	changes := filepath.Join(t.TempDir(), "changes.json")
	if err := os.WriteFile(changes, []byte(`{"city": "Evanston" "county": "Lake"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = r.run("", "diff", lead, changes)
	if code != ExitUsage || !strings.Contains(errOut, changes+" is not valid JSON: line 1, column 21: an unexpected character after object key:value pair") {
		t.Fatalf("diff: exit %d %s", code, errOut)
	}
	noValues(t, "diff", errOut, `'"'`, "Lake", "Evanston")
	if len(r.fake.Requests()) != 0 {
		t.Fatal("a request was made")
	}
}

// A --from document beyond jsonlimit.Default is refused before it is
// decoded, with the reason and the place.
func TestFromOverTheLimitsIsRefused(t *testing.T) {
	r := newRig(t)
	deep := `{"customData": ` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`
	code, _, errOut := r.run(deep, "set", lead, "--from", "-", "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "--from: standard input is not accepted as JSON: line 1, column 79: nests deeper than 64 levels") {
		t.Fatalf("deep: exit %d %s", code, errOut)
	}
	many := `{"customData": [` + strings.Repeat("0,", 200_000) + `0]}`
	code, _, errOut = r.run(many, "set", lead, "--from", "-", "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "holds more than 200000 values") {
		t.Fatalf("many: exit %d %s", code, errOut)
	}
	r.wantPatches()
}

// customData's value, typed or from a file, is checked as JSON without
// quoting it (encoding/json's own message quotes the character it stopped
// at), and held to jsonlimit.Default.
func TestCustomDataErrorsQuoteNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "custom.json")
	if err := os.WriteFile(file, []byte("{\"diagnosis\":\n  Diabetes}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(dir, "deep.json")
	if err := os.WriteFile(deep, []byte(strings.Repeat("[", 65)+strings.Repeat("]", 65)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		msg   string
		value string
	}{
		{"", []string{"customData=@" + file}, "customData (Custom data (JSON)): not valid JSON: line 2, column 3: an unexpected character where a value should begin\n", "'D'"},
		{"", []string{"customData={'tier': 1}"}, "customData (Custom data (JSON)): not valid JSON: line 1, column 2: an unexpected character where a key in quotes should begin\n", `'\''`},
		{"", []string{"customData=@" + deep}, "customData (Custom data (JSON)): not accepted as JSON: line 1, column 65: nests deeper than 64 levels\n", "[[["},
	} {
		r := newRig(t)
		code, out, errOut := r.run(c.stdin, append([]string{"set", lead, "--yes"}, c.args...)...)
		if code != ExitInvalid || out != "" || !strings.Contains(errOut, "ccedit: "+c.msg) {
			t.Errorf("%q: exit %d, stderr %q; want 4 and %q", c.args, code, errOut, c.msg)
		}
		noValues(t, strings.Join(c.args, " "), errOut, c.value, "Diabetes")
		if len(r.fake.Requests()) != 0 {
			t.Errorf("%q: a request was made", c.args)
		}
	}
	// Clearing still clears.
	r := newRig(t)
	if code, _, errOut := r.run("", "set", lead, "customData=", "--yes"); code != ExitOK {
		t.Fatalf("clear: exit %d %s", code, errOut)
	}
}

// Server texts quote what they refuse. Every value the command sent or
// loaded for the fields it changes is hidden (…) in them before they reach
// standard error. A value of 4 characters or more is hidden wherever it
// stands, in any case; a shorter one only where it stands alone (no letter
// or digit next to it), so that a "1" or a "Jo" does not take the digits
// of "HTTP 422" or the start of "Jones" with it.
func TestServerTextsAreRedacted(t *testing.T) {
	r := newRig(t)
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422,
		Body: `{"message":"middleName 'Jo' and city 'EVANSTON' (was 'Chicago') refused; Jones, Jody and 2 others are fine (HTTP 422)","code":"VALIDATION_ERROR"}`})
	code, _, errOut := r.run("", "set", lead, "city=Evanston", "middleName=Jo", "--yes")
	if code != ExitInvalid || !strings.Contains(errOut,
		"ccedit: server said: middleName '…' and city '…' (was '…') refused; Jones, Jody and 2 others are fine (HTTP 422)\n") {
		t.Fatalf("message: exit %d\n%s", code, errOut)
	}
	noValues(t, "message", errOut, "Evanston", "EVANSTON", "Chicago", "'Jo'")

	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, Body: `{"message":"Validation failed","code":"VALIDATION_ERROR","errors":[` +
		`{"path":["callerId"],"message":"+13125550199 (typed (312) 555-0199) is not in service; was +13125550142","received":"+13125550199"},` +
		`{"path":["dependentCount"],"message":"3 is more than 2 dependents","received":3},` +
		`{"path":["customData","diagnosis"],"message":"Diabetes is not a tier","received":"Diabetes"}]}`})
	code, _, errOut = r.run(`{"callerId": "(312) 555-0199", "dependentCount": 3, "customData": {"diagnosis": "Diabetes"}}`,
		"set", lead, "--from", "-", "--yes")
	for _, want := range []string{
		"ccedit: callerId (Phone (caller ID)): … (typed …) is not in service; was …\n",
		"ccedit: dependentCount (Dependents): … is more than 2 dependents\n",
		"ccedit: customData (Custom data (JSON)): … is not a tier\n",
	} {
		if code != ExitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("issues: exit %d, stderr lacks %q:\n%s", code, want, errOut)
		}
	}
	noValues(t, "issues", errOut, "0199", "0142", "Diabetes", " 3 ")

	// Any other failure's detail: a 500 whose message quotes the value.
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 500, Body: `{"message":"could not store 'evanston' over 'Chicago'","code":"INTERNAL_ERROR"}`})
	code, _, errOut = r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitAPI || !strings.Contains(errOut, "ccedit: server said: could not store '…' over '…'\n") {
		t.Fatalf("500: exit %d\n%s", code, errOut)
	}
	noValues(t, "500", errOut, "vanston", "Chicago")
}

// A customer ID that is not one is quoted only when it looks like a
// mistyped ID: a FIELD=VALUE or a value put first is not repeated.
func TestNotAnIDIsNotQuoted(t *testing.T) {
	r := newRig(t)
	code, _, errOut := r.run("", "set", "city=Evanston", lead, "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "the customer ID comes first") {
		t.Fatalf("exit %d %s", code, errOut)
	}
	noValues(t, "FIELD=VALUE first", errOut, "Evanston")
	code, _, errOut = r.run("", "get", "Margaret O'Connell")
	if code != ExitUsage || !strings.Contains(errOut, "is not a customer ID") {
		t.Fatalf("exit %d %s", code, errOut)
	}
	noValues(t, "a name", errOut, "Margaret")
	_, _, errOut = r.run("", "get", "497f6eca-6276-4993-bfeb-53cbbbba6f0")
	if !strings.Contains(errOut, `"497f6eca-6276-4993-bfeb-53cbbbba6f0" is not a customer ID`) {
		t.Fatalf("a mistyped ID is shown: %s", errOut)
	}
}

// A flag given a value it does not take is refused without the value.
func TestFlagErrorsQuoteNothing(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "set", lead, "--yes=Maggie", "city=Evanston")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "see ccedit set --help") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	noValues(t, "flag", errOut, "Maggie")
}

// A record that cannot be picked apart is refused without quoting it.
func TestPickErrorQuotesNothing(t *testing.T) {
	_, err := pick([]byte(`{"city": Chicago}`), map[string]bool{"city": true})
	if err == nil || strings.Contains(err.Error(), "'C'") || !strings.Contains(err.Error(), "line 1, column 10: an unexpected character where a value should begin") {
		t.Fatalf("error %v", err)
	}
}

// ccedit's own words are not the server's: only the server's own text is
// introduced with "server said".
func TestDetailsAreLabelledByWhoseTheyAre(t *testing.T) {
	r := newRig(t)
	down := httptest.NewServer(nil)
	r.url = down.URL
	down.Close()
	code, _, errOut := r.run("", "get", lead)
	if code != ExitAPI || !strings.Contains(errOut, "ccedit: Could not reach the CareCycle API.\nccedit: details: ") || strings.Contains(errOut, "server said") {
		t.Fatalf("network: exit %d\n%s", code, errOut)
	}

	r = newRig(t)
	r.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 200, Body: ""})
	code, _, errOut = r.run("", "get", lead)
	if code != ExitAPI || !strings.Contains(errOut, "ccedit: details: ") || strings.Contains(errOut, "server said") {
		t.Fatalf("empty body: exit %d\n%s", code, errOut)
	}
}

// A 422 whose body is not JSON is still the API refusing the change (exit
// 4), said as such; the page it sent is not shown.
func TestRefusalWithAnUnreadableAnswer(t *testing.T) {
	r := newRig(t)
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, ContentType: "text/html",
		Body: "<html><body><h1>Unprocessable</h1><p>city Evanston refused</p></body></html>"})
	code, _, errOut := r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitInvalid ||
		!strings.Contains(errOut, "ccedit: the API refused the change (HTTP 422), and its answer, which would say why, was not readable; nothing was saved\n") ||
		strings.Contains(errOut, "server said") {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	noValues(t, "422 html", errOut, "Evanston", "<html>", "Unprocessable")

	// A readable refusal that gives no reason says so.
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, Body: `{}`})
	code, _, errOut = r.run("", "set", lead, "city=Evanston", "--yes")
	if code != ExitInvalid || !strings.Contains(errOut, "ccedit: the API refused the change (HTTP 422) without saying why; nothing was saved\n") {
		t.Fatalf("no reason: exit %d\n%s", code, errOut)
	}
}
