package ui

import (
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// A JSON value's change is shown as the paths that changed, not as two
// copies cut to the same prefix.
func TestReviewShowsWhereCustomDataChanged(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+u")
	h.typ(`{"campaign":{"source":"facebook","adSet":"t65-bay-area"},"notes":["prefers mornings","spouse on same plan"],"score":0.9,"tier":"gold"}`)
	h.keys("ctrl+s")
	h.mustSee("score: 0.82 → 0.9", `+ tier: "gold"`, "- campaign.clicks: 3")
	h.mustNotSee("adSet:")
	h.typ("j")
	h.mustSee(`"score": 0.9,`)
}

func TestReviewRevertsOneOrEveryChangeAndTheDraftFollows(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	for _, f := range []string{"city", "county", "email"} {
		h.goTo(f)
		h.typ("x")
	}
	h.keys("ctrl+s")
	h.mustSee("Review: 3 changes to send")
	h.keys("down") // in display order: email, city, county
	h.typ("r")
	h.mustSee("Review: 2 changes to send", "County (county)", "Email (email)")
	h.mustNotSee("City (city)")
	if h.value("city") != "Chicago" {
		t.Fatalf("city %q", h.value("city"))
	}
	d, err := store.Load(fakeapi.MedicareLeadID)
	if err != nil || len(d.FormEdits()) != 2 {
		t.Fatalf("draft after reverting one: %v %v", err, d)
	}
	h.typ("a")
	h.mustSee("Revert all 2 changes to the loaded values?")
	h.typ("n")
	h.mustSee("Review: 2 changes to send")
	h.typ("a")
	h.typ("y")
	h.mustSee("Nothing changed.")
	if _, err := store.Load(fakeapi.MedicareLeadID); err != draft.ErrNone {
		t.Fatalf("draft kept after reverting everything: %v", err)
	}
	h.keys("enter")
	h.nothingUnsaved()
	h.wantPatches()
}

func TestReviewFlagsAndTrimsEdgeSpaces(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ(" ")
	h.keys("ctrl+s")
	h.mustSee("starts or ends with a space (t trims it)", "t trim")
	h.typ("t")
	h.mustSee("Nothing changed.") // "Chicago " trimmed is what was loaded
	h.keys("esc")
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Evanston ")
	h.keys("ctrl+s")
	h.typ("t")
	h.mustSee(`"Chicago" → "Evanston"`)
	h.mustNotSee("ends with a space")
	h.keys("enter")
	h.wantPatches(`{"city":"Evanston"}`)
}
