package workflow

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// session starts a Session on a fake with drafts in dir.
func session(t *testing.T, c *apiclient.Client, store *draft.Store) *Session {
	t.Helper()
	return NewSession(SessionOptions{Client: c, Drafts: store, Now: draftAt,
		Reopen: func(id string) string { return "ccedit --demo " + id }})
}

func storeIn(t *testing.T, dir string) *draft.Store {
	t.Helper()
	s, err := draft.Open(dir, draftAt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func setText(t *testing.T, s *Session, name, v string) {
	t.Helper()
	s.Record().Set(s.o.Schema.Index(name), forms.TextValue(v))
	if err := s.Persist(false); err != nil {
		t.Fatal(err)
	}
}

func TestSessionKeepsADraftAndReportsIt(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	store := storeIn(t, filepath.Join(t.TempDir(), "drafts"))
	s := session(t, c, store)
	if step := s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID)); step != StepEdit {
		t.Fatalf("step %d", step)
	}
	setText(t, s, "city", "Skokie")
	if !s.NeedsAsking() {
		t.Fatal("an unsaved change needs no question")
	}
	q := s.QuitQuestion()
	if q.Problem != "" || q.Saving || len(q.Answers) != 3 || !strings.Contains(q.Title, "none of them has been sent") {
		t.Fatalf("question %+v", q)
	}
	if s.AnswerQuit(QuitKeep) != StepQuit {
		t.Fatal("keep did not quit")
	}
	r := s.Report(Ending{})
	if r.Current.Unsaved != 1 || r.Current.Draft == "" || r.Current.NotKept != "" || r.Unkept() {
		t.Fatalf("report %+v", r.Current)
	}
	text := r.Text(60, "ccedit: ", func(s string) string { return s })
	for _, want := range []string{"Margaret O'Connell: 1 unsaved change is kept in the draft", "To restore it", "  ccedit --demo " + fakeapi.MedicareLeadID + "\n"} {
		if !strings.Contains(text, want) && !strings.Contains(strings.ReplaceAll(text, "\n        ", " "), want) {
			t.Fatalf("report lacks %q:\n%s", want, text)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if len([]rune(line)) > 60 && !strings.Contains(line, "/") {
			t.Fatalf("line over 60 columns: %q", line)
		}
	}
	// The draft's path stands whole on a line of its own, nothing after
	// it: a terminal that wraps it leaves no lone "." or word behind.
	if !strings.Contains(text, "\n          "+r.Current.Draft+"\n") {
		t.Fatalf("the path is not on a line of its own:\n%s", text)
	}
}

// Every answer to the draft offer: an empty or unknown one asks again, the
// end of input keeps the draft, only "d" deletes it.
func TestSessionDraftOfferAnswers(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	dir := filepath.Join(t.TempDir(), "drafts")
	first := session(t, c, storeIn(t, dir))
	first.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, first, "city", "Skokie")
	first.Options().Drafts.Close()

	store := storeIn(t, dir)
	for _, c2 := range []struct {
		typed string
		ok    bool
		step  Step
		kept  bool
	}{
		{"", true, StepDraft, true},
		{"city", true, StepDraft, true},
		{"x", true, StepDraft, true},
		{"", false, StepQuit, true},
		{"q", true, StepQuit, true},
		{"r", true, StepEdit, true},
		{"d", true, StepEdit, false},
	} {
		if c2.step == StepEdit && !c2.kept {
			// Put the draft back for the discard.
			again := session(t, c, store)
			again.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
			again.AnswerDraft(DraftRestore)
		}
		s := session(t, c, store)
		if step := s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID)); step != StepDraft {
			t.Fatalf("%q: no draft offered (step %d)", c2.typed, step)
		}
		step, _ := s.AnswerDraft(ParseDraftAnswer(c2.typed, c2.ok))
		if step != c2.step || store.Exists(fakeapi.MedicareLeadID) != c2.kept {
			t.Fatalf("%q (ok %v): step %d, draft there %v", c2.typed, c2.ok, step, store.Exists(fakeapi.MedicareLeadID))
		}
		if c2.typed == "r" && s.Record().Value(s.o.Schema.Index("city")).Text != "Skokie" {
			t.Fatal("restore did not put the edit back")
		}
	}
}

