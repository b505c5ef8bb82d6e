package ui

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/workflow"
)

func TestEditReviewSaveSendsOnlyChangedFields(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.mustSee("Margaret O'Connell", "Identity", "Contact", "Medicare/Medicaid", "Coverage", "Consent", "Record")
	h.goTo("first name")
	if h.focused() != "firstName" {
		t.Fatalf("focus %s", h.focused())
	}
	h.keys("ctrl+u")
	h.typ("Maggie")
	h.mustSee("Maggie█  6", "firstName", `loaded "Margaret"`, "max 255", "Identity 1", "1 unsaved")
	h.keys("ctrl+s")
	h.mustSee("Review: 1 change to send", "First name (firstName)", `"Margaret" → "Maggie"`)
	h.typ("j")
	h.mustSee(`"firstName": "Maggie"`)
	h.keys("enter")
	h.wantPatches(`{"firstName":"Maggie"}`)
	h.mustSee("Saved 1 field: First name.")
	h.nothingUnsaved()
	if got := string(h.fake.Record(fakeapi.MedicareLeadID)["firstName"]); got != `"Maggie"` {
		t.Fatalf("stored %s", got)
	}
	// The saved record is the new baseline: nothing left to send.
	h.keys("ctrl+s")
	h.mustSee("Nothing changed.")
	h.keys("enter")
	h.wantPatches(`{"firstName":"Maggie"}`)
}

func TestTypeAheadAfterTabLandsInNextField(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("firstName")
	// One burst: clear, "Ann", Tab, "X" — as an SSH read would deliver it.
	h.keys("ctrl+u")
	h.typ("Ann")
	h.keys("tab")
	h.typ("X")
	h.keys("ctrl+n")
	h.typ("Y") // first field of Contact: callerId, appended at the end
	if h.value("firstName") != "Ann" || h.value("middleName") != "AnneX" {
		t.Fatalf("firstName %q middleName %q", h.value("firstName"), h.value("middleName"))
	}
	if h.focused() != "callerId" || h.value("callerId") != "+13125550142Y" {
		t.Fatalf("focus %s callerId %q", h.focused(), h.value("callerId"))
	}
	h.goTo("email")
	h.typ("Z")
	if h.value("email") != "peggy.oconnell@example.comZ" {
		t.Fatalf("email %q", h.value("email"))
	}
}

func TestChoicesNullAndTypedFields(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	// Status is the first field: → moves Lead to Active.
	h.keys("right")
	h.mustSee("◉ Active")
	h.goTo("do not call")
	h.typ("y")
	h.goTo("isDecisionMaker")
	h.keys("left") // Yes → not set (wraps backwards)
	h.goTo("middle")
	h.keys("ctrl+u") // clearing a nullable field sends null
	h.goTo("annual")
	h.keys("ctrl+u")
	h.typ("52,000")
	h.goTo("callerId")
	h.keys("ctrl+u")
	h.typ("(312) 555-0199")
	h.mustSee("saves as \"+13125550199\"")
	h.goTo("date of birth")
	h.keys("ctrl+u")
	h.typ("03/15/1956")
	h.goTo("ethnicity") // was null; left empty stays unchanged
	h.typ("x")
	h.keys("backspace")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"status":"Active","isDecisionMaker":null,"middleName":null,"dateOfBirth":"1956-03-15",` +
		`"callerId":"+13125550199","annualIncome":52000,"doNotCall":true}`)
}

func TestInvalidFieldsBlockSaveButNotMovement(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("date of birth")
	h.keys("ctrl+u")
	h.typ("02/30/1956")
	h.mustSee("✗ no such calendar date")
	h.keys("tab") // free to move on
	if h.focused() != "gender" {
		t.Fatalf("focus %s", h.focused())
	}
	h.goTo("callerId")
	h.keys("ctrl+u")
	h.mustSee("required: this field can't be cleared")
	h.keys("ctrl+s")
	h.mustSee("Can't save yet: 2 fields are invalid.", "Date of birth (dateOfBirth)", "Phone (caller ID) (callerId)")
	h.keys("enter")
	if h.focused() != "dateOfBirth" {
		t.Fatalf("enter should jump to the first invalid field, focus %s", h.focused())
	}
	h.wantPatches()
}

func TestRevertAndGroupCounts(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("x")
	h.goTo("veteran")
	h.typ("y")
	h.mustSee("Contact 1", "Medicare/Medicaid 1", "2 unsaved")
	h.keys("ctrl+r")
	h.mustSee("Contact 1", "1 unsaved")
	h.mustNotSee("Medicare/Medicaid 1")
}

func TestLengthLimitsCountUTF16AndCutPastes(t *testing.T) {
	h := newHarness(t, fakeapi.MaxLengthsID)
	h.goTo("last name") // 127 emoji + Z = 255 UTF-16 units
	h.mustSee("█  255", "max 255")
	h.typ("a")
	h.mustSee("Limit reached: at most 255 characters.")
	h.keys("backspace") // drops "Z": 254 of 255
	h.mustSee("█  254")
	h.mustNotSee("Limit reached")
	h.typ("😀") // needs 2 units, 1 is left: refused
	h.mustSee("█  254", "Limit reached")
	h.typ("b")
	h.mustSee("█  255")
	if !strings.HasSuffix(h.value("lastName"), "😀b") {
		t.Fatalf("lastName ends %q", h.value("lastName")[len(h.value("lastName"))-6:])
	}
	h.goTo("middle name")
	h.send(tea.PasteMsg{Content: strings.Repeat("ab", 130) + "\nc"})
	if got := h.value("middleName"); len(got) != 255 || strings.Contains(got, "\n") {
		t.Fatalf("pasted value has %d bytes", len(got))
	}
	h.mustSee("Paste cut to fit 255 characters: 7 left out.")
}

func TestServerValidationErrorsGoUnderTheirFields(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 422, Body: `{"message":"Validation failed","code":"VALIDATION_ERROR",` +
		`"errors":[{"path":["lastName"],"message":"Last name is on a blocklist","code":"custom"},` +
		`{"path":["policies",0],"message":"Policy is stale","code":"custom"}]}`})
	h.goTo("first name")
	h.typ("a")
	h.goTo("last name")
	h.typ("b")
	h.goTo("email")
	h.keys("ctrl+s", "enter")
	if h.focused() != "lastName" {
		t.Fatalf("focus should jump to the first rejected field, is %s", h.focused())
	}
	h.mustSee("✗ Server: Last name is on a blocklist", `Not tied to a field: ["policies",0]: Policy is stale`)
	if h.value("firstName") != "Margareta" || h.value("lastName") != "O'Connellb" {
		t.Fatal("edits were lost")
	}
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"firstName":"Margareta","lastName":"O'Connellb"}`, `{"firstName":"Margareta","lastName":"O'Connellb"}`)
	h.mustSee("Saved 2 fields")
}

