package forms

import "strings"

// ParseInput turns what a person typed for f into the Value the editor
// holds, and the reason that value cannot be sent (nil when it can). It is
// the one parser behind the line mode's answers and `ccedit set`, so both
// accept the same text and give the same message.
//
//   - Yes/No fields take Yes, No, true or false; list fields take one of
//     their values, returned in its exact API spelling; both in any case.
//     A state takes its USPS code or its name ("wisconsin" gives "WI").
//     An empty answer, null or "not set" (in any case) clears them.
//   - Every other field keeps the text as typed, checked and normalised
//     the way Encode does it ("52,000", "03/01/2026", "(312) 555-0142",
//     "606141234", "central"). Empty text clears a nullable field, and so
//     does null: in a free-text field only the exact word "null" (a name
//     like "Null" stays a name), elsewhere in any case and with
//     surrounding spaces. An open list (a time zone) is cleared by "not
//     set" too, as a list is.
//
// Clearing a field that cannot be null gives ErrRequired. A read-only
// field gives an error whatever the text. The Value is returned even with
// an error, so that a caller can tell a value typed back unchanged, which
// the editor accepts as it is (see Diff).
func ParseInput(f *Field, s string) (Value, error) {
	var v Value
	switch f.Kind {
	case Bool, Enum, USState:
		v = parseChoice(f, s)
	case Text:
		v = TextValue(s)
		if s == "null" {
			v = NullValue()
		}
	default:
		v = TextValue(s)
		t := strings.TrimSpace(s)
		if strings.EqualFold(t, "null") || f.Open && strings.EqualFold(t, "not set") {
			v = NullValue()
		}
	}
	_, err := Encode(f, v)
	return v, err
}

// parseChoice picks the choice s names: Yes/No/true/false for booleans, an
// option in any case for lists (for a state, its code or its name), and
// null for an empty answer, "null" or "not set". Anything else is returned
// as typed, for Encode to refuse with the field's own message.
func parseChoice(f *Field, s string) Value {
	t := strings.TrimSpace(s)
	switch {
	case t == "", strings.EqualFold(t, "null"), strings.EqualFold(t, "not set"):
		return NullValue()
	case f.Kind == Bool && (strings.EqualFold(t, "yes") || strings.EqualFold(t, "true")):
		return TextValue("true")
	case f.Kind == Bool && (strings.EqualFold(t, "no") || strings.EqualFold(t, "false")):
		return TextValue("false")
	case f.Kind == USState:
		if code, err := NormalizeState(t); err == nil {
			return TextValue(code)
		}
		return TextValue(s)
	}
	for _, o := range f.Options {
		if strings.EqualFold(t, o) {
			return TextValue(o)
		}
	}
	return TextValue(s)
}

// maskChar stands for a hidden character: ASCII, so that a masked value
// reads the same in every locale.
const maskChar = '*'

// Mask hides what an identifier or a birth date gives away, for showing a
// record to someone who only needs to recognise it. MBI, Medicaid and VA
// numbers keep their last 4 characters and show * for each of the others
// (a value of 4 characters or fewer is hidden whole); a date of birth keeps
// its year ("1956-**-**"; a value that does not start with a year is
// hidden whole). Every other field, and empty text, is returned unchanged.
// s is the field's text (Value.Text); the result still holds raw data and
// must be sanitized before it is drawn. `ccedit get` and the editor share
// this rule.
func Mask(f *Field, s string) string {
	switch {
	case s == "":
		return s
	case f.Name != "mbiNumber" && f.Name != "medicaidNumber" && f.Name != "vaNumber" && f.Name != "dateOfBirth":
		return s // before any copy: this runs for every field on every frame
	}
	r := []rune(s)
	switch f.Name {
	case "mbiNumber", "medicaidNumber", "vaNumber":
		keep := 4
		if len(r) <= keep {
			keep = 0
		}
		return strings.Repeat(string(maskChar), len(r)-keep) + string(r[len(r)-keep:])
	case "dateOfBirth":
		if len(r) > 4 && isDigits(r[:4]) {
			out := append([]rune(nil), r[:4]...)
			for _, c := range r[4:] {
				if c == '-' || c == '/' {
					out = append(out, c)
				} else {
					out = append(out, maskChar)
				}
			}
			return string(out)
		}
		return strings.Repeat(string(maskChar), len(r))
	}
	return s
}

func isDigits(r []rune) bool {
	for _, c := range r {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
