package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// Tests for the bugs the component split fixed: each failed before it.

func TestLettersPickChoicesAndNeverQuitOrMove(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("qualificationStatus")
	h.typ("q") // picks Qualified; it used to quit
	if h.quit {
		t.Fatal("q quit from a choice field")
	}
	if h.value("qualificationStatus") != "Qualified" || h.focused() != "qualificationStatus" {
		t.Fatalf("q gave %q, focus %s", h.value("qualificationStatus"), h.focused())
	}
	h.goTo("intent")
	h.typ("l") // Low; l used to move
	if h.value("intent") != "Low" || h.focused() != "intent" {
		t.Fatalf("l gave %q, focus %s", h.value("intent"), h.focused())
	}
	h.typ("h") // High; h used to move
	if h.value("intent") != "High" || h.focused() != "intent" {
		t.Fatalf("h gave %q, focus %s", h.value("intent"), h.focused())
	}
	h.goTo("status")
	h.typ("l") // Lead already: the next option starting with l is Lead again
	if h.value("status") != "Lead" {
		t.Fatalf("status %q", h.value("status"))
	}
	// Space never cycles an enum; on a Yes/No field it toggles.
	h.keys("space")
	if h.value("status") != "Lead" {
		t.Fatalf("space changed status to %q", h.value("status"))
	}
	h.goTo("isDecisionMaker")
	before := h.m.ed.rec.Value(h.m.c.Schema.Index("isDecisionMaker"))
	h.keys("space")
	if h.m.ed.rec.Value(h.m.c.Schema.Index("isDecisionMaker")) == before {
		t.Fatal("space did not toggle a Yes/No field")
	}
}

func TestFullHelpFromEveryKindOfField(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("?") // text: ? is typed
	if h.value("city") != "Chicago?" {
		t.Fatalf("city %q", h.value("city"))
	}
	h.send(tea.KeyPressMsg{Code: '_', Mod: tea.ModCtrl}) // ctrl+/ arrives as ctrl+_
	h.mustSee("Keys", "go to a field by label or API name", "delete the word before / after")
	h.keys("esc")
	h.mustNotSee("delete the word before / after")
	h.goTo("status")
	h.send(tea.KeyPressMsg{Code: tea.KeyF1})
	h.mustSee("pick the choice that starts with it")
}

// footerOf is the last line of the view.
func footerOf(h *harness) string {
	v := strings.Split(h.view(), "\n")
	return v[len(v)-1]
}

// wantKeysShown checks that the footer names help and quit and lists no
// key twice.
func wantKeysShown(t *testing.T, h *harness, what string) {
	t.Helper()
	f := footerOf(h)
	if !strings.Contains(f, "ctrl+/ keys") || !strings.Contains(f, "ctrl+c quit") {
		t.Fatalf("%s at %dx%d: footer %q lacks help or quit", what, h.m.c.Width, h.m.c.Height, f)
	}
	seen := map[string]bool{}
	for _, item := range strings.Split(f, "  ") {
		k, _, _ := strings.Cut(strings.TrimSpace(item), " ")
		for _, one := range strings.Split(k, "/") {
			if one != "" && one != "…" && seen[one] {
				t.Fatalf("%s: key %q listed twice in %q", what, one, f)
			}
			seen[one] = true
		}
	}
}

func TestEveryScreenShowsItsKeysAt80x24And60x18(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 18}} {
		at := func(h *harness) *harness {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			return h
		}
		h := at(newHarness(t, ""))
		wantKeysShown(t, h, "picker")
		h = at(newHarness(t, fakeapi.MedicareLeadID))
		wantKeysShown(t, h, "editor on a list")
		h.goTo("city")
		wantKeysShown(t, h, "editor on text")
		h.typ("x")
		h.keys("ctrl+s")
		wantKeysShown(t, h, "review")
		h.keys("esc", "ctrl+g")
		wantKeysShown(t, h, "go to")
		h.keys("esc", "ctrl+c")
		wantKeysShown(t, h, "quit dialog")
		h.mustSee("n  Keep editing")

		h = at(newHarness(t, fakeapi.MedicareLeadID))
		h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 429, Body: `{"retryAfter":30}`})
		h.goTo("city")
		h.typ("x")
		h.keys("ctrl+s", "enter")
		h.mustSee("Retrying in 30 s")
		wantKeysShown(t, h, "save rate-limited") // esc/ctrl+b used to be listed twice
	}
}

