package ui

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

func ansiStrip(s string) string { return ansi.Strip(s) }

// Tests for what an agent tripped over at the desk (issue "A day at the
// desk"); each failed before its fix.

func TestPastedSurroundingWhitespaceIsTrimmed(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.keys("ctrl+u")
	h.send(tea.PasteMsg{Content: "Springfield\n"})
	h.later(time.Second)
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Springfield"}`)
}

// Keys that arrive in the same burst as a paste confirm nothing: a paste
// ending in ctrl+s and Enters (a terminal that passes an inner end marker
// through) opens the review at most; the Enter is refused with a word, and
// pressed again later it sends.
func TestKeysThatArriveWithAPasteConfirmNothing(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.send(tea.PasteMsg{Content: "Smith"})
	h.keys("ctrl+s", "enter", "enter")
	h.wantPatches()
	h.mustSee("Review: 1 change", "keys that arrive with a paste confirm nothing")
	h.later(100 * time.Millisecond)
	h.keys("enter")
	h.wantPatches()
	h.later(time.Second)
	h.keys("enter")
	h.wantPatches(`{"city":"ChicagoSmith"}`)
	// The quit question is an answer too.
	h.typ("X")
	h.send(tea.PasteMsg{Content: "Y"})
	h.keys("ctrl+c")
	h.typ("d")
	if h.quit || h.m.ed.rec.Dirty() == 0 {
		t.Fatal("a discard that came with a paste was taken")
	}
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
	h.mustSee("█  12", "max 255", `saves as "+13125550199"`)
	h.mustNotSee("█  14")
}

func TestWordMotionsAndUndo(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("address")
	h.mustSee("ctrl+u clears")
	// "4821 N Damen Ave": alt+b twice lands before "Damen"; alt+d deletes it.
	h.send(tea.KeyPressMsg{Code: 'b', Mod: tea.ModAlt})
	h.send(tea.KeyPressMsg{Code: 'b', Mod: tea.ModAlt})
	h.send(tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt})
	if h.value("address") != "4821 N  Ave" {
		t.Fatalf("after alt+d: %q", h.value("address"))
	}
	h.typ("Western")
	h.send(tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModCtrl})
	h.send(tea.KeyPressMsg{Code: tea.KeyBackspace, Mod: tea.ModAlt})
	if h.value("address") != "4821 N Western " {
		t.Fatalf("after alt+backspace: %q", h.value("address"))
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModCtrl})
	h.send(tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModCtrl})
	h.send(tea.KeyPressMsg{Code: 'f', Mod: tea.ModAlt})
	h.typ("!")
	if h.value("address") != "4821 N! Western " {
		t.Fatalf("after alt+f: %q", h.value("address"))
	}
	// ctrl+z undoes one change at a time (a typed run at once), back to
	// the loaded value, and then says there is nothing left.
	for _, want := range []string{"4821 N Western ", "4821 N Western Ave", "4821 N  Ave", "4821 N Damen Ave"} {
		h.keys("ctrl+z")
		if h.value("address") != want {
			t.Fatalf("undo gave %q, want %q", h.value("address"), want)
		}
	}
	h.nothingUnsaved()
	h.keys("ctrl+z")
	h.mustSee("Nothing to undo in this field.")
}

func TestEdgeSpacesAreShown(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ(" ")
	h.keys("tab")
	h.mustSee("Chicago␣")
}

