package forms

import (
	"errors"
	"strings"
	"time"

	// The tz database, compiled in. time.LoadLocation looks for a zone on
	// the host first (/usr/share/zoneinfo) and a minimal jump host or
	// container often has none: without this, every typed zone but UTC
	// would be refused there. It costs about 450 KB of binary.
	_ "time/tzdata"
)

// place is one option of a list whose options have names: the API value
// and its plain name.
type place struct{ code, name string }

// usStates is every code a USState field offers, with its name: the 50
// states alphabetically by name, then the District of Columbia, the
// inhabited territories, and the military "states" of APO/FPO addresses.
// An array returned by value: nothing allocates and nothing can change it.
func usStates() [59]place {
	return [59]place{
		{"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"}, {"CA", "California"},
		{"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"}, {"FL", "Florida"}, {"GA", "Georgia"},
		{"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"},
		{"KS", "Kansas"}, {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
		{"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"}, {"MO", "Missouri"},
		{"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"}, {"NH", "New Hampshire"}, {"NJ", "New Jersey"},
		{"NM", "New Mexico"}, {"NY", "New York"}, {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"OH", "Ohio"},
		{"OK", "Oklahoma"}, {"OR", "Oregon"}, {"PA", "Pennsylvania"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"},
		{"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"}, {"UT", "Utah"}, {"VT", "Vermont"},
		{"VA", "Virginia"}, {"WA", "Washington"}, {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"},
		{"DC", "District of Columbia"},
		{"PR", "Puerto Rico"}, {"GU", "Guam"}, {"VI", "U.S. Virgin Islands"}, {"AS", "American Samoa"},
		{"MP", "Northern Mariana Islands"},
		{"AA", "Armed Forces Americas"}, {"AE", "Armed Forces Europe"}, {"AP", "Armed Forces Pacific"},
	}
}

// usZones is the zones a TimeZone field suggests, with plain names: the
// zones of the states and territories first, then four the tz database
// keeps apart only for their history (their clocks agree with Eastern or
// Mountain today). Geocoders and CRM imports assign those four to most of
// Michigan, Indiana, Kentucky's Louisville area and southern Idaho, so
// records hold them; listed, they show a plain name instead of looking
// foreign.
func usZones() [15]place {
	return [15]place{
		{"America/New_York", "Eastern"},
		{"America/Chicago", "Central"},
		{"America/Denver", "Mountain"},
		{"America/Phoenix", "Arizona (no DST)"},
		{"America/Los_Angeles", "Pacific"},
		{"America/Anchorage", "Alaska"},
		{"America/Adak", "Aleutian"},
		{"Pacific/Honolulu", "Hawaii"},
		{"America/Puerto_Rico", "Puerto Rico and US Virgin Islands (Atlantic)"},
		{"Pacific/Guam", "Guam and Northern Mariana Islands (Chamorro)"},
		{"Pacific/Pago_Pago", "American Samoa"},
		{"America/Detroit", "Eastern (Michigan)"},
		{"America/Indiana/Indianapolis", "Eastern (Indiana)"},
		{"America/Kentucky/Louisville", "Eastern (Kentucky)"},
		{"America/Boise", "Mountain (Idaho)"},
	}
}

func stateField(name, label string, g Group, max int) Field {
	all := usStates()
	f := Field{Name: name, Label: label, Group: g, Kind: USState, Nullable: true, MaxLen: max,
		Help: "Two-letter code or name: WI or Wisconsin."}
	for _, p := range all {
		f.Options = append(f.Options, p.code)
		f.OptionNames = append(f.OptionNames, p.name)
	}
	return f
}

func timeZoneField(name, label string, g Group, max int) Field {
	all := usZones()
	f := Field{Name: name, Label: label, Group: g, Kind: TimeZone, Nullable: true, MaxLen: max, Open: true,
		Help: "Central, Eastern... or a zone name such as America/Chicago or Europe/London."}
	for _, z := range all {
		f.Options = append(f.Options, z.code)
		f.OptionNames = append(f.OptionNames, z.name)
	}
	return f
}

// NormalizeState accepts a USPS state or territory code or its name, in
// any case, with surrounding spaces and dots ("wi", "Wisconsin", "D.C.",
// "u.s. virgin islands"), and returns the upper-case code.
func NormalizeState(s string) (string, error) {
	k := fold(s)
	for _, p := range usStates() {
		if k == fold(p.code) || k == fold(p.name) {
			return p.code, nil
		}
	}
	return "", errors.New("a US state or territory: its two-letter USPS code (WI) or its name")
}

// NormalizeZIP accepts a US ZIP code, five digits or ZIP+4 with or without
// its hyphen, surrounding spaces ignored, and returns it as 60614 or
// 60614-1234.
func NormalizeZIP(s string) (string, error) {
	t := strings.TrimSpace(s)
	switch {
	case len(t) == 5 && asciiDigits(t):
		return t, nil
	case len(t) == 10 && t[5] == '-' && asciiDigits(t[:5]) && asciiDigits(t[6:]):
		return t, nil
	case len(t) == 9 && asciiDigits(t):
		return t[:5] + "-" + t[5:], nil
	}
	return "", errors.New("a US ZIP code: 5 digits, or ZIP+4 like 60614-1234")
}

// NormalizeTimeZone accepts a time zone and returns its IANA name: a
// suggested US zone by name, plain name or city in any case
// ("america/chicago", "Central", "central time", "Chicago", "Atlantic"),
// or any other zone the tz
// database knows, returned in its canonical spelling when it is typed in
// another case that ccedit can recover ("europe/london", "utc",
// "us/pacific"). The computer's own zone ("Local") is refused: it says
// nothing about the customer.
func NormalizeTimeZone(s string) (string, error) {
	t := strings.TrimSpace(s)
	k := strings.TrimSuffix(fold(t), " time")
	for _, z := range usZones() {
		if k == strings.ToLower(z.code) || k == fold(z.name) || k == fold(shortName(z.name)) || k == city(z.code) {
			return z.code, nil
		}
	}
	if id := zoneWord(k); id != "" {
		return id, nil
	}
	bad := errors.New("not a time zone: try America/Chicago, Central or Europe/London")
	if !zoneChars(t) || hostOnlyZone(t) {
		return "", bad
	}
	for _, v := range zoneSpellings(t) {
		if _, err := time.LoadLocation(v); err == nil {
			return v, nil
		}
	}
	return "", bad
}

// shortName is a name without its note: "Arizona (no DST)" is "Arizona".
func shortName(name string) string {
	head, _, _ := strings.Cut(name, " (")
	return head
}

// city is the place a zone is named after, as a person types it:
// "America/New_York" is "new york".
func city(zone string) string {
	return fold(strings.ReplaceAll(zone[strings.LastIndex(zone, "/")+1:], "_", " "))
}

// zoneWord is the zone of an official US time zone name or a place that
// the plain names above leave out; k is folded.
func zoneWord(k string) string {
	switch k {
	case "atlantic", "puerto rico", "virgin islands", "us virgin islands":
		return "America/Puerto_Rico"
	case "chamorro", "guam", "northern mariana islands", "saipan":
		return "Pacific/Guam"
	case "samoa":
		return "Pacific/Pago_Pago"
	}
	return ""
}

// zoneChars reports whether s could be a zone name: letters, digits, / _ -
// and +, starting with a letter. No dots, so never a path that climbs out
// of the zone directory.
func zoneChars(s string) bool {
	if s == "" || !isASCIILetter(s[0]) || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '/' && c != '_' && c != '-' && c != '+' {
			return false
		}
	}
	return true
}

// hostOnlyZone reports whether time.LoadLocation would take s only as the
// computer's own zone or from a file some hosts keep beside the zones:
// Local and localtime are whatever the computer is set to, posixrules is
// a copy of another zone, and posix/ and right/ hold other builds of the
// database (right/ counts leap seconds, which no clock on a wall does).
func hostOnlyZone(s string) bool {
	first, _, _ := strings.Cut(strings.ToLower(s), "/")
	switch first {
	case "local", "localtime", "posixrules", "posix", "right":
		return true
	}
	return false
}

// zoneSpellings are the spellings of s worth asking the tz database for,
// as typed first: time.LoadLocation is case-sensitive on Linux, and a
// person types "america/new_york", "utc" or "us/pacific". The guesses are
// Title_Case per word ("Port-au-Prince" and "Isle_of_Man" keep their small
// words), UPPER case (UTC, EST5EDT), and the two mixes of the tz backward
// names (US/Pacific, Etc/GMT+5). A name with other capitals (McMurdo) must
// be typed as it is spelled.
func zoneSpellings(s string) []string {
	title := titleZone(s)
	first, rest, nested := strings.Cut(s, "/")
	out := []string{s, title, strings.ToUpper(s)}
	if nested {
		out = append(out, strings.ToUpper(first)+"/"+titleZone(rest), titleZone(first)+"/"+strings.ToUpper(rest))
	}
	// Drop repeats: each spelling is a file looked up.
	uniq := out[:0]
	for _, v := range out {
		seen := false
		for _, u := range uniq {
			seen = seen || u == v
		}
		if !seen {
			uniq = append(uniq, v)
		}
	}
	return uniq
}

// titleZone upper-cases the first letter of each word of an ASCII zone
// name and lower-cases the rest; words are separated by / _ and -. The
// small words of, es and au stay lower-case inside a name.
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '/' && b[i] != '_' && b[i] != '-' {
			continue
		}
		w := string(b[start:i])
		small := start > 0 && b[start-1] != '/' && (w == "of" || w == "es" || w == "au")
		if start < i && !small && b[start] >= 'a' && b[start] <= 'z' {
			b[start] -= 'a' - 'A'
		}
		start = i + 1
	}
	return string(b)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
