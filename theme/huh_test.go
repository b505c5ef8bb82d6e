package theme

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// huhStyles renders every lipgloss style in s, by field path.
func huhStyles(t *testing.T, s *huh.Styles) map[string]string {
	t.Helper()
	out := map[string]string{}
	styleType := reflect.TypeFor[lipgloss.Style]()
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.Type() == styleType {
			out[path] = v.Interface().(lipgloss.Style).Render("x")
			return
		}
		if v.Kind() == reflect.Struct {
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		}
	}
	walk("Styles", reflect.ValueOf(s).Elem())
	if len(out) < 40 {
		t.Fatalf("only %d styles found in huh.Styles", len(out))
	}
	return out
}

// sampleForm is one of each field huh has that ccedit might use, with the
// input focused and in the middle (so the help line has a separator). An
// input is the only text field: a blurred one draws with the text input's
// own default colours, which no huh theme reaches.
func sampleForm(th huh.Theme, dark bool) string {
	var name, plan string
	var ok bool
	var picks []string
	f := huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title("Plan").Options(huh.NewOptions("A", "B", "C")...).Value(&plan),
		huh.NewInput().Title("Name").Description("As on the card").Placeholder("Jane").Value(&name),
		huh.NewMultiSelect[string]().Title("Picks").Options(huh.NewOptions("x", "y")...).Value(&picks),
		huh.NewConfirm().Title("Sure?").Value(&ok),
		huh.NewNote().Title("Note").Description("Read this"),
	)).WithTheme(th).WithWidth(70)
	f.Init()
	f.Update(tea.BackgroundColorMsg{Color: map[bool]lipgloss.RGBColor{true: {}, false: {R: 255, G: 255, B: 255}}[dark]})
	f.NextField()
	return f.View()
}

// colourParams returns the SGR parameters in s that set a colour.
func colourParams(s string) []string {
	sgr := regexp.MustCompile("\x1b\\[([0-9;:]*)m")
	var found []string
	for _, m := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				found = append(found, m[0])
			}
		}
	}
	return found
}

func TestHuhMonoWritesNoColour(t *testing.T) {
	for _, g := range []Glyphs{UnicodeGlyphs(), ASCIIGlyphs()} {
		for _, dark := range []bool{false, true} {
			th := New(dark, g, true)
			for _, isDark := range []bool{false, true} {
				for path, r := range huhStyles(t, th.Huh.Theme(isDark)) {
					if c := colourParams(r); len(c) > 0 {
						t.Errorf("ascii=%v dark=%v: %s writes colour %q", g.ASCII, isDark, path, c)
					}
				}
			}
			view := sampleForm(th.Huh, dark)
			if c := colourParams(view); len(c) > 0 {
				t.Errorf("ascii=%v: mono form writes colour %q:\n%s", g.ASCII, c, view)
			}
			if !strings.Contains(view, "\x1b[") {
				t.Errorf("mono form marks nothing (no bold, no reverse):\n%q", view)
			}
		}
	}
	// The colour theme does use colour: the test above can see it.
	if c := colourParams(sampleForm(New(true, UnicodeGlyphs(), false).Huh, true)); len(c) == 0 {
		t.Error("colour theme wrote no colour")
	}
}

func TestHuhASCIIWritesNothingAbove7F(t *testing.T) {
	themes := map[string]*Theme{
		"colour": New(true, ASCIIGlyphs(), false),
		"mono":   New(false, ASCIIGlyphs(), true),
		"plain":  NewPlain(ASCIIGlyphs()),
	}
	for name, th := range themes {
		for _, isDark := range []bool{false, true} {
			for path, r := range huhStyles(t, th.Huh.Theme(isDark)) {
				if i := strings.IndexFunc(r, func(c rune) bool { return c > 0x7f }); i >= 0 {
					t.Errorf("%s dark=%v: %s writes %q", name, isDark, path, r)
				}
			}
			view := sampleForm(th.Huh, isDark)
			for i := 0; i < len(view); i++ {
				if view[i] > 0x7f {
					t.Fatalf("%s dark=%v: form writes byte %#x at %d:\n%s", name, isDark, view[i], i, view)
				}
			}
			if !strings.Contains(view, " | ") || !strings.Contains(view, "> ") {
				t.Errorf("%s: ASCII separator or selector missing:\n%s", name, view)
			}
		}
	}
	// The Unicode theme keeps its glyphs, so the check above means something.
	if v := sampleForm(New(true, UnicodeGlyphs(), false).Huh, true); !strings.Contains(v, UnicodeGlyphs().Bar) {
		t.Errorf("Unicode form has no %q:\n%s", UnicodeGlyphs().Bar, v)
	}
}

func TestHuhStylesAreBuiltOnce(t *testing.T) {
	for name, th := range map[string]*Theme{
		"colour": New(true, UnicodeGlyphs(), false),
		"mono":   New(true, UnicodeGlyphs(), true),
		"plain":  NewPlain(UnicodeGlyphs()),
	} {
		for _, isDark := range []bool{false, true} {
			a, b := th.Huh.Theme(isDark), th.Huh.Theme(isDark)
			if a == nil || a != b {
				t.Errorf("%s dark=%v: Theme returned %p then %p", name, isDark, a, b)
			}
		}
	}
	th := New(true, UnicodeGlyphs(), false)
	if th.Huh.Theme(true) == th.Huh.Theme(false) {
		t.Error("the colour theme has one set of styles for both backgrounds")
	}
	// huh keeps the help styles it saw before knowing the background.
	light, dark := huhStyles(t, th.Huh.Theme(false)), huhStyles(t, th.Huh.Theme(true))
	for path, r := range light {
		if strings.HasPrefix(path, "Styles.Help.") && dark[path] != r {
			t.Errorf("%s differs between backgrounds: %q, %q", path, r, dark[path])
		}
	}
}

func TestHuhPlainWritesOnlyText(t *testing.T) {
	th := NewPlain(UnicodeGlyphs())
	for path, r := range huhStyles(t, th.Huh.Theme(false)) {
		if strings.Contains(r, "\x1b") {
			t.Errorf("%s writes an escape sequence: %q", path, r)
		}
	}
}
