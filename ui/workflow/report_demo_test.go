package workflow

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// text is the report as printed at width 80, every run of white space one
// space: wrapping apart.
func text(r Report) string {
	return strings.Join(strings.Fields(r.Text(80, "ccedit: ", func(s string) string { return s })), " ")
}

// The report says where each draft is the way the agent can use it: the
// path locally; over ccedit serve, "on this server" and no path; for a
// demo, how long it lasts: until the served demo ends, or that it ended
// with the local one (no command to restore what is gone).
func TestTheReportSaysWhereDraftsAreAsTheAgentCanUseThem(t *testing.T) {
	r := Report{Current: Customer{ID: "id-1", Name: "Margaret O'Connell", Unsaved: 1, Draft: "/s/d1.draft", Reopen: "ccedit id-1"},
		Others: []Customer{{ID: "id-2", Name: "Lee Kim", Unsaved: 2, Draft: "/s/d2.draft", Reopen: "ccedit id-2"}}}
	for _, c := range []struct {
		name      string
		hide      bool
		demo      DemoDrafts
		want, not []string
	}{
		{name: "local", want: []string{
			"ccedit: Margaret O'Connell: 1 unsaved change is kept in the draft /s/d1.draft To restore it, run: ccedit id-1",
			"ccedit: Lee Kim: 2 unsaved changes are in the draft /s/d2.draft To restore them, run: ccedit id-2"}},
		{name: "served", hide: true, want: []string{
			"ccedit: Margaret O'Connell: 1 unsaved change is kept in your draft on this server. To restore it, run: ccedit id-1",
			"ccedit: Lee Kim: 2 unsaved changes are in your draft on this server. To restore them, run: ccedit id-2"},
			not: []string{".draft", "demo"}},
		{name: "served demo", hide: true, demo: DemoGoesOn, want: []string{
			"1 unsaved change is kept in your draft on this server until this demo ends. To restore it, run: ccedit id-1",
			"2 unsaved changes are in your draft on this server until this demo ends. To restore them"},
			not: []string{".draft"}},
		{name: "local demo, over", demo: DemoEnded, want: []string{
			"ccedit: Margaret O'Connell: 1 unsaved change was kept in a draft only until this demo ended (demo drafts do not outlive the demo).",
			"ccedit: Lee Kim: 2 unsaved changes were kept in a draft only until this demo ended"},
			not: []string{".draft", "To restore", "ccedit id-"}},
	} {
		r.HidePaths, r.Demo = c.hide, c.demo
		got := text(r)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q says %q", c.name, got, n)
			}
		}
	}

	older := Report{HidePaths: true, Current: Customer{ID: "id-1", Name: "M", Unsaved: 1, Draft: "/s/d1.draft",
		NotKept: "the draft could not be written: disk full", Reopen: "r"}}
	if got := text(older); !strings.Contains(got, "NOT kept: the draft could not be written: disk full. An older draft of them is kept on this server. To restore it, run: r") {
		t.Errorf("an older draft over serve: %q", got)
	}
	discarded := Report{HidePaths: true, Current: Customer{ID: "id-1", Name: "M", Discarded: 1, Draft: "/s/d1.draft", Reopen: "r"}}
	if got := text(discarded); !strings.Contains(got, "discarded, but the draft could not be deleted; it is still on this server.") {
		t.Errorf("an undeleted draft over serve: %q", got)
	}
}

// The idle logoff is the session's own event, in the trail before the
// draft it kept, once however often the report is asked for.
func TestTheIdleLogoffIsAudited(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	rec := &recorder{}
	s := NewSession(SessionOptions{Client: c, Drafts: storeIn(t, filepath.Join(t.TempDir(), "drafts")), Now: draftAt, Audit: rec})
	s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
	setText(t, s, "city", "Skokie")
	s.Report(Ending{IdleLogoff: 15 * time.Minute})
	s.Report(Ending{IdleLogoff: 15 * time.Minute})
	want := "open " + fakeapi.MedicareLeadID + "; idle-logoff " + fakeapi.MedicareLeadID + "; draft-kept " + fakeapi.MedicareLeadID + " city"
	if got := rec.kinds(); got != want {
		t.Fatalf("events\n got %s\nwant %s", got, want)
	}
}

// A demo's quit question says the draft lasts until the demo ends, not
// for next time.
func TestADemosQuitQuestionSaysHowLongTheDraftLasts(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	for _, demo := range []bool{false, true} {
		s := NewSession(SessionOptions{Client: c, Drafts: storeIn(t, filepath.Join(t.TempDir(), "drafts")), Now: draftAt, Demo: demo})
		s.Open(fakeapi.MedicareLeadID, load(t, c, fakeapi.MedicareLeadID))
		setText(t, s, "city", "Skokie")
		q := s.QuitQuestion()
		until := strings.Contains(q.Title, "kept in the draft until this demo ends;") &&
			q.Words(QuitKeep) == "Quit and keep them in a draft until this demo ends"
		plain := strings.Contains(q.Title, "kept in the draft; none") && q.Words(QuitKeep) == QuitWords(QuitKeep)
		if demo && !until || !demo && !plain {
			t.Errorf("demo %v: %q, %q", demo, q.Title, q.Words(QuitKeep))
		}
	}
}
