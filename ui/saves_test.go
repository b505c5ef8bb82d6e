package ui

import (
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// A server that keeps answering 412 sends the save to the conflict flow.
func TestPreconditionFailedGoesToTheConflictFlow(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID, withETags())
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 412, Times: 3,
		Body: `{"message":"The customer was changed since it was read","code":"PRECONDITION_FAILED"}`})
	h.goTo("city")
	h.typ("s")
	h.keys("ctrl+s", "enter")
	h.mustSee("The server refused the save", `mine    "Chicagos"`)
	h.mustNotSee("Unexpected answer")
	h.typ("m")
	h.keys("enter")
	h.mustSee("Review: 1 change to send")
	h.keys("enter")
	h.mustSee("Saved 1 field: City.")
}

// What ccedit wrote itself is not presented as the server's words.
func TestOwnTextIsNotLabelledServerSaid(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 200, ContentType: "text/html", Body: "<html>login</html>"})
	h.keys("enter")
	h.mustSee("The API sent an answer ccedit cannot read", "Details: response is not a JSON object")
	h.mustNotSee("Server said")
}

// A record answered for another customer is never shown under the id asked
// for, and a PATCH answered with one is not taken as saved.
func TestAnotherCustomersRecordIsRefused(t *testing.T) {
	other := `{"id":"` + fakeapi.AllNullID + `","firstName":"Someone","lastName":"Else"}`
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Path: "/v2/customers/" + fakeapi.MedicareLeadID, Status: 200, Body: other})
	h.keys("enter")
	h.mustSee("another customer's record", "asked for customer "+fakeapi.MedicareLeadID[:8])
	h.mustNotSee("Someone", "Else")
	if h.m.ed != nil {
		t.Fatal("an editor was opened on the wrong record")
	}
	h.typ("r")
	h.mustSee("Margaret O'Connell")

	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 200, Body: other})
	h.goTo("city")
	h.typ("s")
	h.keys("ctrl+s", "enter")
	h.mustSee("The answer to the save was another customer's record.", "Your edits are kept.")
	h.mustNotSee("r retry", "Saved")
	h.keys("esc")
	if h.value("city") != "Chicagos" || h.m.ed.rec.Dirty() != 1 {
		t.Fatalf("city %q, %d unsaved", h.value("city"), h.m.ed.rec.Dirty())
	}
}
