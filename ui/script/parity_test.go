package script

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui"
)

// outcome is what one face made of one answer: the PATCH body it would
// send ("" for nothing), or the message it refused the answer with.
type outcome struct {
	body   string
	refuse string
}

// parityRow is an answer typed for a field of the seeded lead, and what
// both faces make of it.
type parityRow struct {
	field, in string
	want      outcome
}

// parityTable is typed answers for fields of the seeded lead, as a person
// types them into the line mode and as a script passes FIELD=VALUE.
// refuse is set/ParseInput's message; for the choice fields the line mode
// keeps its own wording (choiceRefusal).
func parityTable() []parityRow {
	return []parityRow{
		{"annualIncome", "52,000", outcome{body: `{"annualIncome":52000}`}},
		{"annualIncome", "$1,200", outcome{body: `{"annualIncome":1200}`}},
		{"annualIncome", "31200", outcome{}},
		{"annualIncome", "12.5", outcome{refuse: "whole numbers only (no cents or decimals)"}},
		{"annualIncome", "2147483648", outcome{refuse: "out of range (-2147483648 to 2147483647)"}},
		{"annualIncome", "null", outcome{body: `{"annualIncome":null}`}},
		{"householdIncome", "null", outcome{}},
		{"dateOfBirth", "03/01/1956", outcome{body: `{"dateOfBirth":"1956-03-01"}`}},
		{"dateOfBirth", "1956-02-30", outcome{refuse: "no such calendar date"}},
		{"dateOfBirth", "tomorrow", outcome{refuse: "not a date: use YYYY-MM-DD or MM/DD/YYYY"}},
		{"callerId", "(312) 555-0199", outcome{body: `{"callerId":"+13125550199"}`}},
		{"callerId", "1 312 555 0142", outcome{}},
		{"callerId", "555-0142", outcome{refuse: "enter a US number like (312) 555-0142, or + and the country code"}},
		{"callerId", "", outcome{refuse: "required: this field can't be cleared"}},
		{"email", "Peggy@Example.org", outcome{body: `{"email":"Peggy@Example.org"}`}},
		{"email", "peggy at example", outcome{refuse: "not an e-mail address like name@example.com"}},
		{"mbiNumber", "1eg4-te5-mk74", outcome{body: `{"mbiNumber":"1EG4TE5MK74"}`}},
		{"mbiNumber", "1EG4-TE5-MK7", outcome{refuse: "an MBI has 11 characters, this has 10"}},
		{"firstName", "Maggie", outcome{body: `{"firstName":"Maggie"}`}},
		{"lastName", "null", outcome{body: `{"lastName":null}`}},
		{"lastName", "Null", outcome{body: `{"lastName":"Null"}`}},
		{"middleName", "", outcome{body: `{"middleName":null}`}},
		{"suffix", strings.Repeat("J", 51), outcome{refuse: "too long: 51 of at most 50 characters"}},
		{"lastContactedAt", "2026-06-17T19:07:23Z", outcome{body: `{"lastContactedAt":"2026-06-17T19:07:23Z"}`}},
		{"lastContactedAt", "yesterday", outcome{refuse: "not a date-time like 2026-06-17T19:07:23Z"}},
		{"memberId", "123", outcome{refuse: "not a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08"}},
		{"customData", `{ "b": [1, 2] }`, outcome{body: `{"customData":{"b":[1,2]}}`}},
		{"customData", `{bad`, outcome{refuse: "not valid JSON: line 1, column 2: an unexpected character where a key in quotes should begin"}},
		{"doNotCall", "Yes", outcome{body: `{"doNotCall":true}`}},
		{"doNotCall", "TRUE", outcome{body: `{"doNotCall":true}`}},
		{"doNotCall", "no", outcome{}},
		{"doNotCall", "not set", outcome{body: `{"doNotCall":null}`}},
		{"doNotCall", "maybe", outcome{refuse: "must be Yes or No"}},
		{"doNotSMS", "false", outcome{body: `{"doNotSMS":false}`}},
		{"status", "active", outcome{body: `{"status":"Active"}`}},
		{"status", "INACTIVE", outcome{body: `{"status":"Inactive"}`}},
		{"status", "null", outcome{body: `{"status":null}`}},
		{"status", "Archived", outcome{refuse: "must be one of: Lead, Active, Inactive"}},
		{"lineType", "FIXEDVOIP", outcome{body: `{"lineType":"fixedVoip"}`}},
		{"testCustomer", "not set", outcome{refuse: "required: this field can't be cleared"}},
	}
}

// choiceRefusal is how the line mode refuses an answer for a list field.
func choiceRefusal(label string) string { return "Not one of the choices; " + label + " is unchanged." }

