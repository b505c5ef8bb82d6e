package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// facts is what a session leaves behind, whatever its face: the draft on
// disk, what was sent, and what the exit report says.
type facts struct {
	Draft              string // the draft's edits on disk, or "none"
	Patches            int
	Unsaved, Discarded int
	Saved              int
	DraftSaid, NotKept bool
}

// faceScenario is one thing an agent does, said once for each face: keys
// for the full screen, lines for the line mode.
type faceScenario struct {
	name   string
	draft  bool           // a draft from an earlier session (city Skokie) is on disk
	locked bool           // another session holds the customer's draft lock
	theirs map[string]any // saved by another agent after the draft
	keys   func(h *harness)
	lines  string // the line mode's input; its end is the end of input
	want   facts
}

// The full screen and the line mode drive one workflow.Session: the same
// answers leave the same draft on disk, send the same requests and end in
// the same report. Answers that could lose data and are empty, unknown or
// cut short by the end of input keep the draft.
func TestBothFacesKeepTheSameRules(t *testing.T) {
	keptCity := `city="Skokie"`
	for _, sc := range []faceScenario{
		{name: "restore, then quit keeping the draft", draft: true,
			keys:  func(h *harness) { h.typ("r"); h.keys("ctrl+c"); h.typ("y") },
			lines: "r\nquit\ny\n",
			want:  facts{Draft: keptCity, Unsaved: 1, DraftSaid: true}},
		{name: "discard the draft, then quit", draft: true,
			keys:  func(h *harness) { h.typ("d"); h.keys("ctrl+c") },
			lines: "d\nquit\n",
			want:  facts{Draft: "none"}},
		{name: "quit at the offer keeps the draft", draft: true,
			keys:  func(h *harness) { h.typ("q") },
			lines: "q\n",
			want:  facts{Draft: keptCity, DraftSaid: true}},
		{name: "an unknown answer asks again, the end of input keeps the draft", draft: true,
			keys:  func(h *harness) { h.typ("x"); h.send(InputEndedMsg{}) },
			lines: "x\n\ncity\n",
			want:  facts{Draft: keptCity, DraftSaid: true}},
		{name: "restore meets a conflict, the link drops while choosing", draft: true, theirs: map[string]any{"city": "Evanston"},
			keys:  func(h *harness) { h.typ("r"); h.mustSee("Someone else changed"); h.send(InputEndedMsg{}) },
			lines: "r\n",
			want:  facts{Draft: keptCity, DraftSaid: true}},
		{name: "restore, edit, save", draft: true,
			keys: func(h *harness) {
				h.typ("r")
				h.goTo("county")
				h.keys("ctrl+u")
				h.typ("Lake")
				h.keys("ctrl+s", "enter", "ctrl+c")
			},
			lines: "r\ncounty\nLake\nsave\nyes\nquit\n",
			want:  facts{Draft: "none", Patches: 1, Saved: 2}},
		{name: "held elsewhere: quit", locked: true,
			keys:  func(h *harness) { h.typ("q") },
			lines: "q\n",
			want:  facts{Draft: "none"}},
		{name: "held elsewhere: edit without a draft, quit discarding", locked: true,
			keys:  func(h *harness) { h.typ("o"); h.goTo("city"); h.typ("x"); h.keys("ctrl+c"); h.typ("d") },
			lines: "o\ncity\nChicagox\nquit\nd\n",
			want:  facts{Draft: "none", Discarded: 1}},
		{name: "held elsewhere: edit without a draft, the link drops", locked: true,
			keys:  func(h *harness) { h.typ("o"); h.goTo("city"); h.typ("x"); h.send(InputEndedMsg{}) },
			lines: "o\ncity\nChicagox\n",
			want:  facts{Draft: "none", Unsaved: 1, NotKept: true}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			screen := sc.run(t, func(store *draft.Store, fake *fakeapi.Server) Outcome {
				h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(fake))
				sc.keys(h)
				if !h.quit {
					t.Fatalf("the full screen did not end:\n%s", h.view())
				}
				return h.m.Outcome()
			})
			lines := sc.run(t, func(store *draft.Store, fake *fakeapi.Server) Outcome {
				_, o := runLines(t, fake, fakeapi.MedicareLeadID, sc.lines, func(c *Config) { c.Drafts = store })
				return o
			})
			if screen != sc.want || lines != sc.want {
				t.Fatalf("want   %v\nscreen %v\nlines  %v", sc.want, screen, lines)
			}
		})
	}
}

// run sets the scenario up in a fresh draft directory and fake API, lets
// face drive a session, and reads what it left.
func (sc faceScenario) run(t *testing.T, face func(*draft.Store, *fakeapi.Server) Outcome) facts {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "drafts")
	fake := fakeapi.New(fakeapi.Options{})
	open := func() *draft.Store {
		s, err := draft.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if sc.draft {
		s := open()
		d := draft.New(fakeapi.MedicareLeadID, fake.Record(fakeapi.MedicareLeadID), forms.Edits{"city": forms.TextValue("Skokie")}, time.Now())
		if err := s.Save(d); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if sc.theirs != nil {
		if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, sc.theirs); err != nil {
			t.Fatal(err)
		}
	}
	if sc.locked {
		holder := open()
		if err := holder.Lock(fakeapi.MedicareLeadID); err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
	}
	store := open()
	o := face(store, fake)
	store.Close()
	r := o.Report
	f := facts{Patches: len(fake.Patches()), Unsaved: r.Current.Unsaved, Discarded: r.Current.Discarded, Saved: r.Saved,
		DraftSaid: r.Current.Draft != "", NotKept: r.Current.NotKept != "", Draft: "none"}
	if sc.locked {
		return f // the holder's lock keeps the draft from being read; it was never written (NotKept)
	}
	reader := open()
	defer reader.Close()
	d, err := reader.Load(fakeapi.MedicareLeadID)
	switch {
	case errors.Is(err, draft.ErrNone):
	case err != nil:
		t.Fatal(err)
	default:
		var kv []string
		for k, v := range d.Edits {
			kv = append(kv, fmt.Sprintf("%s=%q", k, v.Text))
		}
		sort.Strings(kv)
		f.Draft = strings.Join(kv, ",")
	}
	return f
}
