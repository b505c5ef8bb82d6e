package forms

import (
	"strings"
	"testing"
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
