package workflow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// draftAt is the time drafts are written at in these tests.
func draftAt() time.Time { return time.Date(2026, 11, 28, 14, 5, 0, 0, time.UTC) }

func newStore(t *testing.T) *draft.Store {
	t.Helper()
	s, err := draft.Open(filepath.Join(t.TempDir(), "drafts"), draftAt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// draftOf writes a draft of set (text values) made on the seeded lead.
func draftOf(t *testing.T, store *draft.Store, set map[string]string) {
	t.Helper()
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	for name, v := range set {
		r.Set(field(t, s, name), forms.TextValue(v))
	}
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
}

func TestWriteDraftKeepsEditsAndDeletesWhenClean(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	r := NewRecord(s, seeded(t, fakeapi.MedicareLeadID, nil))
	city := field(t, s, "city")
	r.Set(city, forms.TextValue("Chicagox"))
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	d, err := store.Load(fakeapi.MedicareLeadID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Edits["city"].Text != "Chicagox" || string(d.Base["city"]) != `"Chicago"` || !d.SavedAt.Equal(draftAt()) {
		t.Fatalf("draft edits %v, base city %s, saved %s", d.Edits, d.Base["city"], d.SavedAt)
	}
	// Only what a restore compares is kept on disk: the edited field's
	// loaded value (and the id), not the rest of the record.
	if _, ok := d.Base["firstName"]; ok || len(d.Base) != 2 {
		t.Fatalf("draft base holds %d keys: %v", len(d.Base), d.Base)
	}

	r.Set(city, forms.TextValue("Chicago")) // typed back: nothing unsaved
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatalf("draft kept with nothing unsaved: %v", err)
	}
	if err := WriteDraft(nil, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatalf("nil store: %v", err)
	}
	if got := CheckDraft(nil, s, fakeapi.MedicareLeadID); got.Draft != nil || got.Notice != "" || got.Changes != nil {
		t.Fatalf("nil store: %+v", got)
	}
}

func TestCheckDraftOffersChangesIncludingInvalidOnes(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	draftOf(t, store, map[string]string{"city": "Skokie", "veteran": "true", "email": "nope"})
	got := CheckDraft(store, s, fakeapi.MedicareLeadID)
	if got.Draft == nil || got.Notice != "" || names(got.Changes) != "city,veteran,email" {
		t.Fatalf("check: draft %v, notice %q, changes %s", got.Draft != nil, got.Notice, names(got.Changes))
	}
	if inv := got.Changes[2]; inv.Before != nil || inv.After != nil {
		t.Fatalf("invalid edit offered as %s → %s", inv.Before, inv.After)
	}
	if CheckDraft(store, s, "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e07").Draft != nil {
		t.Fatal("another customer's draft offered")
	}
}

func TestCheckDraftDeletesADraftThatChangesNothing(t *testing.T) {
	store := newStore(t)
	base := seeded(t, fakeapi.MedicareLeadID, nil).Fields
	if err := store.Save(draft.New(fakeapi.MedicareLeadID, base, forms.Edits{"city": forms.TextValue("Chicago")}, draftAt())); err != nil {
		t.Fatal(err)
	}
	if got := CheckDraft(store, forms.NewSchema(), fakeapi.MedicareLeadID); got.Draft != nil || got.Notice != "" {
		t.Fatalf("offered a draft without changes: %+v", got)
	}
	if _, err := os.Stat(store.Path(fakeapi.MedicareLeadID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("draft without changes kept: %v", err)
	}
}

func TestCheckDraftNoticesUnreadableDrafts(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	path := store.Path(fakeapi.MedicareLeadID)
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := CheckDraft(store, s, fakeapi.MedicareLeadID)
	const corrupt = "The draft for this customer could not be read; it was kept at "
	if got.Draft != nil || !strings.HasPrefix(got.Notice, corrupt) || strings.HasSuffix(got.Notice, ".") {
		t.Fatalf("corrupt draft: %+v", got)
	}
	kept := strings.TrimPrefix(got.Notice, corrupt) // no period after a path
	if b, err := os.ReadFile(kept); err != nil || string(b) != "{not json" {
		t.Fatalf("corrupt draft not kept at %s: %v", kept, err)
	}
	if again := CheckDraft(store, s, fakeapi.MedicareLeadID); again.Notice != "" {
		t.Fatalf("the kept-aside draft is noticed again: %q", again.Notice)
	}

	// A good draft others can read is not used, and moved aside before a
	// new draft is written: the next edit does not destroy it.
	draftOf(t, store, map[string]string{"city": "Skokie"})
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	was, _ := os.ReadFile(path)
	got = CheckDraft(store, s, fakeapi.MedicareLeadID)
	const refused = "This customer's draft was not used (it is accessible to group or others (mode 0644)); it was moved aside to "
	if got.Draft != nil || !strings.HasPrefix(got.Notice, refused) {
		t.Fatalf("draft open to others: %+v", got)
	}
	kept = strings.TrimSuffix(strings.TrimPrefix(got.Notice, refused), ".")
	draftOf(t, store, map[string]string{"county": "Lake"})
	if b, err := os.ReadFile(kept); err != nil || string(b) != string(was) || !strings.Contains(string(b), "Skokie") {
		t.Fatalf("the refused draft was not kept as it was at %s: %v", kept, err)
	}
}

func TestRestoreWithoutConflicts(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	draftOf(t, store, map[string]string{"city": "Skokie", "veteran": "true", "email": "nope", "firstName": "Margaret"})
	d := CheckDraft(store, s, fakeapi.MedicareLeadID).Draft
	// Meanwhile someone else changed fields the draft did not change.
	current := seeded(t, fakeapi.MedicareLeadID, map[string]any{"firstName": "Peg", "county": "Lake"})

	rs := Restore(s, d, current)
	if len(rs.Conflicts) != 0 || len(rs.Already) != 0 || len(rs.Apply) != 3 || rs.Apply["email"].Text != "nope" {
		t.Fatalf("restore: apply %v, already %s, conflicts %v", rs.Apply, names(rs.Already), rs.Conflicts)
	}
	if len(rs.Edits) != 4 {
		t.Fatalf("edits %v", rs.Edits)
	}
	r := RestoreInto(s, current, rs, nil)
	if r.Customer() != current || names(r.Changes()) != "city,veteran" || r.InvalidErr("email") == nil || r.Dirty() != 3 {
		t.Fatalf("record: changes %s, dirty %d", names(r.Changes()), r.Dirty())
	}
	// The first name the draft only touched follows the server: theirs stands.
	if first := field(t, s, "firstName"); r.Value(first).Text != "Peg" || r.Touched(first) {
		t.Fatalf("first name %q touched %v", r.Value(first).Text, r.Touched(first))
	}
	if r.Value(field(t, s, "county")).Text != "Lake" {
		t.Fatal("someone else's county lost")
	}
}

func TestRestoreWithConflictsAndAlreadySaved(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	draftOf(t, store, map[string]string{"city": "Skokie", "county": "Cook!", "state": "WI"})
	d := CheckDraft(store, s, fakeapi.MedicareLeadID).Draft
	current := seeded(t, fakeapi.MedicareLeadID, map[string]any{"city": "Evanston", "county": "Cook!"})

	rs := Restore(s, d, current)
	if names(rs.Already) != "county" || len(rs.Conflicts) != 1 || len(rs.Apply) != 1 || rs.Apply["state"].Text != "WI" {
		t.Fatalf("restore: apply %v, already %s, conflicts %v", rs.Apply, names(rs.Already), rs.Conflicts)
	}
	cf := rs.Conflicts[0]
	if cf.Field.Name != "city" || string(cf.Base) != `"Chicago"` || string(cf.Theirs) != `"Evanston"` || string(cf.Mine) != `"Skokie"` {
		t.Fatalf("conflict %s: %s / %s / %s", cf.Field.Name, cf.Base, cf.Theirs, cf.Mine)
	}

	theirs := RestoreInto(s, current, rs, map[string]bool{"city": false})
	if city := field(t, s, "city"); theirs.Value(city).Text != "Evanston" || theirs.Touched(city) || names(theirs.Changes()) != "state" {
		t.Fatalf("kept theirs: city %q, changes %s", theirs.Value(city).Text, names(theirs.Changes()))
	}
	mine := RestoreInto(s, current, rs, map[string]bool{"city": true})
	ch := mine.Change("city")
	if ch == nil || string(ch.Before) != `"Evanston"` || string(ch.After) != `"Skokie"` || names(mine.Changes()) != "city,state" {
		t.Fatalf("kept mine: changes %s, city %+v", names(mine.Changes()), ch)
	}
	if mine.Touched(field(t, s, "county")) {
		t.Fatal("a change already on the server is still an edit")
	}
}

// A draft survives a dropped session and is saved in the next one, against
// the record someone else changed meanwhile.
func TestDraftRestoredAndSavedEndToEnd(t *testing.T) {
	store := newStore(t)
	s := forms.NewSchema()
	fake, c := newFake(t, fakeapi.Options{})
	r := NewRecord(s, load(t, c, fakeapi.MedicareLeadID))
	r.Set(field(t, s, "city"), forms.TextValue("Skokie"))
	r.Set(field(t, s, "veteran"), forms.TextValue("true"))
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"}); err != nil {
		t.Fatal(err)
	}

	current := load(t, c, fakeapi.MedicareLeadID)
	dc := CheckDraft(store, s, fakeapi.MedicareLeadID)
	if dc.Draft == nil || len(dc.Changes) != 2 {
		t.Fatalf("check: %+v", dc)
	}
	rs := Restore(s, dc.Draft, current)
	r = RestoreInto(s, current, rs, map[string]bool{"city": true})
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil || len(res.Conflicts) != 0 {
		t.Fatalf("save: %v %v", res.Err, res.Conflicts)
	}
	wantPatches(t, fake, `{"city":"Skokie","veteran":true}`)
	r.AfterSave(res.Cust, append(res.Sent, res.Already...))
	if err := WriteDraft(store, fakeapi.MedicareLeadID, r, draftAt()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatalf("draft kept after the save: %v", err)
	}
}
