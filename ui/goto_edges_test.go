package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// narrow resizes the harness to the smallest window ccedit draws in.
func (h *harness) narrow() { h.send(tea.WindowSizeMsg{Width: 60, Height: 18}) }

// Go-to finds fields as the line mode does (forms.Schema.Find): by an
// alias, and never in the middle of a word.
func TestGoToFindsFieldsAsLineModeDoes(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.keys("ctrl+g")
	h.typ("dob")
	h.mustSee("▸ Date of birth")
	h.keys("enter")
	if h.focused() != "dateOfBirth" {
		t.Fatalf("dob went to %s", h.focused())
	}

	h.keys("ctrl+g")
	h.typ("Tom")
	h.mustSee("no field matches")
	h.mustNotSee("Client customer ID")

	h.keys("ctrl+u")
	h.typ("customer")
	h.mustSee("Client customer ID")
}

// At 60 columns the group column keeps whole words (the tab line's short
// titles), and every row fits the window.
func TestGoToGroupColumnIsWholeAt60(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.narrow()
	h.keys("ctrl+g")
	h.typ("date")
	h.fitsWindow()
	h.mustSee("Date of birth", "Ident\n", "Medicare\n", "Cover\n")
	h.mustNotSee("Iden…", "Medi…", "Cove…")
	for _, l := range strings.Split(h.view(), "\n")[3:] {
		if strings.Contains(l, "date") && !strings.HasSuffix(strings.TrimSpace(l), "Ident") &&
			!strings.HasSuffix(strings.TrimSpace(l), "Medicare") && !strings.HasSuffix(strings.TrimSpace(l), "Cover") {
			t.Fatalf("row without a whole group: %q", l)
		}
	}

	// At 80 the groups are named in full.
	h = newHarness(t, fakeapi.MedicareLeadID)
	h.keys("ctrl+g")
	h.typ("date")
	h.mustSee("Identity\n", "Medicare/Medicaid\n", "Coverage\n")
}
