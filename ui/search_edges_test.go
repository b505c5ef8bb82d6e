package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/workflow"
)

// searchWithDraft is the search at w x h, with a draft kept for Margaret
// O'Connell by an earlier session.
func searchWithDraft(t *testing.T, w, ht int) *harness {
	t.Helper()
	store := newStore(t)
	first := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	first.goTo("city")
	first.typ("x")
	h := newHarness(t, "", withDrafts(store), withFake(first.fake))
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	h.mustSee("● Margaret O'Connell")
	return h
}

// The sort order stays in the status line when rows have drafts, after
// the id (whole: agents read it back), at 80 columns and at 60; the draft
// mark's legend follows, on the next line where there is no room.
func TestSearchSortStaysVisibleWithDrafts(t *testing.T) {
	h := searchWithDraft(t, 80, 24)
	h.fitsWindow()
	h.mustSee("1–7 of 7 · id 5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a805 · newest first\n● has a draft\n")
	h.golden("search_drafts")
	h.keys("ctrl+o")
	h.mustSee("· by lastName ↑")

	h = searchWithDraft(t, 60, 18)
	h.fitsWindow()
	h.mustSee("1–7 of 7 · id 5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a805\nnewest first · ● has a draft\n")
	h.golden("search_drafts_60x18")
}

// After q at the draft offer, the exit report names the customer and
// says the command that opens them again, not only the draft's path.
func TestQuitAtDraftOfferNamesTheCustomerAndTheCommand(t *testing.T) {
	store := newStore(t)
	first := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	first.goTo("city")
	first.typ("x")
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(first.fake))
	h.mustSee("Unsaved changes from an earlier session")
	h.typ("q")
	if !h.quit {
		t.Fatal("q at the draft offer did not quit")
	}
	var said []string
	command := false
	for _, l := range h.m.Outcome().Report.Lines() {
		said = append(said, l.Text)
		command = command || l.Text == "ccedit "+fakeapi.MedicareLeadID
	}
	text := strings.Join(said, "\n")
	if !strings.Contains(text, "Margaret O'Connell") || !command || !strings.Contains(text, store.Path(fakeapi.MedicareLeadID)) {
		t.Fatalf("exit report:\n%s", text)
	}
	var _ workflow.Report = h.m.Outcome().Report
}
