package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
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
	h.keys("right", "left") // an arrow ends the typing: the hint no longer quotes it
	h.mustNotSee(`typed "wis"`)
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
// only by colour); a list too wide for that line shows a window of them
// around the choice, with … where there are more, and ←/→ move it.
func TestListOptionsShownAndMarked(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.keys("right")
	h.mustSee("status: ○ Lead  ◉ Active  ○ Inactive  ○ not set")
	h.mustNotSee("‹")
	h.goTo("line type")
	h.mustSee("○ landline  ◉ mobile  ○ fixedVoip", " …")
	h.mustNotSee("○ not set")
	h.keys("left", "left") // landline, then around to not set
	h.mustSee("… ", "◉ not set")
	h.mustNotSee("○ landline")
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

// Every key the text help names is a line-editing key (editLine takes it),
// every key editLine takes is in the help, and the help names ctrl+d,
// ctrl+b, home and end, which it once left out.
func TestTextHelpKeysAreTheKeysTaken(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	k := h.m.ed.keys.Text
	named := map[string]bool{}
	var help []string
	for _, b := range k.help("←", "→") {
		help = append(help, b.Help().Key)
		for _, name := range b.Keys() {
			named[name] = true
			msg, ok := keyPress(name)
			if !ok {
				t.Fatalf("cannot make key %q", name)
			}
			if _, took := editLine([]rune("ab cd"), 2, msg, 0, k); !took {
				t.Errorf("help names %q (%s) but editLine does not take it", name, b.Help().Desc)
			}
		}
	}
	for _, b := range []key.Binding{k.Left, k.Right, k.Start, k.End, k.WordLeft, k.WordRight, k.Backspace, k.Delete,
		k.DeleteToStart, k.DeleteToEnd, k.DeleteWordBefore, k.DeleteWordAfter} {
		for _, name := range b.Keys() {
			if !named[name] {
				t.Errorf("editLine takes %q, help does not name it", name)
			}
		}
	}
	joined := strings.Join(help, " ")
	for _, want := range []string{"ctrl+h/d", "ctrl+b/f", "home/end"} {
		if !strings.Contains(joined, want) {
			t.Errorf("help lacks %s: %s", want, joined)
		}
	}
	h.keys("ctrl+_")
	h.mustSee("bksp/del ctrl+h/d", "home/end ctrl+a/e", "tab/enter/")
}

// keyPress makes the key message whose String is name ("alt+backspace",
// "ctrl+left", "home", "ctrl+d").
func keyPress(name string) (tea.KeyPressMsg, bool) {
	var mod tea.KeyMod
	base := name
	for {
		switch {
		case strings.HasPrefix(base, "ctrl+") && len(base) > 5:
			mod |= tea.ModCtrl
			base = base[5:]
			continue
		case strings.HasPrefix(base, "alt+") && len(base) > 4:
			mod |= tea.ModAlt
			base = base[4:]
			continue
		}
		break
	}
	if strings.HasPrefix(base, "shift+") {
		mod |= tea.ModShift
		base = base[6:]
	}
	codes := map[string]rune{"left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "up": tea.KeyUp, "down": tea.KeyDown,
		"tab": tea.KeyTab, "enter": tea.KeyEnter, "esc": tea.KeyEscape, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"f1": tea.KeyF1, "space": tea.KeySpace}
	k := tea.KeyPressMsg{Mod: mod}
	if c, ok := codes[base]; ok {
		k.Code = c
		if base == "space" {
			k.Text = " "
		}
	} else if r := []rune(base); len(r) == 1 {
		k.Code = r[0]
		if mod == 0 {
			k.Text = base
		}
	} else {
		return k, false
	}
	return k, k.String() == name
}

// A birth date changed by a day reads the same masked: the review and the
// line mode show it whole, so the agent sees what is about to be sent.
func TestMaskedChangeIsShownWhole(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("dob")
	h.keys("ctrl+u")
	h.typ("1956-03-15")
	h.keys("ctrl+s")
	h.mustSee(`"1956-03-14" → "1956-03-15"`)
	h.mustNotSee(`"1956-**-**" → "1956-**-**"`)

	fake := fakeapi.New(fakeapi.Options{})
	out, _ := runLines(t, fake, fakeapi.MedicareLeadID, "dateOfBirth\n1956-03-15\nreview\nquit\nd\n")
	if !strings.Contains(out, `"1956-03-14" -> "1956-03-15"`) {
		t.Fatalf("line mode hides the change:\n%s", out)
	}
}

// A changed Yes/No field says what it loaded in the list's words.
func TestLoadedChoiceInTheListsWords(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("isDecisionMaker")
	h.keys("space")
	h.mustSee("loaded Yes")
	h.mustNotSee("loaded true")
}

// With no results the search offers nothing to open or choose.
func TestSearchOffersOpenOnlyWithResults(t *testing.T) {
	h := newHarness(t, "")
	if f := footerOf(h); !strings.Contains(f, "enter open") {
		t.Fatalf("footer with results: %q", f)
	}
	h.typ("zzzzqqq")
	h.keys("enter")
	h.mustSee("No customer matches")
	if f := footerOf(h); strings.Contains(f, "enter open") || strings.Contains(f, "choose") {
		t.Fatalf("footer with no results: %q", f)
	}
}

// Back at the search with unsaved edits, the note says so whole: it wraps
// rather than being cut at 80 or 60 columns.
func TestSearchNoteIsWhole(t *testing.T) {
	for _, w := range []int{80, 60} {
		h := newHarness(t, fakeapi.MedicareLeadID)
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		h.goTo("city")
		h.typ("x")
		h.keys("ctrl+t")
		flat := strings.Join(strings.Fields(h.view()), " ")
		if !strings.Contains(flat, "Margaret O'Connell: 1 unsaved change kept in a draft; open the customer again to restore it.") {
			t.Fatalf("at %d columns the note is cut:\n%s", w, h.view())
		}
	}
}

// The options line never draws wider than it is given, whatever the
// window, the glyphs (Unicode or ASCII) and the choice.
func TestOptionLineFitsItsWidth(t *testing.T) {
	s := forms.NewSchema()
	for _, ascii := range []bool{false, true} {
		g := theme.UnicodeGlyphs()
		if ascii {
			g = theme.ASCIIGlyphs()
		}
		th := theme.New(true, g, false)
		for i := range s.Fields() {
			f := &s.Fields()[i]
			if f.Choices() == nil || len(f.Choices()) > longChoices {
				continue
			}
			for sel := -1; sel < len(f.Choices()); sel++ {
				for w := 20; w <= 80; w++ {
					line, lw := optionLine(th, f, sel, w)
					if got := ansi.StringWidth(line); got != lw || got > w {
						t.Fatalf("%s sel %d at %d (ascii %v): %d cells, said %d: %q", f.Name, sel, w, ascii, got, lw, ansi.Strip(line))
					}
				}
			}
		}
	}
}
