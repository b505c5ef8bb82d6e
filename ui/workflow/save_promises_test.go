package workflow

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// Two saves of one field on one host, at once, against a server without
// ETags: the save lock makes the second read the record after the first
// was answered, so it sees the first's value and stops with a conflict.
// Without the lock both read the loaded value and both "won" (18 of 30
// pairs in the report that found it).
func TestConcurrentSavesOfOneFieldNeverBothWin(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	locks, err := draft.OpenSaveLocks(filepath.Join(t.TempDir(), "ccedit", "locks"))
	if err != nil {
		t.Fatal(err)
	}
	defer locks.Close()
	s := forms.NewSchema()
	for pair := 0; pair < 10; pair++ {
		cust := load(t, c, fakeapi.MedicareLeadID)
		var wg sync.WaitGroup
		results := make([]SaveResult, 2)
		for i, name := range []string{"Dana Whitfield", "Lee Okafor"} {
			r := NewRecord(s, cust)
			r.Set(s.Index("agentName"), forms.TextValue(name+string(rune('A'+pair))))
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = Save(context.Background(), c, locks, fakeapi.MedicareLeadID, r.Changes())
			}()
		}
		wg.Wait()
		won := 0
		for _, res := range results {
			switch {
			case res.Err != nil:
				t.Fatal(res.Err)
			case len(res.Conflicts) == 0:
				won++
			}
		}
		if won != 1 {
			t.Fatalf("pair %d: %d saves won (sent %q)", pair, won, fake.Patches())
		}
	}
}

// A PATCH answered 2xx with nothing readable (204, an empty 200, a proxy's
// HTML) was applied or not: the record is read again, and what it holds of
// the change is this session's save, not someone else's.
func TestAnUnreadable2xxIsAnAmbiguousSave(t *testing.T) {
	for name, a := range map[string]*fakeapi.Answer{
		"204":       {Status: 204},
		"empty 200": {Status: 200},
		"HTML 200":  {Status: 200, ContentType: "text/html", Body: []byte("<html>ok</html>")},
		"HTML 201":  {Status: 201, ContentType: "text/html", Body: []byte("<p>created</p>")},
	} {
		t.Run(name, func(t *testing.T) {
			fake, c := newFake(t, fakeapi.Options{PatchAnswer: func(map[string]json.RawMessage) *fakeapi.Answer { return a }})
			r := edited(t, c, map[string]string{"city": "Skokie"})
			res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
			if res.Err != nil || names(res.Landed) != "city" || len(res.Already) != 0 {
				t.Fatalf("err %v, landed %s, already %s", res.Err, names(res.Landed), names(res.Already))
			}
			wantPatches(t, fake, `{"city":"Skokie"}`) // not sent twice
			if got := SavedText(res, r.AfterSave(res.Cust, res.Saved())); got !=
				"Saved 1 field: City. The server's answer was lost on the way, but the record read again shows the save reached it." {
				t.Fatalf("SavedText %q", got)
			}
		})
	}
}

// A PATCH answer that leaves out a field it was sent does not make that
// field "stored as null": the record is read again.
func TestAnAnswerWithoutASentFieldIsReadAgain(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{PatchAnswer: fakeapi.OmitFields("lastName")})
	r := edited(t, c, map[string]string{"lastName": "Okafor"})
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil || res.Cust.Str("lastName") != "Okafor" {
		t.Fatalf("err %v, lastName %q", res.Err, res.Cust.Str("lastName"))
	}
	if got := SavedText(res, r.AfterSave(res.Cust, res.Saved())); got != "Saved 1 field: Last name." {
		t.Fatalf("SavedText %q", got)
	}
	// And when the record read again leaves it out too, nobody knows.
	_, c = newFake(t, fakeapi.Options{PatchAnswer: fakeapi.OmitFields("lastName"), GetAnswer: fakeapi.OmitFields("lastName")})
	s := forms.NewSchema()
	r = NewRecord(s, load(t, c, fakeapi.MedicareLeadID))
	r.Set(s.Index("city"), forms.TextValue("Skokie"))
	res = Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := SavedText(res, r.AfterSave(res.Cust, res.Saved())); got != "Saved 1 field: City." {
		t.Fatalf("SavedText %q", got)
	}
}
