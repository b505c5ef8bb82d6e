package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// screenAt builds a harness showing one screen or overlay.
type screenAt struct {
	name  string
	reach func(t *testing.T) *harness
}

// everyScreen is each screen and overlay an agent can meet.
func everyScreen() []screenAt {
	edited := func(t *testing.T) *harness {
		h := newHarness(t, fakeapi.MedicareLeadID)
		h.goTo("city")
		h.typ("x")
		return h
	}
	return []screenAt{
		{"search", func(t *testing.T) *harness { return newHarness(t, "") }},
		{"editor", func(t *testing.T) *harness { return newHarness(t, fakeapi.MedicareLeadID) }},
		{"editor on text", edited},
		{"review", func(t *testing.T) *harness { h := edited(t); h.keys("ctrl+s"); return h }},
		{"review as JSON", func(t *testing.T) *harness { h := edited(t); h.keys("ctrl+s"); h.typ("j"); return h }},
		{"review of invalid fields", func(t *testing.T) *harness {
			h := newHarness(t, fakeapi.MedicareLeadID)
			h.goTo("email")
			h.keys("ctrl+u")
			h.typ("not-an-email")
			h.keys("ctrl+s")
			return h
		}},
		{"go to", func(t *testing.T) *harness { h := edited(t); h.keys("ctrl+g"); return h }},
		{"help", func(t *testing.T) *harness { h := edited(t); h.keys("ctrl+_"); return h }},
		{"quit dialog", func(t *testing.T) *harness { h := edited(t); h.keys("ctrl+c"); return h }},
		{"JSON editor", func(t *testing.T) *harness {
			h := newHarness(t, fakeapi.CustomDataID)
			h.goTo("customData")
			h.keys("ctrl+o")
			return h
		}},
		{"conflict", func(t *testing.T) *harness {
			h := edited(t)
			if err := h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"}); err != nil {
				t.Fatal(err)
			}
			h.keys("ctrl+s", "enter")
			h.mustSee("Someone else changed")
			return h
		}},
		{"draft offer", func(t *testing.T) *harness {
			store := newStore(t)
			h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
			h.goTo("city")
			h.typ("x")
			h2 := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
			h2.mustSee("Unsaved changes from an earlier session")
			return h2
		}},
		{"lock prompt", func(t *testing.T) *harness {
			store := newStore(t)
			first := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
			other, err := draft.Open(store.Dir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(other), withFake(first.fake))
			h.mustSee("open in another ccedit session")
			return h
		}},
		{"failure", func(t *testing.T) *harness {
			h := newHarness(t, "00000000-0000-4000-8000-000000000000")
			h.mustSee("No customer with ID")
			return h
		}},
	}
}

// footerKeys is what the footer of the screen on show offers: the shown
// component's short help and the root's help and quit.
func footerKeys(h *harness) []key.Binding {
	s := h.m.active
	if o := h.m.overlay(); o != nil {
		s = o
	}
	var out []key.Binding
	for _, b := range s.ShortHelp() {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, b)
		}
	}
	return append(out, h.m.keys.Help, h.m.keys.Quit)
}

// Every key a footer names does something on that screen: what is drawn
// changes (colours included), the program quits, or a request goes out. A
// key that moves one way is pressed after one that moves the other (↑ at
// the top of a list is pressed after ↓). The help keys (ctrl+/ and f1)
// open help everywhere, and close it on the help. Each key is pressed on a
// fresh screen, at 80x24 and 60x18.
func TestEveryFooterKeyWorks(t *testing.T) {
	for _, sc := range everyScreen() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			tried := map[string]bool{} // a key works alike at both sizes
			for _, size := range [][2]int{{80, 24}, {60, 18}} {
				at := func() *harness {
					h := sc.reach(t)
					h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					return h
				}
				for _, b := range footerKeys(at()) {
					for _, name := range b.Keys() {
						if tried[name] {
							continue
						}
						tried[name] = true
						if !pressDoesSomething(t, at, name) {
							t.Errorf("%dx%d: footer key %q (%s %s) did nothing", size[0], size[1], name, b.Help().Key, b.Help().Desc)
						}
						if h := at(); b.Help().Desc == "keys" && sc.name != "help" {
							h.send(mustKey(t, name))
							if !h.quit && !strings.Contains(h.view(), "Keys") {
								t.Errorf("%dx%d: %q did not open the keys", size[0], size[1], name)
							}
						}
					}
				}
			}
		})
	}
}

// pressDoesSomething presses name on a fresh screen, and if that changes
// nothing, again after a key that moves the other way (↑ at the top of a
// list does something once ↓ has been pressed).
func pressDoesSomething(t *testing.T, at func() *harness, name string) bool {
	t.Helper()
	changed := func(h *harness) bool {
		before, requests := h.raw(), len(h.fake.Requests())
		h.send(mustKey(t, name))
		return h.raw() != before || h.quit || len(h.fake.Requests()) != requests
	}
	if changed(at()) {
		return true
	}
	for _, other := range []string{"down", "right", "tab"} {
		if other == name {
			continue
		}
		h := at()
		h.send(mustKey(t, other))
		if !h.quit && changed(h) {
			return true
		}
	}
	return false
}

func mustKey(t *testing.T, name string) tea.KeyPressMsg {
	t.Helper()
	msg, ok := keyPress(name)
	if !ok {
		t.Fatalf("cannot press %q", name)
	}
	return msg
}
