package ui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

var update = flag.Bool("update", false, "rewrite the golden views in testdata/")

// golden compares the colour-stripped view with testdata/NAME.golden.
func (h *harness) golden(name string) {
	h.t.Helper()
	goldenText(h.t, name, h.view())
}

// goldenText compares text with testdata/NAME.golden (-update rewrites it).
// Trailing spaces are invisible and vary with padding; they are trimmed.
func goldenText(t testing.TB, name, got string) {
	t.Helper()
	lines := strings.Split(got, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	got = strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update)", err)
	}
	if got != string(want) {
		t.Fatalf("view %s differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

func TestGoldenViews(t *testing.T) {
	cases := []struct {
		name string
		id   string
		opts []harnessOpt
		do   func(h *harness)
	}{
		{"search", "", nil, func(h *harness) {}},
		{"editor_identity", fakeapi.MedicareLeadID, nil, func(h *harness) {}},
		{"editor_contact_editing", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("callerId")
			h.keys("ctrl+u")
			h.typ("(312) 555-0199")
		}},
		{"editor_select_wrapped", fakeapi.MedicareLeadID, nil, func(h *harness) { h.goTo("line type") }},
		{"editor_invalid", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("mbi")
			h.keys("ctrl+u")
			h.typ("1EG4-TE5-MK7")
		}},
		{"editor_coverage_scrolled", fakeapi.MarketplaceID, nil, func(h *harness) { h.goTo("converted") }},
		{"editor_record", fakeapi.CustomDataID, nil, func(h *harness) { h.goTo("custom data") }},
		{"editor_hostile", fakeapi.HostileID, nil, func(h *harness) { h.goTo("address") }},
		{"editor_ascii", fakeapi.DualEligibleID, []harnessOpt{withASCII()}, func(h *harness) {
			h.goTo("first name")
			h.typ("!")
		}},
		{"goto", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.keys("ctrl+g")
			h.typ("date")
		}},
		{"help", fakeapi.MedicareLeadID, nil, func(h *harness) { h.typ("?") }},
		{"quit_confirm", fakeapi.MedicareLeadID, nil, func(h *harness) { h.keys("right", "ctrl+c") }},
		{"review", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("first name")
			h.keys("ctrl+u")
			h.typ("Maggie")
			h.goTo("middle")
			h.keys("ctrl+u")
			h.goTo("veteran")
			h.typ("y")
			h.keys("ctrl+s")
		}},
		{"review_json", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("annual")
			h.keys("ctrl+u")
			h.typ("52,000")
			h.keys("ctrl+s")
			h.typ("j")
		}},
		{"review_invalid", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("email")
			h.typ(" x")
			h.keys("ctrl+s")
		}},
		{"review_nothing", fakeapi.MedicareLeadID, nil, func(h *harness) { h.keys("ctrl+s") }},
		{"saved", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.goTo("preferred")
			h.typ("!")
			h.keys("ctrl+s", "enter")
		}},
		{"load_not_found", "11111111-1111-4111-8111-111111111111", nil, func(h *harness) {}},
		{"load_rate_limited", "", nil, func(h *harness) {
			h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"message":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED","retryAfter":42}`})
			h.keys("enter")
		}},
		{"too_small", fakeapi.MedicareLeadID, nil, func(h *harness) { h.send(tea.WindowSizeMsg{Width: 59, Height: 17}) }},
		{"goto_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.keys("ctrl+g")
			h.typ("date")
		}},
		{"review_invalid_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("email")
			h.typ(" x")
			h.keys("ctrl+s")
		}},
		{"review_help_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("first name")
			h.typ(" ")
			h.keys("ctrl+s", "ctrl+_")
		}},
		{"review_json_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("first name")
			h.typ("!")
			h.keys("ctrl+s")
			h.typ("j")
		}},
		{"editor_record_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("member id")
		}},
		{"json_error_60x18", fakeapi.CustomDataID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("custom data")
			h.keys("ctrl+o")
			h.typ("x")
			h.keys("ctrl+s")
		}},
		{"conflict_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("city")
			h.typ("x")
			_ = h.fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"city": "Evanston"})
			h.keys("ctrl+s", "enter")
		}},
		{"narrow_60x18", fakeapi.MedicareLeadID, nil, func(h *harness) {
			h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
			h.goTo("status")
			h.keys("right")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.id, c.opts...)
			c.do(h)
			h.fitsWindow()
			h.golden(c.name)
		})
	}
}

// fitsWindow fails when any line of the view is wider than the window: the
// terminal would wrap it and push the layout down.
func (h *harness) fitsWindow() {
	h.t.Helper()
	for i, l := range strings.Split(h.view(), "\n") {
		if w := ansi.StringWidth(l); w > h.m.c.Width {
			h.t.Fatalf("line %d is %d cells wide in a %d-cell window: %q", i, w, h.m.c.Width, l)
		}
	}
}
