package workflow

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

// edited loads the Medicare lead and sets text fields on it.
func edited(t *testing.T, c *apiclient.Client, set map[string]string) *Record {
	t.Helper()
	s := forms.NewSchema()
	r := NewRecord(s, load(t, c, fakeapi.MedicareLeadID))
	for name, v := range set {
		r.Set(field(t, s, name), forms.TextValue(v))
	}
	return r
}

func wantPatches(t *testing.T, fake *fakeapi.Server, want ...string) {
	t.Helper()
	if got := fake.Patches(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("PATCH bodies\n got %q\nwant %q", got, want)
	}
}

func TestSaveSendsOnlyTheChangedKeys(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{ETags: true})
	r := edited(t, c, map[string]string{"city": "Skokie", "veteran": "true", "firstName": "Margaret"})
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil || len(res.Conflicts) != 0 {
		t.Fatalf("save: %v, conflicts %v", res.Err, res.Conflicts)
	}
	wantPatches(t, fake, `{"city":"Skokie","veteran":true}`)
	if names(res.Sent) != "city,veteran" || len(res.Already) != 0 || res.Cust.Str("city") != "Skokie" {
		t.Fatalf("sent %s, already %s, city %q", names(res.Sent), names(res.Already), res.Cust.Str("city"))
	}
	if reqs := fake.Requests(); reqs[len(reqs)-1].IfMatch == "" {
		t.Fatal("PATCH not conditional on the record just read")
	}
	differ := r.AfterSave(res.Cust, res.Saved())
	if r.Dirty() != 0 || len(differ) != 0 {
		t.Fatalf("after save: dirty %d, differ %s", r.Dirty(), names(differ))
	}
	if got := SavedText(res, differ); got != "Saved 2 fields: City, Veteran." {
		t.Fatalf("SavedText %q", got)
	}
}

func TestSaveDropsWhatIsAlreadyOnTheServer(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	r := edited(t, c, map[string]string{"city": "Skokie", "county": "Lake"})
	if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Skokie", "firstName": "Peg"}); err != nil {
		t.Fatal(err)
	}
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	wantPatches(t, fake, `{"county":"Lake"}`)
	if names(res.Sent) != "county" || names(res.Already) != "city" || res.Cust.Str("firstName") != "Peg" {
		t.Fatalf("sent %s, already %s, first name %q", names(res.Sent), names(res.Already), res.Cust.Str("firstName"))
	}
	want := "Saved 1 field: County. Already on the server (saved by someone else), not sent: City."
	if got := SavedText(res, nil); got != want {
		t.Fatalf("SavedText\n got %q\nwant %q", got, want)
	}
}

func TestSaveConflictSendsNothing(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	r := edited(t, c, map[string]string{"city": "Skokie", "county": "Lake"})
	if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"}); err != nil {
		t.Fatal(err)
	}
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	wantPatches(t, fake)
	if res.Err != nil || res.Cust != nil || len(res.Conflicts) != 1 {
		t.Fatalf("err %v, cust %v, conflicts %v", res.Err, res.Cust, res.Conflicts)
	}
	cf := res.Conflicts[0]
	if cf.Field.Name != "city" || string(cf.Base) != `"Chicago"` || string(cf.Theirs) != `"Evanston"` || string(cf.Mine) != `"Skokie"` {
		t.Fatalf("conflict %s: %s / %s / %s", cf.Field.Name, cf.Base, cf.Theirs, cf.Mine)
	}
	if res.Theirs.Str("city") != "Evanston" {
		t.Fatalf("theirs %q", res.Theirs.Str("city"))
	}
	// The agent keeps theirs: only the county is left to send.
	r.Rebase(res.Theirs, map[string]bool{"city": false})
	res = Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil || len(res.Conflicts) != 0 {
		t.Fatalf("second save: %v %v", res.Err, res.Conflicts)
	}
	wantPatches(t, fake, `{"county":"Lake"}`)
}

