package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// valueColumn is the cell where the value of the row labelled label
// starts: past the label, the marks and the spaces.
func valueColumn(t *testing.T, view, label string) int {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if !strings.HasPrefix(l, " "+label+" ") {
			continue
		}
		rs := []rune(l)
		for i := 1 + len([]rune(label)); i < len(rs); i++ {
			if !strings.ContainsRune(" ▸●✗", rs[i]) {
				return ansi.StringWidth(string(rs[:i]))
			}
		}
	}
	t.Fatalf("no row %q in\n%s", label, view)
	return 0
}

// The Record tab's values line up in one column at 60 columns: the uuids
// do not take label cells only on their own rows.
func TestRecordTabValuesInOneColumnAt60(t *testing.T) {
	for _, focus := range []string{"member id", "original source id"} {
		h := newHarness(t, fakeapi.MedicareLeadID)
		h.narrow()
		h.goTo(focus)
		h.fitsWindow()
		v := h.view()
		want := valueColumn(t, v, "Customer ID")
		for _, label := range []string{"Created at", "Created by", "Updated at", "Client ID", "Member ID",
			"Current source ID", "Original source ID", "Custom data (JSON)"} {
			if got := valueColumn(t, v, label); got != want {
				t.Fatalf("focus on %s: %s's value starts at %d, Customer ID's at %d:\n%s", focus, label, got, want, v)
			}
		}
		h.mustSee("3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01") // whole
	}
}

// The multi-line JSON editor fits 60 columns: its header gives up its note
// rather than run off the window, and an error says line and column on
// the lines under the text.
func TestJSONEditorHeaderAndErrorFitAt60(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.narrow()
	h.goTo("custom data")
	h.keys("ctrl+o")
	h.fitsWindow()
	h.mustSee("Custom data (JSON) (customData)")
	h.typ("x")
	h.keys("ctrl+s")
	h.fitsWindow()
	h.mustSee("Not JSON yet: line 12, column 2:", "JSON value")
	h.mustNotSee("not valid JSON") // said once
}

// The review's JSON body and the conflict screen wrap their sentences at
// 60 columns instead of running off the window.
func TestReviewJSONAndConflictWrapAt60(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.narrow()
	h.goTo("city")
	h.typ("x")
	h.keys("ctrl+s")
	h.typ("j")
	h.fitsWindow()
	h.mustSee("sent\ncompact:")

	h = newHarness(t, fakeapi.MedicareLeadID)
	h.narrow()
	h.goTo("city")
	h.typ("x")
	_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
	h.keys("ctrl+s", "enter")
	h.fitsWindow()
	h.mustSee("then press enter.")
}

// Wrapping breaks at spaces, not after the hyphens of an id or a date.
func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	id := "11111111-1111-4111-8111-111111111111"
	got := wrap("No customer with ID "+id+". Born 1956-03-14.", 44)
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, id) || !strings.Contains(joined, "1956-03-14") {
		t.Fatalf("wrapped inside a word: %q", got)
	}
	for _, l := range got {
		if ansi.StringWidth(l) > 44 {
			t.Fatalf("line %q is wider than 44", l)
		}
	}
	h := newHarness(t, id)
	h.narrow()
	h.fitsWindow()
	h.mustSee(id)
}

// A review row too long for 60 columns ends with the ellipsis rather than
// running off the window.
func TestReviewRowsFitAt60(t *testing.T) {
	h := newHarness(t, fakeapi.MarketplaceID)
	h.narrow()
	h.goTo("healthSherpaCustomerId")
	h.typ("x")
	h.keys("ctrl+s")
	h.fitsWindow()
	v := h.view()
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "HealthSherpa customer ID") && !strings.HasSuffix(l, "…") {
			t.Fatalf("row cut without an ellipsis: %q", l)
		}
	}
	h.mustSee("HealthSherpa customer ID (healthSherpa")
}
