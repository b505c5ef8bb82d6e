package forms

import (
	"encoding/json"
	"testing"
)

// FuzzEncode: for every field and any typed text, Encode never panics, and
// what it accepts is valid JSON that decodes and re-encodes to the same
// value (normalising twice changes nothing) within the field's limits.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"", "52,000", "(312) 555-0142", "03/14/1956", "1eg4-te5-mk73", "😀😀", "\x00\x1b[2J",
		"2026-06-17T19:07:23Z", "497f6eca-6276-4993-bfeb-53cbbbba6f08", `{"a":[1,2]}`, "a@b.co", "\xff", "-2147483648",
		"wisconsin", " d.c.", "606141234", "central", "europe/london", "etc/gmt+5", "Local"} {
		f.Add(s)
	}
	s := NewSchema()
	f.Fuzz(func(t *testing.T, text string) {
		for i := range s.Fields() {
			fd := &s.Fields()[i]
			if fd.ReadOnly {
				continue
			}
			raw, err := Encode(fd, TextValue(text))
			if err != nil {
				continue
			}
			if !json.Valid(raw) {
				t.Fatalf("%s: Encode(%q) = %s, not JSON", fd.Name, text, raw)
			}
			v := Decode(fd, raw)
			again, err := Encode(fd, v)
			if err != nil {
				t.Fatalf("%s: %q encodes to %s, which does not encode again: %v", fd.Name, text, raw, err)
			}
			if !SameJSON(raw, again) {
				t.Fatalf("%s: not idempotent: %s then %s", fd.Name, raw, again)
			}
			if fd.MaxLen > 0 && !v.Null && UTF16Len(v.Text) > fd.MaxLen {
				t.Fatalf("%s: accepted %d units over a limit of %d", fd.Name, UTF16Len(v.Text), fd.MaxLen)
			}
		}
	})
}
