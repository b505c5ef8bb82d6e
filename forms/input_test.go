package forms

import (
	"errors"
	"testing"
)

func TestParseInput(t *testing.T) {
	s := NewSchema()
	for _, c := range []struct {
		field, in string
		want      Value
		err       string // "" when accepted
	}{
		// Yes/No fields, any case; null words clear them.
		{"doNotCall", "Yes", TextValue("true"), ""},
		{"doNotCall", " no ", TextValue("false"), ""},
		{"doNotCall", "TRUE", TextValue("true"), ""},
		{"doNotCall", "false", TextValue("false"), ""},
		{"doNotCall", "null", NullValue(), ""},
		{"doNotCall", "Not Set", NullValue(), ""},
		{"doNotCall", "", NullValue(), ""},
		{"doNotCall", "maybe", TextValue("maybe"), "must be Yes or No"},
		{"doNotCall", "y", TextValue("y"), "must be Yes or No"},
		{"testCustomer", "null", NullValue(), ErrRequired.Error()},
		// Lists: the exact API spelling, whatever the case.
		{"status", "active", TextValue("Active"), ""},
		{"qualificationStatus", "PENDING review", TextValue("Pending Review"), ""},
		{"lineType", "fixedvoip", TextValue("fixedVoip"), ""},
		{"status", "NULL", NullValue(), ""},
		{"status", "Act", TextValue("Act"), "must be one of: Lead, Active, Inactive"},
		// Text kinds keep the text; Encode checks it.
		{"annualIncome", "52,000", TextValue("52,000"), ""},
		{"annualIncome", "12.5", TextValue("12.5"), "whole numbers only (no cents or decimals)"},
		{"dateOfBirth", "03/01/2026", TextValue("03/01/2026"), ""},
		{"dateOfBirth", "02/30/2026", TextValue("02/30/2026"), "no such calendar date"},
		{"callerId", "(312) 555-0142", TextValue("(312) 555-0142"), ""},
		{"callerId", "", TextValue(""), ErrRequired.Error()},
		{"callerId", "null", NullValue(), ErrRequired.Error()},
		{"email", "Null", NullValue(), ""},
		{"mbiNumber", "1eg4-te5-mk73", TextValue("1eg4-te5-mk73"), ""},
		{"customData", ` {"a": 1} `, TextValue(` {"a": 1} `), ""},
		{"customData", "null", NullValue(), ""},
		// Free text: only the exact word null clears; spaces are text.
		{"lastName", "null", NullValue(), ""},
		{"lastName", "Null", TextValue("Null"), ""},
		{"lastName", "", TextValue(""), ""},
		{"lastName", "  ", TextValue("  "), ""},
		{"suffix", "a very long suffix that goes on past fifty characters", TextValue("a very long suffix that goes on past fifty characters"),
			"too long: 53 of at most 50 characters"},
		// A state by code or name; a ZIP code and a time zone as typed,
		// checked and saved normalised.
		{"state", " wisconsin ", TextValue("WI"), ""},
		{"state", "Not set", NullValue(), ""},
		{"state", "Wisc", TextValue("Wisc"), "a US state or territory: its two-letter USPS code (WI) or its name"},
		{"postalCode", "606141234", TextValue("606141234"), ""},
		{"postalCode", "6061", TextValue("6061"), "a US ZIP code: 5 digits, or ZIP+4 like 60614-1234"},
		{"postalCode", "null", NullValue(), ""},
		{"timezone", "central", TextValue("central"), ""},
		{"timezone", "not set", NullValue(), ""},
		{"timezone", "Local", TextValue("Local"),
			"not a time zone: try America/Chicago, Central or Europe/London"},
		// Read-only fields take nothing.
		{"createdAt", "2026-06-17T19:07:23Z", TextValue("2026-06-17T19:07:23Z"), "createdAt is read-only"},
	} {
		f := s.Field(c.field)
		got, err := ParseInput(f, c.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != c.want || msg != c.err {
			t.Errorf("ParseInput(%s, %q) = %+v, %q; want %+v, %q", c.field, c.in, got, msg, c.want, c.err)
		}
	}
	if _, err := ParseInput(s.Field("testCustomer"), ""); !errors.Is(err, ErrRequired) {
		t.Errorf("clearing testCustomer: %v", err)
	}
}

// What ParseInput accepts is what Encode sends: the parser adds words, not
// rules.
func TestParseInputAgreesWithEncode(t *testing.T) {
	s := NewSchema()
	for i := range s.Fields() {
		f := &s.Fields()[i]
		if f.ReadOnly {
			continue
		}
		for _, in := range []string{"", "x", "52,000", "true", "Lead", "2026-01-02", "+13125550142", "{}",
			"wisconsin", "606141234", "central", "Local", "not set"} {
			v, err := ParseInput(f, in)
			raw, encErr := Encode(f, v)
			if (err == nil) != (encErr == nil) || (err == nil && raw == nil) {
				t.Errorf("%s %q: ParseInput err %v, Encode %s %v", f.Name, in, err, raw, encErr)
			}
		}
	}
}

func TestMask(t *testing.T) {
	s := NewSchema()
	for _, c := range []struct{ field, in, want string }{
		{"mbiNumber", "1EG4TE5MK73", "*******MK73"},
		{"medicaidNumber", "IL-77120934", "*******0934"},
		{"vaNumber", "12345", "*2345"},
		{"vaNumber", "1234", "****"},
		{"vaNumber", "😀ab😀x", "*ab😀x"},
		{"vaNumber", "", ""},
		{"dateOfBirth", "1956-03-14", "1956-**-**"},
		{"dateOfBirth", "03/14/1956", "**********"},
		{"dateOfBirth", "1956", "****"},
		{"firstName", "Margaret", "Margaret"},
		{"callerId", "+13125550142", "+13125550142"},
	} {
		if got := Mask(s.Field(c.field), c.in); got != c.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", c.field, c.in, got, c.want)
		}
	}
}
