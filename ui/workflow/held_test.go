package workflow

import (
	"encoding/json"
	"testing"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

// A draft edit of a field the server no longer sends is neither applied
// nor a conflict with "theirs: null" (an absent value is unknown, not
// someone else's null): it is held, stays in the draft, and is never sent,
// until the server sends the field again or the agent drops it by name.
// Before, restoring it showed a conflict; "keep mine" then said "Nothing
// changed" and deleted the draft, and the edit with it.
func TestADraftEditOfAFieldTheServerNoLongerSendsIsHeld(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	draftOf(t, store, map[string]string{"lastName": "Okafor", "city": "Skokie"})
	d := CheckDraft(store, s, fakeapi.MedicareLeadID).Draft
	current := seeded(t, fakeapi.MedicareLeadID, nil)
	delete(current.Fields, "lastName")

	rs := Restore(s, d, current)
	if len(rs.Conflicts) != 0 || rs.Held["lastName"].Text != "Okafor" || len(rs.Apply) != 1 {
		t.Fatalf("restore: apply %v, held %v, conflicts %v", rs.Apply, rs.Held, rs.Conflicts)
	}
	r := RestoreInto(s, current, rs, nil)
	if names(r.Changes()) != "city" || names(r.Held()) != "lastName" || r.Dirty() != 2 || r.Count(forms.Identity) != 1 {
		t.Fatalf("changes %s, held %s, dirty %d", names(r.Changes()), names(r.Held()), r.Dirty())
	}
	if string(forms.Patch(r.Changes())) != `{"city":"Skokie"}` {
		t.Fatalf("would send %s", forms.Patch(r.Changes()))
	}

	// Saved: the city goes, the held edit stays in the draft.
	r.AfterSave(&apiclient.Customer{Fields: withField(current.Fields, "city", `"Skokie"`)}, r.Changes())
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	if chk := CheckDraft(store, s, fakeapi.MedicareLeadID); chk.Draft == nil || chk.Draft.Edits["lastName"].Text != "Okafor" {
		t.Fatalf("the held edit left the draft: %+v", chk)
	}

	// The server sends the field again: the held edit is an edit again.
	r.SetBaseline(&apiclient.Customer{Fields: withField(r.Customer().Fields, "lastName", `"O'Connell"`)})
	if ch := r.Change("lastName"); ch == nil || string(ch.After) != `"Okafor"` || len(r.Held()) != 0 {
		t.Fatalf("after the field came back: change %+v, held %s", ch, names(r.Held()))
	}

	// Dropped by name: nothing is left, and the draft may go.
	r2 := RestoreInto(s, current, rs, nil)
	r2.Drop("lastName")
	if names(r2.Held()) != "" || r2.Dirty() != 1 {
		t.Fatalf("after drop: held %s dirty %d", names(r2.Held()), r2.Dirty())
	}
}

func withField(fields map[string]json.RawMessage, name, raw string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range fields {
		out[k] = v
	}
	out[name] = []byte(raw)
	return out
}
