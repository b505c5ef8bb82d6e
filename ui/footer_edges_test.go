package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// footerLine is the last line of the view: the footer.
func (h *harness) footerLine() string {
	lines := strings.Split(h.view(), "\n")
	return lines[len(lines)-1]
}

// edgeScreens are the screens whose footers must keep the keys that
// confirm and leave, with those keys as the footer shows them.
func edgeScreens() []struct {
	name string
	keys []string
	do   func(h *harness)
} {
	edited := func(h *harness) { h.goTo("city"); h.typ("x") }
	return []struct {
		name string
		keys []string
		do   func(h *harness)
	}{
		{"search", []string{"enter open"}, nil},
		{"go to", []string{"enter jump", "esc cancel"}, func(h *harness) { h.keys("ctrl+g") }},
		{"review", []string{"enter send", "esc back"}, func(h *harness) { edited(h); h.keys("ctrl+s") }},
		{"review as JSON", []string{"j fields", "enter send", "esc back"}, func(h *harness) { edited(h); h.keys("ctrl+s"); h.typ("j") }},
		{"review of nothing", []string{"enter/esc back"}, func(h *harness) { h.keys("ctrl+s") }},
		{"review of invalid fields", []string{"enter fix it", "esc back"}, func(h *harness) {
			h.goTo("email")
			h.typ(" x")
			h.keys("ctrl+s")
		}},
		{"revert all", []string{"n/y answer"}, func(h *harness) { edited(h); h.keys("ctrl+s"); h.typ("a") }},
		{"quit", []string{"y/d/n answer"}, func(h *harness) { edited(h); h.keys("ctrl+c") }},
		{"conflict", []string{"enter apply", "esc back"}, func(h *harness) {
			edited(h)
			_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
			h.keys("ctrl+s", "enter")
		}},
		{"JSON editor", []string{"ctrl+s check and keep", "esc cancel"}, func(h *harness) {
			h.goTo("custom data")
			h.keys("ctrl+o")
		}},
		{"help", []string{"esc/q close"}, func(h *harness) { h.keys("ctrl+_") }},
	}
}

// At 60x18 every screen's footer keeps the keys that confirm and leave,
// first, before the screen's other keys; and it fits the window.
func TestFooterKeepsConfirmAndLeaveFirstAt60(t *testing.T) {
	for _, sc := range edgeScreens() {
		t.Run(sc.name, func(t *testing.T) {
			id := fakeapi.MedicareLeadID
			if sc.name == "search" {
				id = ""
			}
			h := newHarness(t, id)
			h.narrow()
			if sc.do != nil {
				sc.do(h)
			}
			h.fitsWindow()
			foot := h.footerLine()
			if !strings.HasPrefix(foot, sc.keys[0]) {
				t.Fatalf("footer does not start with %q: %q", sc.keys[0], foot)
			}
			for _, k := range sc.keys {
				if !strings.Contains(foot, k) {
					t.Fatalf("footer lacks %q: %q", k, foot)
				}
			}
			if !strings.HasSuffix(foot, "ctrl+/ keys  ctrl+c quit") {
				t.Fatalf("footer lost the help and quit keys: %q", foot)
			}
		})
	}
}

// The fitter drops bindings from the end; when not even the first fits
// whole, its description is cut (with the ellipsis), never its key.
func TestFooterCutsTheFirstDescriptionRatherThanDropTheKey(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	c := h.m.c
	long := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", strings.Repeat("very long words ", 8)))
	esc := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	km := bindings{short: []key.Binding{long, esc}}
	got := ansi.Strip(footer(c, c.help(), km, []key.Binding{h.m.keys.Help, h.m.keys.Quit}, 60))
	if !strings.HasPrefix(got, "enter very long") || !strings.Contains(got, c.Theme.G.Ellipsis) ||
		!strings.HasSuffix(got, "ctrl+/ keys  ctrl+c quit") || ansi.StringWidth(got) > 60 {
		t.Fatalf("footer %q", got)
	}
	short := bindings{short: []key.Binding{esc, long}}
	if got := ansi.Strip(footer(c, c.help(), short, []key.Binding{h.m.keys.Help, h.m.keys.Quit}, 60)); !strings.HasPrefix(got, "esc back "+c.Theme.G.Ellipsis) {
		t.Fatalf("footer %q: the later binding is dropped, with an ellipsis", got)
	}
}

// Help lists every key the screen takes, at 60 columns too (bubbles help
// dropped a group wider than the window, the global keys with it).
func TestHelpListsEveryKeyAt60(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.narrow()
	h.goTo("first name")
	h.typ(" ") // a trailing space: t trims it
	h.goTo("city")
	h.typ("x")
	h.keys("ctrl+s", "ctrl+_")
	h.fitsWindow()
	h.mustSee("enter/y send", "esc/n", "show the exact JSON body", "r   revert", "a   revert every change", "t   trim")
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.mustSee("ctrl+c", "quit; asks first when changes are unsaved", "ctrl+v")
	h.mustNotSee(" …\n")

	// The editor: enter moves to the next field, and says so.
	h = newHarness(t, fakeapi.MedicareLeadID)
	h.typ("?")
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, "next field") && !strings.Contains(l, "enter") {
			t.Fatalf("help does not say enter moves to the next field: %q", l)
		}
	}
}

// The search's help lists the search's keys and nothing else: no field
// clearing, no reveal key (its results show the year of birth only).
func TestSearchHelpListsOnlyTheSearchKeys(t *testing.T) {
	for _, narrow := range []bool{false, true} {
		h := newHarness(t, "")
		if narrow {
			h.narrow()
		}
		h.keys("ctrl+_")
		h.fitsWindow()
		h.mustSee("enter", "open", "ctrl+u", "clear the query", "ctrl+o", "ctrl+r", "pgdn", "quit; asks first")
		h.mustNotSee("ctrl+v", "a field", "fields", "? where")
	}
}

// While the review asks before reverting everything, its help lists the
// question's keys, not the review's.
func TestReviewQuestionHelpListsItsAnswers(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("x")
	h.keys("ctrl+s")
	h.typ("a")
	h.mustSee("Revert the change to its loaded value?", "No, keep it", "Yes, revert it")
	h.keys("ctrl+_")
	h.mustSee("n/y", "answer at once", "enter", "confirm")
	h.mustNotSee("trim", "show the exact JSON body")
}
