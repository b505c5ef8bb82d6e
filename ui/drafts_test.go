package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

func newStore(t *testing.T) *draft.Store {
	t.Helper()
	s, err := draft.Open(filepath.Join(t.TempDir(), "drafts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEveryChangeIsInTheDraftBeforeItIsShown(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.typ("x")
	d, err := store.Load(fakeapi.MedicareLeadID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Edits["city"].Text != "Chicagox" || string(d.Base["city"]) != `"Chicago"` {
		t.Fatalf("draft %+v", d.Edits)
	}
	h.keys("backspace") // back to the loaded value: nothing unsaved, no draft
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatalf("draft kept with nothing unsaved: %v", err)
	}
	h.typ("!")
	h.keys("ctrl+s", "enter")
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatalf("draft kept after a successful save: %v", err)
	}
}

func TestDraftIsOfferedAndRestored(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("first name")
	h.keys("ctrl+u")
	h.typ("Maggie")
	h.goTo("veteran")
	h.typ("y")
	h.send(SignalMsg{Signal: syscall.SIGHUP}) // the SSH link drops
	if !h.quit || h.m.Outcome().Signal != syscall.SIGHUP || h.m.Outcome().Report.Current.Draft == "" {
		t.Fatalf("quit %v outcome %+v", h.quit, h.m.Outcome())
	}

	// A new session on the same fake and draft directory.
	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
	h2.mustSee("Unsaved changes from an earlier session: 2 fields.", "First name (firstName)", "Veteran (veteran)", "r  Restore them")
	h2.golden("draft_offer")
	h2.typ("r")
	h2.mustSee("Restored 2 unsaved changes from the draft.", "Maggie", "2 unsaved")
	h2.keys("ctrl+s", "enter")
	h2.wantPatches(`{"firstName":"Maggie","veteran":true}`)
}

func TestRestoredDraftIsCheckedForConflicts(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Skokie")
	h.goTo("county")
	h.typ("!")
	h.send(SignalMsg{Signal: syscall.SIGTERM})
	_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston", "county": "Cook!"})

	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
	h2.typ("r")
	h2.mustSee("Someone else changed 1 field", `theirs  "Evanston"`, `mine    "Skokie"`)
	h2.typ("m")
	h2.keys("enter")
	// county: theirs = mine, already there; only city is left to send.
	h2.mustSee("Review: 1 change to send", `"Evanston" → "Skokie"`)
	h2.keys("enter")
	h2.wantPatches(`{"city":"Skokie"}`)
}

func TestDraftDiscardAndCorruptDraft(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.typ("x")
	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h2.mustSee("Unsaved changes from an earlier session")
	h2.typ("d")
	h2.mustSee("Draft discarded.")
	h2.nothingUnsaved()
	if h2.value("city") != "Chicago" {
		t.Fatalf("city %q after discarding the draft", h2.value("city"))
	}
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatal(err)
	}

	if err := os.WriteFile(store.Path(fakeapi.MedicareLeadID), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	h3 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h3.mustSee("The draft for this customer could not be read; it was kept at")
	// The whole path is on the screen at 80 columns, however it wraps.
	kept := h3.m.c.Sess.Notice()[len("The draft for this customer could not be read; it was kept at "):]
	if !strings.Contains(strings.ReplaceAll(h3.view(), "\n", ""), kept) {
		t.Fatalf("the path %s is cut:\n%s", kept, h3.view())
	}
}

func TestQuitKeepsOrDiscardsTheDraft(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.keys("right", "ctrl+c")
	h.typ("y")
	if o := h.m.Outcome(); !h.quit || o.Report.Current.Draft != store.Path(fakeapi.MedicareLeadID) || o.Report.Current.Unsaved != 1 {
		t.Fatalf("outcome %+v", o)
	}
	h = newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.typ("d") // discard the offered draft
	h.keys("right", "ctrl+c")
	h.typ("d") // discard and quit
	if o := h.m.Outcome(); !h.quit || o.Report.Current.Draft != "" || o.Report.Current.Discarded == 0 {
		t.Fatalf("outcome %+v", o)
	}
}

func TestDraftAlreadyOnServer(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Evanston")
	_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
	h2.typ("r")
	h2.mustSee("The draft's changes are already on the server")
	h2.nothingUnsaved()
	if _, err := store.Load(fakeapi.MedicareLeadID); !errors.Is(err, draft.ErrNone) {
		t.Fatalf("draft kept: %v", err)
	}
}
