package ui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

func withMono() harnessOpt { return func(s *setup) { s.cfg.Mono = true } }

// through writes a view the way Bubble Tea does for a terminal of profile p.
func through(t *testing.T, view string, p colorprofile.Profile) string {
	t.Helper()
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(view); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var (
	trueColour = regexp.MustCompile(`\x1b\[[0-9;]*[34]8;2;`)
	colour256  = regexp.MustCompile(`\x1b\[[0-9;]*[34]8;5;`)
	anyColour  = regexp.MustCompile(`\x1b\[([0-9;]*;)?(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)
)

func TestColourFollowsTheProfile(t *testing.T) {
	h := newHarness(t, fakeapi.HostileID)
	h.goTo("first name")
	h.typ("!")
	view := h.raw()
	if !trueColour.MatchString(through(t, view, colorprofile.TrueColor)) {
		t.Fatal("no 24-bit colour on a truecolor terminal")
	}
	out := through(t, view, colorprofile.ANSI256)
	if trueColour.MatchString(out) || !colour256.MatchString(out) {
		t.Fatal("256-colour terminal: wrong sequences")
	}
	out = through(t, view, colorprofile.ANSI)
	if trueColour.MatchString(out) || colour256.MatchString(out) || !anyColour.MatchString(out) {
		t.Fatal("16-colour terminal: 24-bit or 256-colour sequences written")
	}
	out = through(t, view, colorprofile.Ascii)
	if anyColour.MatchString(out) {
		t.Fatalf("NO_COLOR: colour written: %q", anyColour.FindString(out))
	}
}

// TestGoldenNoColor keeps the NO_COLOR (mono) rendering, with its escape
// sequences made visible: what marks focus, changes, the active tab and the
// placeholders when there is no colour.
func TestGoldenNoColor(t *testing.T) {
	h := newHarness(t, fakeapi.HostileID, withMono())
	h.goTo("first name")
	h.typ("!")
	out := through(t, h.raw(), colorprofile.Ascii)
	if anyColour.MatchString(out) {
		t.Fatal("colour in a NO_COLOR rendering")
	}
	for _, want := range []string{"\x1b[7m␛\x1b[m", "\x1b[1;7m Identity"} {
		if !strings.Contains(out, want) {
			t.Fatalf("mono rendering lacks %q", want)
		}
	}
	goldenText(t, "no_color", strings.ReplaceAll(out, "\x1b", `\e`))
}

// At the smallest supported size, every field, once focused by Tab, is
// fully on screen: its row, its API name on the detail line (the line
// after the fields) or, for a list whose options are listed there, every
// option, and, when invalid, its error.
func TestFocusedFieldAlwaysFullyVisibleAt60x18(t *testing.T) {
	h := newHarness(t, fakeapi.MarketplaceID)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	order := h.m.ed.navOrder()
	for k := range order {
		if k > 0 {
			h.keys("tab")
		}
		f := h.m.ed.field(h.m.ed.focus)
		if f.Kind == forms.Date || f.Kind == forms.Timestamp || f.Kind == forms.Int {
			h.typ("x") // make it invalid: the error line must show too
		}
		h.fitsWindow()
		v := h.view()
		lines := strings.Split(v, "\n")
		if len(lines) != 18 {
			t.Fatalf("%s: view has %d lines", f.Name, len(lines))
		}
		label := ansi.Truncate(f.Label, h.m.ed.labelWidth(60), "…")
		row := regexp.MustCompile(`(?m)^ ` + regexp.QuoteMeta(label) + ` +.?▸ `)
		detail := ansi.Strip(h.m.ed.viewDetail(60))
		named := strings.Contains(v, detail) && strings.HasPrefix(detail, "   "+f.Name)
		if !named && f.Choices() != nil {
			// Every option, or a window of them around the choice with an
			// ellipsis where there are more.
			named = true
			for _, c := range f.Choices() {
				named = named && strings.Contains(detail, choiceLabel(f, c))
			}
			cur := choiceLabel(f, f.Choices()[max(choiceIndex(f.Choices(), h.m.ed.rec.Value(h.m.ed.focus)), 0)])
			named = named || strings.Contains(detail, cur) && strings.Contains(detail, "…")
		}
		if !row.MatchString(v) || !named {
			t.Fatalf("%s not fully visible:\n%s", f.Name, v)
		}
		if h.m.ed.rec.InvalidErr(f.Name) != nil && !strings.Contains(v, "✗ ") {
			t.Fatalf("%s: error line not visible:\n%s", f.Name, v)
		}
	}
}
