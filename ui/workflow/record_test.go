package workflow

import (
	"encoding/json"
	"testing"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

// seeded returns a stored seed record as the server would send it, without
// going through HTTP.
func seeded(t *testing.T, id string, edit map[string]any) *apiclient.Customer {
	t.Helper()
	fake := fakeapi.New(fakeapi.Options{RateLimit: -1})
	if edit != nil {
		if err := fake.EditAsOtherUser(id, edit); err != nil {
			t.Fatal(err)
		}
	}
	return &apiclient.Customer{Fields: fake.Record(id)}
}

func TestRecordSetRevertDirtyCounts(t *testing.T) {
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	if r.Name() != "Margaret O'Connell" || r.Dirty() != 0 || len(r.Edits()) != 0 {
		t.Fatalf("fresh record: name %q, dirty %d, edits %v", r.Name(), r.Dirty(), r.Edits())
	}
	city, email, first := field(t, s, "city"), field(t, s, "email"), field(t, s, "firstName")

	r.Set(city, forms.TextValue("Evanston"))
	if !r.Touched(city) || r.Value(city).Text != "Evanston" || r.Base(city).Text != "Chicago" {
		t.Fatalf("city: touched %v, value %q, base %q", r.Touched(city), r.Value(city).Text, r.Base(city).Text)
	}
	ch := r.Change("city")
	if ch == nil || string(ch.Before) != `"Chicago"` || string(ch.After) != `"Evanston"` {
		t.Fatalf("change %+v", ch)
	}
	r.Set(email, forms.TextValue("not an email"))
	if r.InvalidErr("email") == nil || r.Change("email") != nil || len(r.Invalids()) != 1 {
		t.Fatalf("invalid email: err %v, invalids %v", r.InvalidErr("email"), r.Invalids())
	}
	r.Set(first, forms.TextValue("Margaret")) // typed back: touched, not a change
	if !r.Touched(first) || r.Change("firstName") != nil {
		t.Fatal("typing the loaded value back is a change")
	}
	if r.Dirty() != 2 || r.Count(forms.Contact) != 2 || r.Count(forms.Identity) != 0 || names(r.Changes()) != "city" {
		t.Fatalf("dirty %d, contact %d, identity %d, changes %s", r.Dirty(), r.Count(forms.Contact), r.Count(forms.Identity), names(r.Changes()))
	}
	if e := r.Edits(); len(e) != 3 || e["city"].Text != "Evanston" || e["firstName"].Text != "Margaret" {
		t.Fatalf("edits %v", e)
	}
	if r.Rev() != 3 {
		t.Fatalf("rev %d after 3 sets", r.Rev())
	}

	r.Revert(city)
	if r.Touched(city) || r.Value(city) != r.Base(city) || r.Change("city") != nil || r.Dirty() != 1 || r.Rev() != 4 {
		t.Fatalf("after revert: touched %v, value %q, dirty %d, rev %d", r.Touched(city), r.Value(city).Text, r.Dirty(), r.Rev())
	}
	r.Revert(email)
	if r.Dirty() != 0 || r.InvalidErr("email") != nil || r.Count(forms.Contact) != 0 {
		t.Fatalf("after reverting all: dirty %d", r.Dirty())
	}
}

func TestRecordReadOnlyAndAbsentFieldsAreNotEditable(t *testing.T) {
	s := forms.NewSchema()
	cust := seeded(t, fakeapi.MedicareLeadID, nil)
	delete(cust.Fields, "county")
	delete(cust.Fields, "updatedAt") // read-only: never "absent"
	r := NewRecord(s, cust)
	county, client, updated := field(t, s, "county"), field(t, s, "clientId"), field(t, s, "updatedAt")
	if !r.Absent(county) || r.Editable(county) || r.Absent(updated) || r.Absent(client) || r.Editable(client) {
		t.Fatalf("absent: county %v, updatedAt %v; editable: county %v, clientId %v",
			r.Absent(county), r.Absent(updated), r.Editable(county), r.Editable(client))
	}
	r.Set(county, forms.TextValue("Cook"))
	r.Set(client, forms.TextValue("00000000-0000-0000-0000-000000000000"))
	if r.Touched(county) || r.Touched(client) || r.Dirty() != 0 || r.Rev() != 0 {
		t.Fatalf("set on a field that is not editable: dirty %d, rev %d", r.Dirty(), r.Rev())
	}
	// Sent again later, the field becomes editable.
	r.SetBaseline(seeded(t, fakeapi.MedicareLeadID, nil))
	if r.Absent(county) || r.Value(county).Text != "Cook" {
		t.Fatalf("county after the server sent it: absent %v, %q", r.Absent(county), r.Value(county).Text)
	}
}

func TestRecordSetBaselineKeepsEditsAndFollowsTheRest(t *testing.T) {
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	city, county := field(t, s, "city"), field(t, s, "county")
	r.Set(city, forms.TextValue("Skokie"))
	r.SetBaseline(seeded(t, fakeapi.MedicareLeadID, map[string]any{"county": "Lake", "firstName": "Peg"}))
	if r.Value(city).Text != "Skokie" || r.Value(county).Text != "Lake" || r.Name() != "Peg O'Connell" {
		t.Fatalf("city %q, county %q, name %q", r.Value(city).Text, r.Value(county).Text, r.Name())
	}
	if names(r.Changes()) != "city" || r.Customer().Str("county") != "Lake" {
		t.Fatalf("changes %s against %q", names(r.Changes()), r.Customer().Str("county"))
	}
}

func TestRecordRebaseKeepsOnlyWhatTheAgentChose(t *testing.T) {
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	city, county, state := field(t, s, "city"), field(t, s, "county"), field(t, s, "state")
	r.Set(city, forms.TextValue("Skokie"))
	r.Set(county, forms.TextValue("Lake"))
	r.Set(state, forms.TextValue("WI"))
	theirs := seeded(t, fakeapi.MedicareLeadID, map[string]any{"city": "Evanston", "county": "DuPage"})
	r.Rebase(theirs, map[string]bool{"city": true, "county": false})

	if r.Value(city).Text != "Skokie" || !r.Touched(city) {
		t.Fatalf("kept mine: city %q touched %v", r.Value(city).Text, r.Touched(city))
	}
	if r.Value(county).Text != "DuPage" || r.Touched(county) {
		t.Fatalf("took theirs: county %q touched %v", r.Value(county).Text, r.Touched(county))
	}
	if ch := r.Change("city"); ch == nil || string(ch.Before) != `"Evanston"` {
		t.Fatalf("city now changes from theirs: %+v", ch)
	}
	if names(r.Changes()) != "city,state" || r.Dirty() != 2 {
		t.Fatalf("changes %s", names(r.Changes()))
	}
}

func TestRecordAfterSaveReportsWhatTheServerStoredDifferently(t *testing.T) {
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	city, county, state := field(t, s, "city"), field(t, s, "county"), field(t, s, "state")
	r.Set(city, forms.TextValue("Skokie"))
	r.Set(county, forms.TextValue("Lake"))
	r.Set(state, forms.TextValue("WI"))
	sent := []forms.Change{*r.Change("city"), *r.Change("county")}

	// The server trimmed the county, dropped the city key, and kept state.
	stored := seeded(t, fakeapi.MedicareLeadID, map[string]any{"county": "LAKE"})
	delete(stored.Fields, "city")
	differ := r.AfterSave(stored, sent)
	if names(differ) != "city,county" {
		t.Fatalf("differ %s, want city,county", names(differ))
	}
	if string(differ[1].Before) != `"Lake"` || string(differ[1].After) != `"LAKE"` || differ[0].After != nil {
		t.Fatalf("differ %s→%s, city after %s", differ[1].Before, differ[1].After, differ[0].After)
	}
	if r.Touched(city) || r.Touched(county) || !r.Touched(state) || names(r.Changes()) != "state" {
		t.Fatalf("after save: touched %v %v %v, changes %s", r.Touched(city), r.Touched(county), r.Touched(state), names(r.Changes()))
	}
	if r.Value(county).Text != "LAKE" || !r.Absent(city) {
		t.Fatalf("baseline not the stored record: county %q", r.Value(county).Text)
	}

	// Stored as sent: nothing differs.
	r2 := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	r2.Set(city, forms.TextValue("Skokie"))
	ch := *r2.Change("city")
	if d := r2.AfterSave(seeded(t, fakeapi.MedicareLeadID, map[string]any{"city": json.RawMessage(`"Skokie"`)}), []forms.Change{ch}); len(d) != 0 || r2.Dirty() != 0 {
		t.Fatalf("differ %s, dirty %d", names(d), r2.Dirty())
	}
}

// A field typed back to its loaded value is not a change: when someone else
// saves a new value meanwhile, the record follows theirs instead of
// offering to send the old value over it.
func TestRecordTouchedButUnchangedFollowsTheNewBaseline(t *testing.T) {
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	city := field(t, s, "city")
	r.Set(city, forms.TextValue("Skokie"))
	r.Set(city, forms.TextValue("Chicago")) // back to the loaded value
	r.SetBaseline(seeded(t, fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"}))
	if r.Value(city).Text != "Evanston" || r.Touched(city) || r.Dirty() != 0 {
		t.Fatalf("city %q touched %v, %d unsaved: an old value would overwrite theirs", r.Value(city).Text, r.Touched(city), r.Dirty())
	}
}