// Another session holds the customer: this one asks, may open without a
// draft (then the report says the edits were not kept, and never names the
// other's draft), look again, or quit.
func TestSessionLockedElsewhere(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	dir := filepath.Join(t.TempDir(), "drafts")
	other := session(t, c, storeIn(t, dir))
	other.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, other, "city", "Evanston")

	s := session(t, c, storeIn(t, dir))
	if step := s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID)); step != StepLocked {
		t.Fatalf("step %d", step)
	}
	if ParseLockAnswer("", true) != LockAskAgain || s.AnswerLock(LockAskAgain) != StepLocked {
		t.Fatal("an empty answer did not ask again")
	}
	if s.AnswerLock(LockLookAgain) != StepLocked {
		t.Fatal("looked again while still held")
	}
	if s.AnswerLock(LockOpenWithoutDraft) != StepEdit || s.Drafts() != nil || s.NoDraft() == "" {
		t.Fatalf("opened without a draft: drafts %v, why %q", s.Drafts(), s.NoDraft())
	}
	setText(t, s, "county", "Lake")
	r := s.Report(Ending{})
	if !r.Unkept() || r.Current.Draft != "" || !strings.Contains(r.Current.NotKept, "another ccedit session") {
		t.Fatalf("report %+v", r.Current)
	}
	if got := draftOfStore(t, other.Options().Drafts)["city"]; got != "Evanston" {
		t.Fatalf("the other session's draft was touched: %q", got)
	}

	declined := session(t, c, storeIn(t, dir))
	declined.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	if declined.AnswerLock(ParseLockAnswer("", false)) != StepQuit {
		t.Fatal("the end of input did not quit")
	}
	if r := declined.Report(Ending{}); r.Current.Draft != "" || len(r.Lines()) != 0 {
		t.Fatalf("a declined session reports the other's draft: %+v", r.Lines())
	}
	other.Options().Drafts.Unlock(fakeapi.MedicareLeadID)
	if declined.AnswerLock(LockLookAgain) != StepReload {
		t.Fatal("free now, but not reloaded")
	}
}

func draftOfStore(t *testing.T, store *draft.Store) map[string]string {
	t.Helper()
	d, err := store.Load(fakeapi.MedicareLeadID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range d.Edits {
		out[k] = v.Text
	}
	return out
}

// Switching customer keeps the one left in its draft and releases it; the
// report names it with the command that opens it again.
func TestSessionSwitchKeepsTheOneLeft(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	store := storeIn(t, filepath.Join(t.TempDir(), "drafts"))
	s := session(t, c, store)
	s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, s, "city", "Skokie")
	if s.CanLeave() != "" {
		t.Fatal("a drafted customer cannot be left")
	}
	other := fakeapi.AllNullID
	s.Open(other, load(t, c, other))
	r := s.Report(Ending{})
	if len(r.Others) != 1 || r.Others[0].ID != fakeapi.MedicareLeadID || r.Others[0].Unsaved != 1 {
		t.Fatalf("others %+v", r.Others)
	}
	if text := r.Text(80, "ccedit: ", func(s string) string { return s }); !strings.Contains(text, "  ccedit --demo "+fakeapi.MedicareLeadID) {
		t.Fatalf("no reopen command:\n%s", text)
	}
}

// While a save is on its way its outcome is not known: the quit question
// says so and does not offer to discard, and a report says so too.
func TestSessionSaysWhatItDoesNotKnow(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	s := session(t, c, storeIn(t, filepath.Join(t.TempDir(), "drafts")))
	s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, s, "city", "Skokie")
	job, ok := s.BeginSave()
	if !ok {
		t.Fatal("nothing to save")
	}
	q := s.QuitQuestion()
	if !q.Saving || strings.Contains(q.Title, "has been sent") || !strings.Contains(q.Title, "not known yet") {
		t.Fatalf("question %+v", q)
	}
	for _, a := range q.Answers {
		if a == QuitDiscard {
			t.Fatal("discard offered while the save's outcome is unknown")
		}
	}
	if r := s.Report(Ending{Signal: 1, SignalName: "hangup"}); r.Current.Unknown != 1 {
		t.Fatalf("report %+v", r.Current)
	}
	f := s.Finish(job.Run(context.Background()))
	if f.Err != nil || f.Text != "Saved 1 field: City." || s.Saving() || s.Saved() != 1 {
		t.Fatalf("finished %+v", f)
	}
}

func TestWrapNeverBreaksAWord(t *testing.T) {
	got := Wrap("kept in the draft /home/agent/.local/state/ccedit/drafts/b97dfa937905270a58cbf37c967f0139.draft now", 30, "ccedit: ", "        ")
	for _, l := range got {
		if strings.HasSuffix(l, "d") && !strings.HasSuffix(l, ".draft") && len(l) > 30 {
			t.Fatalf("word broken: %q", got)
		}
	}
	if len(got) != 3 || got[1] != "        /home/agent/.local/state/ccedit/drafts/b97dfa937905270a58cbf37c967f0139.draft" {
		t.Fatalf("%q", got)
	}
}

// A local demo ends with its session, and its drafts with it: the quit
// question never offers to keep a draft, saving or not.
func TestDemoQuitQuestionOffersNoDraft(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	s := NewSession(SessionOptions{Client: c, Drafts: storeIn(t, filepath.Join(t.TempDir(), "drafts")), Now: draftAt,
		Demo: true, DemoEndsOnQuit: true})
	s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, s, "city", "Skokie")
	for _, saving := range []bool{false, true} {
		if saving {
			if _, ok := s.BeginSave(); !ok {
				t.Fatal("no save begun")
			}
		}
		q := s.QuitQuestion()
		for _, a := range q.Answers {
			if a == QuitKeep {
				t.Fatalf("saving %v: keep offered: %q %v", saving, q.Title, q.Answers)
			}
		}
		if !strings.Contains(q.Title, "demo") {
			t.Fatalf("saving %v: %q", saving, q.Title)
		}
	}
}
