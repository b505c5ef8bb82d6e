package workflow

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// recorder is an Auditor that keeps events, or fails when told.
type recorder struct {
	events []Event
	fail   error
}

func (r *recorder) Record(e Event) error {
	if r.fail != nil {
		return r.fail
	}
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) kinds() string {
	var ks []string
	for _, e := range r.events {
		ks = append(ks, e.String())
	}
	return strings.Join(ks, "; ")
}

// Every save, conflict, discard and kept draft is in the trail, with the
// field names and the HTTP status, never a value; a save is said only once
// it is recorded, and when the trail cannot be written no more saves go.
func TestSessionAuditsWhatItDoes(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	rec := &recorder{}
	s := NewSession(SessionOptions{Client: c, Drafts: storeIn(t, filepath.Join(t.TempDir(), "drafts")), Now: draftAt, Audit: rec})
	s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, s, "city", "Skokie")
	job, _ := s.BeginSave()
	if f := s.Finish(job.Run(context.Background())); f.Err != nil {
		t.Fatal(f.Err)
	}
	setText(t, s, "county", "Lake")
	if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"county": "Kane"}); err != nil {
		t.Fatal(err)
	}
	job, _ = s.BeginSave()
	if f := s.Finish(job.Run(context.Background())); f.Step != StepConflicts {
		t.Fatalf("step %d", f.Step)
	}
	s.Choose(map[string]bool{"county": true})
	s.Report(Ending{Signal: 1, SignalName: "hangup"})
	want := "open " + fakeapi.MedicareLeadID + "; save " + fakeapi.MedicareLeadID + " city HTTP 200; conflict " +
		fakeapi.MedicareLeadID + " county; draft-kept " + fakeapi.MedicareLeadID + " county"
	if got := rec.kinds(); got != want {
		t.Fatalf("events\n got %s\nwant %s", got, want)
	}
	for _, e := range rec.events {
		if strings.Contains(e.String(), "Skokie") || strings.Contains(e.String(), "Lake") {
			t.Fatalf("a value in the trail: %s", e)
		}
	}

	rec.fail = errors.New("no space left on device")
	job, _ = s.BeginSave()
	f := s.Finish(job.Run(context.Background()))
	if !strings.Contains(f.Text, "audit trail could not be written") {
		t.Fatalf("finished %+v", f)
	}
	setText(t, s, "city", "Evanston")
	if _, ok := s.BeginSave(); ok || s.AuditProblem() == "" {
		t.Fatal("saves go on while the trail cannot be written")
	}
}
