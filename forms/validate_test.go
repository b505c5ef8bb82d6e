package forms

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

func TestUTF16Len(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"José", 4}, {"😀", 2}, {"a😀b", 4}, {"漢字", 2}, {"\xff", 1},
	} {
		if got := UTF16Len(c.s); got != c.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", c.s, got, c.want)
		}
	}
}

func TestMaxLength(t *testing.T) {
	v := MaxLength(4)
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"", true}, {"abcd", true}, {"abcde", false}, {"ab😀", true}, {"abc😀", false}, {"😀😀", true}, {"😀😀a", false},
	} {
		if err := v(c.s); (err == nil) != c.ok {
			t.Errorf("MaxLength(4)(%q) = %v, want ok=%v", c.s, err, c.ok)
		}
	}
	long := strings.Repeat("x", 255)
	if MaxLength(255)(long) != nil || MaxLength(255)(long+"x") == nil {
		t.Error("255 boundary")
	}
}

func TestNormalizeInt(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"52,000", "52000"}, {"52000", "52000"}, {" 7 ", "7"}, {"-7", "-7"}, {"+7", "7"}, {"$1,200", "1200"},
		{"2147483647", "2147483647"}, {"-2147483648", "-2147483648"}, {"0", "0"},
		{"2147483648", ""}, {"-2147483649", ""}, {"12.5", ""}, {"abc", ""}, {"", ""}, {"1e3", ""}, {"99999999999999999999", ""},
	} {
		got, err := NormalizeInt(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("NormalizeInt(%q) = %q, want error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeInt(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1956-03-14", "1956-03-14"}, {"03/14/1956", "1956-03-14"}, {"3/4/1956", "1956-03-04"},
		{"2024-02-29", "2024-02-29"}, {"02/29/2024", "2024-02-29"},
		{"2023-02-29", ""}, {"1956-13-01", ""}, {"1956-04-31", ""}, {"13/01/1956", ""}, {"14.03.1956", ""},
		{"1956-3-14", ""}, {"", ""}, {"yesterday", ""},
	} {
		got, err := NormalizeDate(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("NormalizeDate(%q) = %q, want error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"(312) 555-0142", "+13125550142"}, {"312-555-0142", "+13125550142"}, {"312.555.0142", "+13125550142"},
		{"3125550142", "+13125550142"}, {"1 312 555 0142", "+13125550142"}, {"+13125550142", "+13125550142"},
		{"+44 20 7946 0958", "+442079460958"},
		{"555-0142", ""}, {"(012) 555-0142", ""}, {"312 155 0142", ""}, {"+0123456789", ""}, {"+1234567", ""},
		{"+1234567890123456", ""}, {"312-555-O142", ""}, {"call me", ""},
	} {
		got, err := NormalizePhone(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q, want error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeMBI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1EG4-TE5-MK73", "1EG4TE5MK73"}, {"1eg4te5mk73", "1EG4TE5MK73"}, {"1EG4 TE5 MK73", "1EG4TE5MK73"},
		{"9AA0A00AA00", "9AA0A00AA00"},
		{"0EG4TE5MK73", ""}, // first character 1–9
		{"1SG4TE5MK73", ""}, // S excluded
		{"1EG4TE5MK7", ""},  // 10 characters
		{"1EG4TE5MK733", ""},
		{"1EGATE5MK73", ""}, // position 4 numeric
		{"1EG4TE5M173", ""}, // position 9 alphabetic
		{"1EG4TE5MO73", ""}, // O excluded
	} {
		got, err := NormalizeMBI(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("NormalizeMBI(%q) = %q, want error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeMBI(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestSimpleValidators(t *testing.T) {
	for _, c := range []struct {
		name string
		v    func(string) error
		in   string
		ok   bool
	}{
		{"uuid", ValidUUID, "497f6eca-6276-4993-bfeb-53cbbbba6f08", true},
		{"uuid upper", ValidUUID, "497F6ECA-6276-4993-BFEB-53CBBBBA6F08", true},
		{"uuid nil", ValidUUID, "00000000-0000-0000-0000-000000000000", true},
		{"uuid max", ValidUUID, "ffffffff-ffff-ffff-ffff-ffffffffffff", true},
		{"uuid version 9", ValidUUID, "497f6eca-6276-9993-bfeb-53cbbbba6f08", false},
		{"uuid variant c", ValidUUID, "497f6eca-6276-4993-cfeb-53cbbbba6f08", false},
		{"uuid short", ValidUUID, "497f6eca-6276-4993-bfeb-53cbbbba6f0", false},
		{"uuid trailing newline", ValidUUID, "497f6eca-6276-4993-bfeb-53cbbbba6f08\n", false},
		{"email", ValidEmail, "maria.g@example.com", true},
		{"email plus", ValidEmail, "a+b@mail.example.org", true},
		{"email no at", ValidEmail, "maria.example.com", false},
		{"email no dot", ValidEmail, "maria@localhost", false},
		{"email space", ValidEmail, "ma ria@example.com", false},
		{"email two ats", ValidEmail, "a@b@example.com", false},
		{"ts", ValidTimestamp, "2026-06-17T19:07:23.709Z", true},
		{"ts offset", ValidTimestamp, "2026-06-17T19:07:23-05:00", true},
		{"ts date only", ValidTimestamp, "2026-06-17", false},
		{"ts bad hour", ValidTimestamp, "2026-06-17T25:07:23Z", false},
		{"json obj", ValidJSON, `{"a":[1,2]}`, true},
		{"json str", ValidJSON, `"x"`, true},
		{"json bad", ValidJSON, `{"a":}`, false},
		{"json two values", ValidJSON, `1 2`, false},
	} {
		if err := c.v(c.in); (err == nil) != c.ok {
			t.Errorf("%s: %q → %v, want ok=%v", c.name, c.in, err, c.ok)
		}
	}
}

// Every whole-dollar field understands a leading $; counts refuse $ and
// negative numbers, each with its reason.
func TestIntFieldsDollarsAndCounts(t *testing.T) {
	s := NewSchema()
	for _, c := range []struct{ field, in, want, err string }{
		{"householdIncome", "$52,000", "52000", ""},
		{"annualIncome", "$41,000", "41000", ""},
		{"subsidyAmount", "$412", "412", ""},
		{"dependentCount", "3", "3", ""},
		{"dependentCount", "-3", "", "cannot be negative"},
		{"dependentCount", "$3", "", "without $"},
		{"agentNpn", "-1", "", "cannot be negative"},
	} {
		got, err := Normalize(s.Field(c.field), c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %q: %q, %v; want error %q", c.field, c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %q: %q, %v; want %q", c.field, c.in, got, err, c.want)
		}
	}
}

// A JSON value is refused with a position and a reason, never a character
// of it, and within the limits every JSON parser in ccedit keeps.
func TestValidJSONGivesPositionNotValue(t *testing.T) {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	for _, c := range []struct{ in, want string }{
		{`{"a": secret}`, "not valid JSON: line 1, column 7: an unexpected character where a value should begin"},
		{"{\"a\": 1,\n  \"b\": 'x'}", "not valid JSON: line 2, column 8: an unexpected character where a value should begin"},
		{`{"a": 1`, "not valid JSON: line 1, column 8: ends before the JSON value is complete"},
		{deep, "not accepted as JSON: line 1, column 65: nests deeper than 64 levels"},
		{"[" + strings.Repeat("0,", 200_000) + "0]", "not accepted as JSON: line 1, column 400000: holds more than 200000 values"},
		{`"` + strings.Repeat("x", 4<<20) + `"`, "not accepted as JSON: larger than 4 MiB"},
	} {
		err := ValidJSON(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("%.20q: %v, want %q", c.in, err, c.want)
			continue
		}
		var le *jsonlimit.Error
		if !errors.As(err, &le) {
			t.Errorf("%.20q: %v does not wrap a *jsonlimit.Error", c.in, err)
		}
	}
	if err := ValidJSON(`1 2`); err == nil || !strings.HasPrefix(err.Error(), "not valid JSON: line 1, column ") ||
		!strings.HasSuffix(err.Error(), ": more than one JSON value") {
		t.Errorf("two values: %v", err)
	}
	// The limits hold wherever a value is typed, pasted or loaded.
	s := NewSchema()
	f := s.Field("customData")
	if _, err := ParseInput(f, deep); err == nil || !strings.Contains(err.Error(), "nests deeper than 64 levels") {
		t.Errorf("ParseInput(customData, deep): %v", err)
	}
	base := map[string]json.RawMessage{"customData": json.RawMessage(deep)}
	if v := Decode(f, base["customData"]); v != TextValue(deep) {
		t.Errorf("a deep stored value is not shown as sent: %.30q", v.Text)
	}
	if changes, invalid := Diff(s, base, Edits{"customData": Decode(f, base["customData"])}); len(changes)+len(invalid) != 0 {
		t.Errorf("a deep stored value typed back: %v %v", changes, invalid)
	}
}

// No message of any field repeats what was typed: they may reach standard
// error, and values are health information.
func TestMessagesNeverQuoteTheValue(t *testing.T) {
	const mark = "zqxv"
	s := NewSchema()
	for i := range s.Fields() {
		f := &s.Fields()[i]
		for _, in := range []string{mark, " " + mark + " ", "{" + mark, `{"a": ` + mark + `}`, mark + "@", "1" + mark, "$" + mark,
			"+1" + mark, mark + "/" + mark, strings.Repeat(mark, 70)} {
			// encoding/json quotes one character: 'z'.
			if _, err := ParseInput(f, in); err != nil && (strings.Contains(strings.ToLower(err.Error()), mark) ||
				strings.Contains(err.Error(), "'z'")) {
				t.Errorf("%s %q: %v", f.Name, in, err)
			}
		}
	}
}

func TestNormalizeMBICountsCharacters(t *testing.T) {
	_, err := NormalizeMBI("1EG4TE5MK7é") // 11 characters, 12 bytes
	if err == nil || strings.Contains(err.Error(), "this has") {
		t.Errorf("got %v, want the pattern's reason", err)
	}
}
