package forms

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The state list: 59 codes, the states alphabetically by name, then DC,
// the territories and the military codes, each with its name; a closed
// list the UI picks from like any other.
func TestStateFieldOffersUSPSCodesWithNames(t *testing.T) {
	f := NewSchema().Field("state")
	if f.Kind != USState || !f.Nullable || f.MaxLen != 50 || f.Open || f.IsText() {
		t.Fatalf("state field: %+v", f)
	}
	if len(f.Options) != 59 || len(f.OptionNames) != 59 {
		t.Fatalf("%d options, %d names", len(f.Options), len(f.OptionNames))
	}
	states := append([]string(nil), f.OptionNames[:50]...)
	if !sort.StringsAreSorted(states) || states[0] != "Alabama" || states[49] != "Wyoming" {
		t.Errorf("states not alphabetical by name: %q", states)
	}
	if got, want := f.Options[50:], []string{"DC", "PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the states: %q, want %q", got, want)
	}
	seen := map[string]bool{}
	for _, c := range f.Options {
		if len(c) != 2 || strings.ToUpper(c) != c || seen[c] {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	if ch := f.Choices(); len(ch) != 60 || ch[59] != "" || ch[48] != "WI" {
		t.Errorf("choices: %q", ch)
	}
	for v, want := range map[string]string{"WI": "Wisconsin", "DC": "District of Columbia", "AP": "Armed Forces Pacific", "Illinois": "", "wi": ""} {
		if got := f.OptionName(v); got != want {
			t.Errorf("OptionName(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestParseInputState(t *testing.T) {
	f := NewSchema().Field("state")
	const msg = "a US state or territory: its two-letter USPS code (WI) or its name"
	for _, c := range []struct {
		in   string
		want Value
		err  string
	}{
		{"wisconsin", TextValue("WI"), ""},
		{"Wisconsin", TextValue("WI"), ""},
		{"wi", TextValue("WI"), ""},
		{"WI", TextValue("WI"), ""},
		{"  wi ", TextValue("WI"), ""},
		{"new  york", TextValue("NY"), ""},
		{"Washington", TextValue("WA"), ""},
		{"D.C.", TextValue("DC"), ""},
		{"u.s. virgin islands", TextValue("VI"), ""},
		{"armed forces europe", TextValue("AE"), ""},
		{"not set", NullValue(), ""},
		{"", NullValue(), ""},
		{"NULL", NullValue(), ""},
		{"Wisc", TextValue("Wisc"), msg},
		{"ill.", TextValue("ill."), msg},
		{"ZZ", TextValue("ZZ"), msg},
	} {
		got, err := ParseInput(f, c.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != c.want || msg != c.err {
			t.Errorf("ParseInput(state, %q) = %+v, %q; want %+v, %q", c.in, got, msg, c.want, c.err)
		}
	}
	// Encode takes the name too: a caller that skips ParseInput sends the code.
	if raw, err := Encode(f, TextValue(" wisconsin")); err != nil || string(raw) != `"WI"` {
		t.Errorf("Encode(wisconsin) = %s, %v", raw, err)
	}
}

// A state stored before ccedit checked states is shown as loaded and sent
// only when the agent changes it.
func TestStoredStateThatIsNotACodeIsKeptAndNotSent(t *testing.T) {
	s := NewSchema()
	f := s.Field("state")
	for _, stored := range []string{"Illinois", "ill."} {
		raw, _ := json.Marshal(stored)
		base := map[string]json.RawMessage{"state": raw}
		v := Decode(f, raw)
		if v != TextValue(stored) {
			t.Fatalf("Decode(%s) = %+v", raw, v)
		}
		for name, edits := range map[string]Edits{"untouched": nil, "typed back": {"state": v}} {
			changes, invalid := Diff(s, base, edits)
			if len(changes) != 0 || len(invalid) != 0 {
				t.Errorf("%s %s: changes %v, invalid %v", stored, name, changes, invalid)
			}
		}
		changes, _ := Diff(s, base, Edits{"state": TextValue("IL")})
		if got := string(Patch(changes)); got != `{"state":"IL"}` {
			t.Errorf("%s changed to IL: %s", stored, got)
		}
	}
}

func TestNormalizeZIP(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"60614", "60614"}, {"60614-1234", "60614-1234"}, {"606141234", "60614-1234"}, {"  60614 ", "60614"},
		{"00501", "00501"},
		{"6061", ""}, {"606145", ""}, {"60614-123", ""}, {"60614 1234", ""}, {"60614–1234", ""}, {"K1A 0B6", ""},
		{"６０６１４", ""}, {"", ""},
	} {
		got, err := NormalizeZIP(c.in)
		if c.want == "" {
			if err == nil || err.Error() != "a US ZIP code: 5 digits, or ZIP+4 like 60614-1234" {
				t.Errorf("NormalizeZIP(%q) = %q, %v; want the reason", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeZIP(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	f := NewSchema().Field("postalCode")
	if v, err := ParseInput(f, "606141234"); err != nil || v != TextValue("606141234") {
		t.Errorf("ParseInput: %+v %v", v, err)
	}
	if raw, err := Encode(f, TextValue("606141234")); err != nil || string(raw) != `"60614-1234"` {
		t.Errorf("Encode: %s %v", raw, err)
	}
}

func TestNormalizeTimeZone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// The US list: its names and plain names, in any case.
		{"America/Chicago", "America/Chicago"}, {"america/chicago", "America/Chicago"}, {" AMERICA/NEW_YORK ", "America/New_York"},
		{"Central", "America/Chicago"}, {"central", "America/Chicago"}, {"Eastern Time", "America/New_York"},
		{"eastern", "America/New_York"}, {"mountain", "America/Denver"}, {"Arizona", "America/Phoenix"},
		{"arizona (no dst)", "America/Phoenix"}, {"Pacific", "America/Los_Angeles"}, {"hawaii", "Pacific/Honolulu"},
		{"Atlantic", "America/Puerto_Rico"}, {"chamorro", "Pacific/Guam"}, {"American Samoa", "Pacific/Pago_Pago"},
		{"america/indiana/indianapolis", "America/Indiana/Indianapolis"}, {"Chicago", "America/Chicago"},
		{"new york", "America/New_York"}, {"Pago Pago", "Pacific/Pago_Pago"},
		// Any other zone, in its canonical spelling.
		{"Europe/London", "Europe/London"}, {"europe/london", "Europe/London"}, {"UTC", "UTC"}, {"utc", "UTC"},
		{"us/pacific", "US/Pacific"}, {"etc/gmt+5", "Etc/GMT+5"}, {"america/port-au-prince", "America/Port-au-Prince"},
		{"europe/isle_of_man", "Europe/Isle_of_Man"}, {"america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"},
		{"Antarctica/McMurdo", "Antarctica/McMurdo"},
		// Refused: the computer's zone, files beside the zones, non-zones.
		{"Local", ""}, {"local", ""}, {"localtime", ""}, {"posixrules", ""}, {"posix/America/Chicago", ""},
		{"right/UTC", ""}, {"Mars/Olympus_Mons", ""}, {"../../etc/passwd", ""}, {"/usr/share/zoneinfo/UTC", ""},
		{"America/Chicago\x00", ""}, {"Springfield", ""}, {"CST", ""}, {"", ""},
	} {
		got, err := NormalizeTimeZone(c.in)
		if c.want == "" {
			if err == nil || !strings.HasPrefix(err.Error(), "not a time zone: try America/Chicago") {
				t.Errorf("NormalizeTimeZone(%q) = %q, %v; want the reason", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeTimeZone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// The time zone is an open list: text with suggestions, cleared like a
// list, saved in its canonical spelling.
func TestTimeZoneFieldIsAnOpenList(t *testing.T) {
	f := NewSchema().Field("timezone")
	if f.Kind != TimeZone || !f.Open || !f.IsText() || f.Choices() != nil || f.MaxLen != 50 {
		t.Fatalf("timezone field: %+v", f)
	}
	if f.Options[0] != "America/New_York" || f.OptionName("America/Phoenix") != "Arizona (no DST)" || len(f.OptionNames) != len(f.Options) {
		t.Errorf("options %q names %q", f.Options, f.OptionNames)
	}
	for _, z := range f.Options {
		if got, err := NormalizeTimeZone(z); err != nil || got != z {
			t.Errorf("suggested zone %s: %q %v", z, got, err)
		}
	}
	for _, in := range []string{"not set", " Null ", ""} {
		v, err := ParseInput(f, in)
		raw, encErr := Encode(f, v)
		if err != nil || encErr != nil || string(raw) != "null" {
			t.Errorf("ParseInput(%q) = %+v, %v; encodes as %s", in, v, err, raw)
		}
	}
	if raw, err := Encode(f, TextValue("central")); err != nil || string(raw) != `"America/Chicago"` {
		t.Errorf("Encode(central) = %s, %v", raw, err)
	}
	base := map[string]json.RawMessage{"timezone": json.RawMessage(`"America/Chicago"`)}
	if changes, invalid := Diff(NewSchema(), base, Edits{"timezone": TextValue("Central")}); len(changes)+len(invalid) != 0 {
		t.Errorf("Central for America/Chicago is a change: %v %v", changes, invalid)
	}
	if _, err := ParseInput(f, "Local"); err == nil {
		t.Error("Local accepted")
	}
}

func TestMatch(t *testing.T) {
	s := NewSchema()
	state, zone := s.Field("state"), s.Field("timezone")
	for _, c := range []struct {
		f    *Field
		q    string
		want []string
	}{
		{state, "wi", []string{"WI"}},
		{state, "WIS", []string{"WI"}},
		{state, "new y", []string{"NY"}},
		{state, "ny", []string{"NY"}},
		{state, "new", []string{"NH", "NJ", "NM", "NY"}},
		{state, "ma", []string{"MA", "ME", "MD", "MP"}}, // the code, names that start so, then a word
		{state, "carolina", []string{"NC", "SC"}},
		{state, "us virgin", []string{"VI"}},
		{state, "virgin", []string{"VA", "WV", "VI"}},
		{state, "d.c.", []string{"DC"}},
		{state, "armed p", []string{"AP"}},
		{state, "zz", nil},
		{zone, "cen", []string{"America/Chicago"}},
		{zone, "eastern", []string{"America/New_York", "America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville"}},
		{zone, "chicago", []string{"America/Chicago"}},
		{zone, "america/ch", []string{"America/Chicago"}},
		{zone, "los ang", []string{"America/Los_Angeles"}},
		{zone, "pacific/honolulu", []string{"Pacific/Honolulu"}},
		{s.Field("lineType"), "voip", []string{"fixedVoip", "nonFixedVoip"}},
		{s.Field("doNotCall"), "y", nil},
	} {
		if got := c.f.Match(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s.Match(%q) = %q, want %q", c.f.Name, c.q, got, c.want)
		}
	}
	if got := state.Match("  "); len(got) != 59 {
		t.Errorf("empty query: %d options", len(got))
	}
}