func TestCustomDataOnSeveralLines(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+o")
	h.mustSee(`"score": 0.82`, "ctrl+s check and keep")
	// Move to the end of the text and break the JSON: it is refused.
	for i := 0; i < 30; i++ {
		h.keys("down")
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.typ(",")
	h.keys("ctrl+s")
	h.mustSee("Not JSON yet")
	h.keys("backspace", "ctrl+s")
	h.mustNotSee("Not JSON yet", "check and keep")
	h.nothingUnsaved() // reformatting alone is not a change
	h.keys("ctrl+o")
	h.keys("up") // the cursor starts at the end: up is the "score" line
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.typ(`, "tier": "gold"`)
	h.keys("ctrl+s")
	h.mustSee("1 unsaved")
	h.keys("ctrl+s")
	h.mustSee(`+ tier: "gold"`)
}

func TestEveryTabAndCountFitsAt60Columns(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	// Changes in every editable group, two-digit counts in two of them.
	fields := []string{"firstName", "lastName", "middleName", "preferredName", "salutation", "suffix", "clientCustomerId",
		"disqualificationReason", "ethnicity", "language", "city", "county", "email", "address", "postalCode",
		"timeZone", "state", "lineType", "addressLine2", "mbiNumber", "veteran", "carrier", "planName", "doNotCall"}
	for _, f := range fields {
		h.goTo(f)
		if h.m.ed.field(h.m.ed.focus).IsText() {
			h.typ("1")
		} else {
			h.keys("right")
		}
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	tabs := ansiStrip(strings.Split(h.raw(), "\n")[1])
	if lenCells(tabs) > 60 {
		t.Fatalf("tabs %q", tabs)
	}
	for _, g := range forms.AllGroups() {
		n := h.m.ed.rec.Count(g)
		found := false
		for _, title := range []string{g.String(), g.Short(), tinyTitle(g)} {
			want := title
			if n > 0 {
				want = fmt.Sprintf("%s %d", title, n)
			}
			found = found || strings.Contains(tabs, want)
		}
		if !found {
			t.Fatalf("tab %s (%d) missing or cut in %q", g, n, tabs)
		}
	}
}

func TestRecordUUIDsAreWholeAt60Columns(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	h.keys("ctrl+p") // Record, the last group
	h.mustSee("92983ab9-49c8-444b-85ae-6e40402cf72e", "6a7b8c9d-0e1f-4a2b-b3c4-d5e6f7a8b906")
	h.goTo("currentSourceId")
	h.mustSee("92ff85a4-bd9b-47e4-9ade-cbb65530f3f4█") // whole while it has focus
}

func TestSearchShowsTheSelectedIDWholeAt60Columns(t *testing.T) {
	h := newHarness(t, "")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	h.find("O'Connell")
	h.mustSee("id " + fakeapi.MedicareLeadID)
}

// Invisible controls typed or pasted are not saved; the agent is told.
func TestInvisibleControlsAreRefusedAtInput(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.keys("ctrl+u")
	h.send(tea.PasteMsg{Content: "Evan\u202eston\u200b\u009b"})
	h.mustSee("Left out 3 invisible or control characters (U+202E, U+200B, U+009B)")
	h.typ("\u3164")
	h.later(time.Second)
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Evanston"}`)
}

// A value stored with such characters is left as it is unless edited.
func TestStoredInvisibleCharactersAreKept(t *testing.T) {
	h := newHarness(t, fakeapi.HostileID)
	h.goTo("city")
	h.keys("tab")
	h.goTo("county")
	h.typ("x")
	h.keys("ctrl+s", "enter")
	for _, p := range h.patches() {
		if strings.Contains(p, "firstName") || strings.Contains(p, "lastName") {
			t.Fatalf("untouched hostile values sent: %s", p)
		}
	}
}

// Identifiers and birth dates are masked but for their last characters or
// year, except in the focused field or after ctrl+v; the review masks too.
func TestIdentifiersAreMasked(t *testing.T) {
	h := newHarness(t, fakeapi.DualEligibleID)
	h.mustSee("1951-**-**")
	h.mustNotSee("1951-12-02")
	h.goTo("dateOfBirth")
	h.mustSee("1951-12-02█") // focused: shown whole to edit
	h.goTo("mbiNumber")
	h.keys("ctrl+u")
	h.typ("1EG4TE5MK73")
	h.keys("tab")
	h.mustSee("*******MK73")
	h.mustNotSee("1EG4TE5MK73")
	h.keys("ctrl+s")
	h.mustSee(`"*********HT21" → "*******MK73"`)
	h.send(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	h.mustSee(`"5KQ9-AX3-HT21" → "1EG4TE5MK73"`, "identifiers shown")
	h.keys("esc")
	h.mustSee("FL-99812-2207") // revealed on the form too
	h.send(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	h.mustSee("*********2207")
	h.mustNotSee("FL-99812-2207", "identifiers shown")

	h = newHarness(t, fakeapi.DualEligibleID, func(s *setup) { s.cfg.NoMask = true })
	h.mustSee("1951-12-02")
}

// A stored value longer than its field's limit is shown cut with its true
// length and is not edited in place; the rest of the record works.
func TestHugeValueIsShownCutAndLeftAlone(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{RateLimit: -1})
	id := "99999999-9999-4999-8999-999999999998"
	huge := strings.Repeat("Ab", 1_950_000) // 3.9 MB
	if err := fake.Put(map[string]any{"id": id, "firstName": huge, "lastName": "Long", "city": "Gary"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, id, withFake(fake))
	h.goTo("firstName")
	h.mustSee("(3900000 characters)")
	h.typ("x")
	h.keys("backspace", "ctrl+u")
	h.mustSee("Stored as 3900000 characters, over the limit of 255")
	h.nothingUnsaved()
	for _, l := range strings.Split(h.view(), "\n") {
		if lenCells(l) > 80 {
			t.Fatalf("a line %d cells wide", lenCells(l))
		}
	}
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.wantPatches(`{"city":"Gary!"}`)
}
