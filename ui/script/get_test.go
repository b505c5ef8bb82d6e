package script

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestGetGroupsLikeTheEditorAndMasks(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "get", lead)
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Customer Margaret O'Connell (" + lead + ")\n\nIdentity\n  Status                      Lead\n",
		"  Decision maker              Yes\n",
		"  Suffix                      not set\n",
		"  Date of birth               1956-**-**\n",
		"\nMedicare/Medicaid\n",
		"  MBI number                  *******MK73\n",
		"\nConsent\n  Do not call                 No\n",
		"\nRecord\n  Customer ID                 " + lead + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1EG4TE5MK73") || strings.Contains(out, "03-14") {
		t.Fatalf("identifiers shown in full:\n%s", out)
	}
	_, out, _ = r.run("", "get", lead, "--no-mask")
	if !strings.Contains(out, "1EG4TE5MK73") || !strings.Contains(out, "1956-03-14") {
		t.Fatalf("--no-mask:\n%s", out)
	}
}

func TestGetFields(t *testing.T) {
	r := newRig(t)
	code, out, _ := r.run("", "get", "--fields", "EMAIL, first name,mbiNumber", lead)
	want := "Customer Margaret O'Connell (" + lead + ")\n\nIdentity\n  First name                  Margaret\n\n" +
		"Contact\n  Email                       peggy.oconnell@example.com\n\nMedicare/Medicaid\n  MBI number                  *******MK73\n"
	if code != ExitOK || out != want {
		t.Fatalf("exit %d:\n%s\nwant\n%s", code, out, want)
	}
}

// --json is the record as the server sent it: the same bytes, unmasked;
// --fields keeps the server's order and values.
func TestGetJSONIsTheRecordAsSent(t *testing.T) {
	r := newRig(t)
	req, _ := http.NewRequest(http.MethodGet, r.url+"/v2/customers/"+fakeapi.HostileID, nil)
	req.Header.Set("x-api-key", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	sent, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	code, out, _ := r.run("", "get", "--json", fakeapi.HostileID)
	if code != ExitOK || out != string(sent)+"\n" {
		t.Fatalf("exit %d:\n%s\nsent\n%s", code, out, sent)
	}
	_, out, _ = r.run("", "get", "--json", "--fields", "dateOfBirth,First name,city", lead)
	if out != `{"firstName":"Margaret","dateOfBirth":"1956-03-14","city":"Chicago"}`+"\n" {
		t.Fatalf("--fields: %s", out)
	}
}

// Server strings are sanitized in human output: a record's escape
// sequences and bidi overrides never reach the terminal.
func TestGetSanitizesHostileData(t *testing.T) {
	r := newRig(t)
	code, out, _ := r.run("", "get", fakeapi.HostileID)
	if code != ExitOK || strings.ContainsAny(out, "\x1b\x07\u202e\u009b") {
		t.Fatalf("exit %d, raw control characters in:\n%q", code, out)
	}
	if !strings.Contains(out, "␛[2J") {
		t.Fatalf("escape sequence not shown as a placeholder:\n%s", out)
	}
	_, out, _ = r.run("", "get", fakeapi.HostileID, "--ascii")
	for i := 0; i < len(out); i++ {
		if out[i] > 0x7f {
			t.Fatalf("--ascii wrote byte %#x: %q", out[i], out)
		}
	}
}

func TestHelpForEachCommand(t *testing.T) {
	r := newRig(t)
	for cmd, want := range map[string][]string{
		"get":  {"Usage:\n  ccedit get [flags] CUSTOMER_ID", "--json", "--fields FIELDS", "--no-mask", "--api-key-file PATH", "--demo"},
		"set":  {"FIELD=VALUE", "--from FILE", "--dry-run", "--yes", "Exit status: 0 done", "3 a\nconflict"},
		"diff": {"ccedit diff [flags] CUSTOMER_ID FILE.json", "--json", "--base-url URL"},
	} {
		for _, flag := range []string{"--help", "-h"} {
			code, out, errOut := r.run("", cmd, flag)
			if code != ExitOK || errOut != "" {
				t.Fatalf("%s %s: exit %d, %q", cmd, flag, code, errOut)
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%s %s lacks %q", cmd, flag, w)
				}
			}
		}
	}
	if len(r.fake.Requests()) != 0 {
		t.Fatal("help made a request")
	}
}

func TestFlagsAnywhereAndDoubleDash(t *testing.T) {
	r := newRig(t)
	code, out, _ := r.run("", "set", lead, "--dry-run", "city=Evanston", "--json", "--", "county=--yes")
	if code != ExitOK || !strings.Contains(out, `"wouldSend":{"city":"Evanston","county":"--yes"}`) {
		t.Fatalf("exit %d: %s", code, out)
	}
}

// get says places in the editor's words, and the short names a person
// types in the editor (dob, zip) name fields in get and set too, exactly.
func TestGetWordsAndShortFieldNames(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.run("", "get", lead, "--fields", "state,timezone,dob,zip")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"IL (Illinois)", "America/Chicago (Central)", "Date of birth", "Postal code"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = r.run("", "set", lead, "zip=60614-1234", "state=wisconsin", "--dry-run")
	if code != ExitOK || !strings.Contains(out, `"60625" -> "60614-1234"`) || !strings.Contains(out, "IL (Illinois) -> WI (Wisconsin)") {
		t.Fatalf("set by short names: exit %d\n%s", code, out)
	}
	if code, _, errOut = r.run("", "set", lead, "zi=60614", "--dry-run"); code != ExitUsage || !strings.Contains(errOut, "short name (dob, zip)") {
		t.Fatalf("a part of a name is not a name: exit %d %s", code, errOut)
	}
	r.wantPatches()
}