func TestSaveLooksAgainAfterAmbiguousFailures(t *testing.T) {
	t.Run("502 after the server stored it", func(t *testing.T) {
		fake, c := newFake(t, fakeapi.Options{})
		r := edited(t, c, map[string]string{"city": "Skokie"})
		fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 502, Apply: true, ContentType: "text/html", Body: "<h1>502</h1>"})
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		if res.Err != nil || len(res.Sent) != 0 || names(res.Landed) != "city" || len(res.Already) != 0 || res.Cust.Str("city") != "Skokie" {
			t.Fatalf("err %v, sent %s, landed %s, already %s", res.Err, names(res.Sent), names(res.Landed), names(res.Already))
		}
		wantPatches(t, fake, `{"city":"Skokie"}`) // not sent twice
		// Its own save reached the server: not "saved by someone else".
		want := "Saved 1 field: City. The server's answer was lost on the way, but the record read again shows the save reached it."
		if got := SavedText(res, nil); got != want {
			t.Fatalf("SavedText\n got %q\nwant %q", got, want)
		}
	})
	t.Run("502 after storing, one field already there", func(t *testing.T) {
		fake, c := newFake(t, fakeapi.Options{})
		r := edited(t, c, map[string]string{"city": "Skokie", "county": "Lake"})
		if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Skokie"}); err != nil {
			t.Fatal(err)
		}
		fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 504, Apply: true, ContentType: "text/html", Body: "<h1>504</h1>"})
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		if res.Err != nil || len(res.Sent) != 0 || names(res.Already) != "city" || names(res.Landed) != "county" {
			t.Fatalf("err %v, sent %s, landed %s, already %s (each field once)", res.Err, names(res.Sent), names(res.Landed), names(res.Already))
		}
		want := "Saved 1 field: County. The server's answer was lost on the way, but the record read again shows the save reached it." +
			" Already on the server (saved by someone else), not sent: City."
		if got := SavedText(res, nil); got != want {
			t.Fatalf("SavedText\n got %q\nwant %q", got, want)
		}
		wantPatches(t, fake, `{"county":"Lake"}`)
	})
	t.Run("502 before the server stored it", func(t *testing.T) {
		fake, c := newFake(t, fakeapi.Options{})
		r := edited(t, c, map[string]string{"city": "Skokie"})
		fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 502, ContentType: "text/html", Body: "<h1>502</h1>"})
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		if res.Err != nil || names(res.Sent) != "city" || fake.Record(fakeapi.MedicareLeadID)["city"] == nil {
			t.Fatalf("err %v, sent %s", res.Err, names(res.Sent))
		}
		wantPatches(t, fake, `{"city":"Skokie"}`, `{"city":"Skokie"}`)
	})
	t.Run("409 then someone else's change is a conflict", func(t *testing.T) {
		fake, c := newFake(t, fakeapi.Options{})
		r := edited(t, c, map[string]string{"city": "Skokie"})
		fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 409, Body: `{"message":"changed","code":"CONFLICT"}`})
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		if res.Err != nil || names(res.Sent) != "city" {
			t.Fatalf("after a 409: err %v, sent %s", res.Err, names(res.Sent))
		}
		if n := len(fake.Patches()); n != 2 {
			t.Fatalf("%d PATCHes, want 2", n)
		}
	})
	t.Run("timeout after sending", func(t *testing.T) {
		var once sync.Once
		fake, c := newFakeVia(t, fakeapi.Options{}, func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				resp, err := next.RoundTrip(r)
				var drop bool
				if r.Method == http.MethodPatch {
					once.Do(func() { drop = true })
				}
				if drop && err == nil {
					resp.Body.Close()
					return nil, errors.New("connection reset by peer")
				}
				return resp, err
			})
		})
		r := edited(t, c, map[string]string{"city": "Skokie"})
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		if res.Err != nil || names(res.Landed) != "city" || len(res.Already) != 0 || len(res.Sent) != 0 {
			t.Fatalf("err %v, sent %s, landed %s, already %s", res.Err, names(res.Sent), names(res.Landed), names(res.Already))
		}
		wantPatches(t, fake, `{"city":"Skokie"}`)
	})
}

func TestSaveDoesNotRetryRejections(t *testing.T) {
	for _, f := range []fakeapi.Fault{
		{Method: "PATCH", Status: 422, Body: `{"message":"Validation failed","code":"VALIDATION_ERROR","errors":[{"path":["city"],"message":"too long"}]}`},
		{Method: "PATCH", Status: 403, Body: `{"message":"read only key","code":"FORBIDDEN"}`},
		{Method: "PATCH", Status: 500, Body: `{"message":"database unavailable","code":"INTERNAL_ERROR"}`},
	} {
		fake, c := newFake(t, fakeapi.Options{})
		r := edited(t, c, map[string]string{"city": "Skokie"})
		fake.InjectFault(f)
		before := len(fake.Requests())
		res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
		e, ok := apiclient.AsError(res.Err)
		if !ok || e.Status != f.Status || res.Cust != nil {
			t.Fatalf("HTTP %d: err %v", f.Status, res.Err)
		}
		if n := len(fake.Requests()) - before; n != 2 || len(fake.Patches()) != 1 {
			t.Fatalf("HTTP %d: %d requests (want GET + PATCH), %d PATCHes", f.Status, n, len(fake.Patches()))
		}
	}
}

