package ui

import (
	"strings"
	"syscall"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// Tests for what an agent tripped over at the desk (issue "A day at the
// desk"); each failed before its fix.

func TestPastedSurroundingWhitespaceIsTrimmed(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.keys("ctrl+u")
	h.send(tea.PasteMsg{Content: "Springfield\n"})
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Springfield"}`)
}

func TestAClearedFieldShowsWhatWillBeSent(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("middle name")
	h.keys("ctrl+u", "tab")
	h.mustSee("null (cleared)")
	h.mustNotSee(`"" (empty)`)
}

func TestFocusGoesToTheFirstRestoredField(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("address line 2")
	h.typ("Suite 210")
	h.send(SignalMsg{Signal: syscall.SIGHUP})
	h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store), withFake(h.fake))
	h2.typ("r")
	if h2.focused() != "addressLine2" && !strings.Contains(h2.focused(), "ddress") {
		t.Fatalf("focus on %s after the restore", h2.focused())
	}
	h2.typ("!") // lands in the restored field, not on Status
	if h2.value(h2.focused()) != "Suite 210!" || h2.value("status") != "Lead" {
		t.Fatalf("%s %q, status %q", h2.focused(), h2.value(h2.focused()), h2.value("status"))
	}
}

func TestDemoSaysSavesLastUntilItEnds(t *testing.T) {
	h := newHarness(t, "")
	h.mustNotSee("until the demo ends")
	h.m.c.Demo = true
	h.mustSee("saves last until the demo ends")
}

func TestAllNullHeaderShowsTheIDOnce(t *testing.T) {
	h := newHarness(t, fakeapi.AllNullID)
	header := strings.Split(h.view(), "\n")[0]
	if strings.Count(header, fakeapi.AllNullID[:8]) != 1 || !strings.Contains(header, "(no name on record)") {
		t.Fatalf("header %q", header)
	}
}

func TestCounterCountsWhatWillBeSaved(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("callerId")
	h.keys("ctrl+u")
	h.typ("(312) 555-0199")
	h.mustSee("12/255", `saves as "+13125550199"`)
	h.mustNotSee("14/255")
}