// The same answers give the same accepted value, or the same message, in
// the editor's line mode and in ccedit set.
func TestParityWithTheEditor(t *testing.T) {
	r := newRig(t)
	s := forms.NewSchema()
	for _, c := range parityTable() {
		f := s.Field(c.field)
		byEditor := lineModeAnswer(t, r, f, c.in)
		bySet := setAnswer(t, r, f, c.in)
		want := c.want
		if f.Choices() != nil && want.refuse != "" {
			want.refuse = choiceRefusal(f.Label)
		}
		if byEditor != want {
			t.Errorf("line mode, %s = %q: %+v, want %+v", c.field, c.in, byEditor, want)
		}
		if bySet != c.want {
			t.Errorf("set, %s=%q: %+v, want %+v", c.field, c.in, bySet, c.want)
		}
	}
	r.wantPatches()
}

// The line mode keeps conveniences of a conversation on top of the shared
// parser: a number from its list and the start of a choice. A script gets
// neither: an abbreviation there is refused, not guessed.
func TestLineModeOnlyShortcuts(t *testing.T) {
	r := newRig(t)
	f := forms.NewSchema().Field("doNotCall")
	if got := lineModeAnswer(t, r, f, "y"); got.body != `{"doNotCall":true}` {
		t.Fatalf("line mode y: %+v", got)
	}
	if got := lineModeAnswer(t, r, f, "1"); got.body != `{"doNotCall":true}` {
		t.Fatalf("line mode 1: %+v", got)
	}
	if got := setAnswer(t, r, f, "y"); got.refuse != "must be Yes or No" {
		t.Fatalf("set y: %+v", got)
	}
	status := forms.NewSchema().Field("status")
	if got := lineModeAnswer(t, r, status, "Activ"); got.body != `{"status":"Active"}` {
		t.Fatalf("line mode Activ: %+v", got)
	}
	if got := setAnswer(t, r, status, "Activ"); got.refuse != "must be one of: Lead, Active, Inactive" {
		t.Fatalf("set Activ: %+v", got)
	}
	r.wantPatches()
}

// lineModeAnswer types in as the answer for f in the line mode, reviews
// and quits without saving.
func lineModeAnswer(t *testing.T, r *rig, f *forms.Field, in string) outcome {
	t.Helper()
	client, err := apiclient.New(apiclient.Options{BaseURL: r.url, APIKey: testKey,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if in == "" {
		in = "-" // the line mode's way to type an empty value: Enter alone keeps the field
	}
	var out bytes.Buffer
	// The empty line after the value: a refused value is asked for again,
	// and Enter keeps the field.
	script := strings.Join([]string{"edit " + f.Name, in, "", "review", "quit", "d"}, "\n") + "\n"
	ui.RunLineMode(ui.Config{Client: client, CustomerID: lead, ASCII: true}, strings.NewReader(script), &out)
	text := out.String()
	if _, msg, ok := strings.Cut(text, "Not accepted: "); ok {
		msg, _, _ = strings.Cut(msg, ". "+f.Label+" is unchanged")
		return outcome{refuse: msg}
	}
	if strings.Contains(text, choiceRefusal(f.Label)) {
		return outcome{refuse: choiceRefusal(f.Label)}
	}
	if _, body, ok := strings.Cut(text, "Body: "); ok {
		body, _, _ = strings.Cut(body, "\n")
		return outcome{body: body}
	}
	if !strings.Contains(text, "Nothing changed, so nothing would be sent.") {
		t.Fatalf("line mode said:\n%s", text)
	}
	return outcome{}
}

// setAnswer runs ccedit set FIELD=in --dry-run --json.
func setAnswer(t *testing.T, r *rig, f *forms.Field, in string) outcome {
	t.Helper()
	code, out, errOut := r.run("", "set", lead, f.Name+"="+in, "--dry-run", "--json")
	switch code {
	case ExitInvalid:
		prefix := "ccedit: " + f.Name + " (" + f.Label + "): "
		if !strings.HasPrefix(errOut, prefix) || strings.Count(errOut, "\n") != 1 {
			t.Fatalf("set %s=%q: stderr %q", f.Name, in, errOut)
		}
		return outcome{refuse: strings.TrimSuffix(strings.TrimPrefix(errOut, prefix), "\n")}
	case ExitOK:
		var res struct {
			WouldSend json.RawMessage `json:"wouldSend"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("set %s=%q: %v: %s", f.Name, in, err, out)
		}
		return outcome{body: string(res.WouldSend)}
	}
	t.Fatalf("set %s=%q: exit %d: %s", f.Name, in, code, errOut)
	return outcome{}
}
