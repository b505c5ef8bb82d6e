package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// A state has too many options to list: letters typed without a pause
// pick by code or name, a pause starts again, and the detail line says
// what the typing picked. What is saved is the code.
func TestLongListTypeAhead(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("state")
	h.mustSee("type its code or its name")
	h.typ("wis")
	if h.value("state") != "WI" {
		t.Fatalf("wis gave %q", h.value("state"))
	}
	h.mustSee(`typed "wis": WI (Wisconsin)`, "WI (Wisconsin)")
	h.later(2 * time.Second)
	h.typ("tx")
	if h.value("state") != "TX" {
		t.Fatalf("tx after a pause gave %q", h.value("state"))
	}
	h.later(2 * time.Second)
	h.typ("new y")
	if h.value("state") != "NY" {
		t.Fatalf("new y gave %q", h.value("state"))
	}
	// A typing that goes nowhere changes nothing and says so.
	h.later(2 * time.Second)
	h.typ("q")
	if h.value("state") != "NY" {
		t.Fatalf("q changed state to %q", h.value("state"))
	}
	h.mustSee(`No option matches "q"`)
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"state":"NY"}`)
}

// On a short list, a letter that does not go on from the last ones starts
// afresh (l then h is High, not nothing), and moving to another field
// forgets what was typed.
func TestShortListLettersStartAfresh(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("intent")
	h.typ("lh")
	if h.value("intent") != "High" {
		t.Fatalf("lh gave %q", h.value("intent"))
	}
	h.goTo("qualification")
	h.typ("q")
	if h.value("qualificationStatus") != "Qualified" {
		t.Fatalf("q gave %q", h.value("qualificationStatus"))
	}
}

// A focused list says its choice in the same words as without focus, and
// its options are on the detail line, the choice marked by a glyph (not
// only by colour); a list too wide for that wraps its options below.
func TestListOptionsShownAndMarked(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.keys("right")
	h.mustSee("status: ○ Lead  ◉ Active  ○ Inactive  ○ not set")
	h.mustNotSee("‹")
	h.goTo("line type")
	h.mustSee("○ landline  ◉ mobile", "○ not set")
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, "Line type") && strings.Contains(l, "landline") {
			t.Fatalf("options on the field's own line: %q", l)
		}
	}
}

// An open list (a time zone) takes any valid name; while the agent types,
// the detail line suggests the listed zones the typing matches.
func TestOpenListSuggests(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("time zone")
	h.mustNotSee("like America/")
	h.keys("ctrl+u")
	h.typ("pac")
	h.mustSee("like America/Los_Angeles (Pacific)", "not a time zone")
	h.keys("ctrl+u")
	h.typ("Europe/Berlin")
	h.mustNotSee("like America/", "not a time zone")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"timezone":"Europe/Berlin"}`)
}