func TestDraftOfferFitsWithItsKeys(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 18}} {
		store := newStore(t)
		h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
		for _, f := range []string{"firstName", "lastName", "city", "county", "email", "veteran"} {
			h.goTo(f)
			if f == "veteran" {
				h.typ("y")
			} else {
				h.typ("x")
			}
		}
		h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
		h2.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h2.mustSee("Unsaved changes from an earlier session: 6 fields.", "r  Restore them", "d  Discard the draft", "q  Quit (keep the draft)")
		wantKeysShown(t, h2, "draft offer")
		for i, l := range strings.Split(h2.view(), "\n") {
			if w := lenCells(l); w > size[0] {
				t.Fatalf("line %d is %d cells wide: %q", i, w, l)
			}
		}
	}
}

func TestReviewScrollsWithinBounds(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("x")
	h.keys("ctrl+s")
	for i := 0; i < 50; i++ {
		h.keys("down")
	}
	if off := h.m.active.(*review).sc.offset(); off != 0 {
		t.Fatalf("a one-change review scrolled to %d", off)
	}
	h.mustSee("Review: 1 change to send")

	// 13 changes do not fit at 80x24: the rest is announced and reachable.
	h = newHarness(t, fakeapi.MedicareLeadID)
	names := []string{"firstName", "middleName", "lastName", "preferredName", "salutation", "address", "city",
		"county", "email", "clientCustomerId", "disqualificationReason", "address line 2", "suffix"}
	for _, f := range names {
		h.goTo(f)
		h.typ("x")
	}
	h.keys("ctrl+s")
	h.mustSee("Review: 13 changes to send", "more below", "pgdn page down")
	last := h.m.c.Schema.Field(h.m.ed.rec.Changes()[12].Field.Name).Label
	h.mustNotSee(last + " (")
	h.keys("pgdown", "pgdown")
	h.mustSee(last+" (", "more above")
	h.send(tea.KeyPressMsg{Code: tea.KeyHome})
	h.mustNotSee("more above")
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	for i := 0; i < 50; i++ {
		h.keys("down")
	}
	h.mustSee(last+" (", "more above")
	rv := h.m.active.(*review)
	if max := len(rv.sc.lines) - rv.sc.vp.Height(); rv.sc.offset() != max {
		t.Fatalf("offset %d, want the bottom %d", rv.sc.offset(), max)
	}
}

func TestSearchScrollsToTheSelection(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{RateLimit: -1})
	for i := 0; i < 40; i++ {
		if err := fake.Put(map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "firstName": fmt.Sprintf("Extra%02d", i),
			"lastName": "Person"}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, "", withFake(fake))
	h.mustSee("more below", "1–20 of 47")
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	s := h.m.active.(*search)
	if s.sel != 0 {
		t.Fatalf("End moved the selection in the query: %d", s.sel)
	}
	for i := 0; i < 19; i++ {
		h.keys("down")
	}
	last := s.rows[len(s.rows)-1]
	h.mustSee(last.name, "more above")
	h.mustNotSee("more below")
	h.keys("enter")
	if h.m.id != last.id {
		t.Fatalf("opened %s", h.m.id)
	}
}

// Keys typed in the same burst as a dialog's answer land in the screen
// that follows it: huh fields are read in the same Update, not through a
// huh.Form's submit command.
func TestTypeAheadThroughDialogs(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.typ("!")
	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
	h2.mustSee("r  Restore them")
	h2.typ("r")
	h2.keys("ctrl+g")
	h2.typ("county")
	h2.keys("enter")
	h2.typ("X")
	if h2.value("city") != "Chicago!" || h2.value("county") != "CookX" {
		t.Fatalf("city %q county %q", h2.value("city"), h2.value("county"))
	}
	h2.keys("ctrl+c")
	h2.typ("n") // stay
	h2.typ("Y") // typed into the field, not the dialog
	if h2.value("county") != "CookXY" || h2.quit {
		t.Fatalf("county %q quit %v", h2.value("county"), h2.quit)
	}
}