func TestSaveReportsItsOwnFailureWhenTheLookAgainFails(t *testing.T) {
	var mu sync.Mutex
	gets := 0
	fake, c := newFakeVia(t, fakeapi.Options{}, func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			if r.Method == http.MethodGet {
				gets++
			}
			n := gets
			mu.Unlock()
			if r.Method == http.MethodGet && n > 2 { // the load and the save's first read get through
				return nil, errors.New("network is unreachable")
			}
			return next.RoundTrip(r)
		})
	})
	r := edited(t, c, map[string]string{"city": "Skokie"})
	fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 504, ContentType: "text/html", Body: "<h1>504</h1>"})
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if e, ok := apiclient.AsError(res.Err); !ok || e.Kind != apiclient.KindServer || e.Status != 504 {
		t.Fatalf("err %v, want the PATCH's 504", res.Err)
	}
}

// A server that keeps refusing the save as out of date (412) sends it to
// the conflict flow, with the record as it is now, rather than to an
// "unexpected answer".
func TestSaveRefusedAsOutOfDateGoesToTheConflictFlow(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{ETags: true})
	r := edited(t, c, map[string]string{"city": "Skokie"})
	fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 412, Body: `{"message":"changed"}`, Times: 5})
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if res.Err != nil || !res.Refused || len(res.Conflicts) != 1 || res.Theirs == nil {
		t.Fatalf("err %v, refused %v, conflicts %v", res.Err, res.Refused, res.Conflicts)
	}
	if cf := res.Conflicts[0]; cf.Field.Name != "city" || string(cf.Theirs) != `"Chicago"` || string(cf.Mine) != `"Skokie"` {
		t.Fatalf("conflict %s: theirs %s mine %s", cf.Field.Name, cf.Theirs, cf.Mine)
	}
	if n := len(fake.Patches()); n != 3 {
		t.Fatalf("%d PATCHes, want 3", n)
	}
}

// A record read for another customer during the save is the error shown,
// not the PATCH's failure before it.
func TestSaveSurfacesAnotherCustomersRecord(t *testing.T) {
	gets := 0
	var mu sync.Mutex
	fake, c := newFakeVia(t, fakeapi.Options{}, func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			if r.Method == http.MethodGet {
				gets++
			}
			n := gets
			mu.Unlock()
			if r.Method == http.MethodGet && n > 2 {
				r = r.Clone(r.Context())
				r.URL.Path = "/v2/customers/" + fakeapi.AllNullID
			}
			return next.RoundTrip(r)
		})
	})
	r := edited(t, c, map[string]string{"city": "Skokie"})
	fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 504, ContentType: "text/html", Body: "<h1>504</h1>"})
	res := Save(context.Background(), c, nil, fakeapi.MedicareLeadID, r.Changes())
	if e, ok := apiclient.AsError(res.Err); !ok || e.Kind != apiclient.KindWrongRecord {
		t.Fatalf("err %v, want another customer's record", res.Err)
	}
	if res.Cust != nil || len(fake.Patches()) != 1 {
		t.Fatalf("cust %v, %d PATCHes", res.Cust, len(fake.Patches()))
	}
}

func TestSavedTextSaysWhatTheServerStoredDifferently(t *testing.T) {
	s := forms.NewSchema()
	city, notes := s.Field("city"), s.Field("customData")
	long := `"` + strings.Repeat("x", 60) + `"`
	got := SavedText(
		SaveResult{Sent: []forms.Change{{Field: city, After: []byte(`"Skokie"`)}, {Field: notes, After: []byte(long)}}},
		[]forms.Change{{Field: city, Before: []byte(`"Skokie "`), After: []byte(`"Skokie"`)},
			{Field: notes, Before: []byte(long), After: []byte("null")}, {Field: s.Field("county"), Before: []byte(`"Lake"`)}})
	want := `Saved 2 fields: City, Custom data (JSON). The server stored City as "Skokie" (sent "Skokie ").` +
		` The server stored Custom data (JSON) as null (sent "` + strings.Repeat("x", 39) + `...).` +
		// A field the answer left out is not "stored as null": nobody knows.
		` The server did not send County back, so what it stored there is not known.`
	if got != want {
		t.Fatalf("SavedText\n got %q\nwant %q", got, want)
	}
	if got := SavedText(SaveResult{}, nil); got != "" {
		t.Fatalf("nothing saved: %q", got)
	}
}
