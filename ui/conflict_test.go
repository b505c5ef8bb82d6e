package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestConflictSendsNothingAndLetsTheAgentChoose(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Chicago Heights")
	// Another agent saves the same field, and one this agent left alone.
	if err := h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston", "state": "IN"}); err != nil {
		t.Fatal(err)
	}
	h.keys("ctrl+s", "enter")
	h.mustSee("Someone else changed 1 field you also changed.", "Nothing was sent.",
		`loaded  "Chicago"`, `theirs  "Evanston"`, `mine    "Chicago Heights"`)
	h.wantPatches()
	h.golden("conflict")

	h.typ("m") // keep mine
	h.keys("enter")
	h.mustSee("Review: 1 change to send", `"Evanston" → "Chicago Heights"`)
	h.keys("enter")
	h.wantPatches(`{"city":"Chicago Heights"}`)
	rec := h.fake.Record(fakeapi.MedicareLeadID)
	if string(rec["state"]) != `"IN"` {
		t.Fatalf("the other agent's change to state was overwritten: %s", rec["state"])
	}
}

func TestConflictKeepTheirsDropsTheEdit(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("x")
	h.goTo("county")
	h.typ("y")
	_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
	h.keys("ctrl+s", "enter")
	h.mustSee("Someone else changed 1 field")
	h.keys("enter") // theirs is the default
	h.mustSee("Review: 1 change to send", `"Cook" → "Cooky"`)
	h.mustNotSee("Chicagox")
	h.keys("enter")
	h.wantPatches(`{"county":"Cooky"}`)
	if h.value("city") != "Evanston" {
		t.Fatalf("city shows %q", h.value("city"))
	}
}

func TestChangeAlreadyOnServerIsNotSent(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Evanston")
	_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
	h.keys("ctrl+s", "enter")
	h.wantPatches()
	h.mustSee("Already on the server (saved by someone else), not sent: City.")
	h.nothingUnsaved()
}

func TestAmbiguousFailureAlreadyAppliedIsSuccess(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	// The server stores the change, then a proxy times out: 504.
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 504, Apply: true, ContentType: "text/html", Body: "<h1>504</h1>"})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Chicago!"}`) // sent once, never blindly again
	// Its own save reached the server: not "saved by someone else".
	h.mustSee("Saved 1 field: City.", "the save reached it")
	h.mustNotSee("someone else")
	h.nothingUnsaved()
	if o := h.m.Outcome(); o.Report.Saved != 1 {
		t.Fatalf("saved %d", o.Report.Saved)
	}
}

func TestAmbiguousFailureNotAppliedIsSentAgain(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 502, ContentType: "text/html", Body: "<h1>502</h1>"})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Chicago!"}`, `{"city":"Chicago!"}`)
	h.mustSee("Saved 1 field: City.")
}

func TestPreconditionFailedLooksAgain(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID, withETags())
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 412, Body: `{"message":"changed","code":"PRECONDITION_FAILED"}`})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.mustSee("Saved 1 field: City.")
	var ifMatch []string
	for _, r := range h.fake.Requests() {
		if r.Method == "PATCH" {
			ifMatch = append(ifMatch, r.IfMatch)
		}
	}
	if len(ifMatch) != 2 || ifMatch[0] == "" || ifMatch[1] == "" {
		t.Fatalf("If-Match on PATCHes: %q", ifMatch)
	}
	var rec map[string]json.RawMessage = h.fake.Record(fakeapi.MedicareLeadID)
	if string(rec["city"]) != `"Chicago!"` {
		t.Fatalf("city %s", rec["city"])
	}
}

func TestServerMessagesAreSanitized(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, Body: `{"message":"Validation failed","code":"VALIDATION_ERROR",` +
		`"errors":[{"path":["x\u001b]52;c;cHduZWQ=\u0007"],"message":"bad \u001b[2J\u202e","received":"\u001b]0;t\u0007"},` +
		`{"path":["city"],"message":"no \u001b[31mred\u001b[0m"}]}`})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	raw := h.raw()
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u202e", "\x1b]0;", "\x07", "\x1b[31mred"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("server text reached the terminal raw: %q in\n%q", bad, raw)
		}
	}
	h.mustSee(`["x\u001b]52;c;cHduZWQ=\u0007"]: bad ␛[2J⟨U+202E⟩`, "no ␛[31mred␛[0m")
}

// A record with wrong-typed values renders on every tab without panicking,
// and saving an unrelated field sends only that field.
func TestWrongTypedRecordIsShownAndLeftAlone(t *testing.T) {
	h := newHarness(t, "")
	weird := map[string]any{
		"id": "99999999-9999-4999-8999-999999999999", "callerId": 3125550142, "firstName": map[string]any{"x": 1},
		"lastName": []any{"a", 2}, "annualIncome": "52000", "testCustomer": "yes", "doNotCall": 1,
		"status": "lead", "dateOfBirth": 19560314, "customData": "not json text", "policies": nil,
	}
	if err := h.fake.Put(weird); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, "99999999-9999-4999-8999-999999999999", withFake(h.fake))
	for range 6 {
		h.fitsWindow()
		h.keys("ctrl+n")
	}
	h.mustSee("Identity")
	h.goTo("status")
	h.mustSee("lead (not an allowed value)")
	h.goTo("city")
	h.typ("Tacoma")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Tacoma"}`)
}