func TestSavedValueStoredDifferentlyIsPointedOut(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	rec := h.fake.Record(fakeapi.MedicareLeadID)
	rec["city"] = json.RawMessage(`"CHICAGO"`)
	body, _ := json.Marshal(rec)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 200, Body: string(body), Apply: true})
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Chicago Heights")
	h.keys("ctrl+s", "enter")
	h.mustSee(`Saved 1 field: City.`, `The server stored City as "CHICAGO"`)
}

func TestNothingChangedSendsNothing(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("custom data")
	h.keys("ctrl+u")
	h.typ(`{"score": 0.820, "notes": ["prefers mornings","spouse on same plan"], "campaign": {"clicks":3,"adSet":"t65-bay-area","source":"facebook"}}`)
	h.keys("ctrl+s")
	h.mustSee("Nothing changed.", "Nothing will be sent")
	h.keys("enter")
	h.wantPatches()
	h.goTo("custom data")
	h.keys("ctrl+u")
	h.typ(`{"score":1}`)
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"customData":{"score":1}}`)
}

func TestHostileRecordIsInertAndUntouchedFieldsAreNotSent(t *testing.T) {
	h := newHarness(t, fakeapi.HostileID)
	for _, g := range []string{"", "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n"} {
		if g != "" {
			h.keys(g)
		}
		raw := h.raw()
		for _, bad := range []string{"\x1b[2J", "\x1b[H", "\x1b]0;", "\x1b]52", "\x1b]8;", "\x07", "\u202e", "\u200b", "\ufeff", "\u009b", "\x7f", "\r"} {
			if strings.Contains(raw, bad) {
				t.Fatalf("view writes %q from data:\n%q", bad, raw)
			}
		}
	}
	h.goTo("first name")
	h.mustSee("Eve␛[2J␛[H␛]0;pwned␇", "⟨U+202E⟩")
	h.goTo("status")
	h.keys("right")
	h.keys("ctrl+s", "enter")
	// callerId ("…\r\n") and email ("not an email") would fail validation
	// but were not touched, so they are not sent.
	h.wantPatches(`{"status":"Active"}`)
}

func TestQuitAsksWhenChangesAreUnsaved(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.keys("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c with no changes should quit")
	}
	h = newHarness(t, fakeapi.MedicareLeadID)
	h.keys("right", "ctrl+c")
	if h.quit {
		t.Fatal("quit without asking")
	}
	h.mustSee("Quit with 1 unsaved change?", "y  Quit and keep them in a draft", "d  Discard them and quit")
	h.typ("n")
	h.mustNotSee("Quit with")
	h.typ("q") // on a choice field a letter picks; it never quits
	h.mustNotSee("Quit with")
	if h.quit {
		t.Fatal("q quit from a choice field")
	}
	h.mustSee(`No choice starts with "q"`)
	h.keys("ctrl+c")
	h.typ("y")
	if !h.quit {
		t.Fatal("y should quit")
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("x")
	h.send(customerLoadedMsg{req: h.m.req - 1, err: errString("old failure")})
	h.send(customerSavedMsg{req: h.m.req + 5, res: workflow.SaveResult{Err: errString("from the future")}})
	h.mustSee("Chicagox", "1 unsaved")
	h.mustNotSee("old failure", "future")
}

type errString string

func (e errString) Error() string { return string(e) }

// A key the server did not send has an unknown stored value: ccedit shows
// that and will not overwrite it.
func TestFieldsTheServerDidNotSendAreNotOverwritten(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	cust := *h.m.ed.rec.Customer()
	cust.Fields = map[string]json.RawMessage{}
	for k, v := range h.m.ed.rec.Customer().Fields {
		if k != "customData" && k != "veteran" {
			cust.Fields[k] = v
		}
	}
	h.m.ed.rec.SetBaseline(&cust)
	h.m.ed.resetUI()
	h.goTo("custom data")
	h.mustSee("not sent by the server")
	h.typ("{}")
	h.send(tea.PasteMsg{Content: `{"a":1}`})
	h.mustSee("its stored value is unknown, so it is not editable")
	h.goTo("veteran")
	h.typ("y")
	h.keys("right")
	h.keys("ctrl+s")
	h.mustSee("Nothing changed.")
}
