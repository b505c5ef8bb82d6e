package script

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// A server's text may quote the value it refused ("email: 'bob@@x' is not
// an email"), and an issue's message is no different; a Go error may quote
// a part of a document. Standard error must not hold a record value, so
// such texts pass through a redactor that knows the values this command
// gave, sent and loaded for the fields it changes, and hides each of them
// (…).
//
// The rule, for the values (trimmed; empty ones are not values):
//
//   - a value of shortValue characters or more is hidden wherever it
//     stands, in any case (ASCII case only: the server may lower-case an
//     e-mail address, and folding only ASCII keeps every position in the
//     folded text where it is in the original);
//   - a shorter value is hidden only where it stands alone: no letter or
//     digit right before or after it. Hiding "1" or "Jo" wherever they
//     stand would take the digits of "HTTP 422" and the start of "Jones"
//     with them, and a short value runs into other text only by chance;
//     a server that quotes it sets it apart ('1', "Jo", `: 1,`). A value
//     already hidden next to it counts as apart.
//
// Overlapping and adjacent values are hidden as one.

// shortValue is the length, in characters, from which a value is hidden
// wherever it stands (see above).
const shortValue = 4

// redactor holds the values of one command to hide in texts it did not
// write. The zero redactor hides nothing.
type redactor struct {
	values map[string]bool // trimmed, ASCII-folded (foldASCII)
}

// add makes s one of the values to hide, and also its JSON spelling (what
// a server that quotes the body it got would show), when that differs.
func (r *redactor) add(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if r.values == nil {
		r.values = map[string]bool{}
	}
	r.values[foldASCII(s)] = true
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)  // as JavaScript's JSON.stringify writes it
	if enc.Encode(s) == nil { // "…"\n: the text between the quotes
		if q := strings.TrimSpace(b.String()); len(q) >= 2 && q[1:len(q)-1] != s {
			r.values[foldASCII(q[1:len(q)-1])] = true
		}
	}
}

// addJSON adds the values of a field's raw JSON: a string's text, a number
// as written, and every string inside an object or array (customData's);
// not the keys, which are names, nor true, false or null.
func (r *redactor) addJSON(raw []byte) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	switch c := raw[0]; {
	case c == '"':
		if s, ok := jsonlimit.String(raw); ok {
			r.add(s)
		}
		return
	case c == '-' || c >= '0' && c <= '9':
		r.add(string(raw))
		return
	case c != '{' && c != '[':
		return
	}
	if jsonlimit.Check(raw, jsonlimit.Default()) != nil {
		return // never built: nothing of it was sent or shown either
	}
	var v any
	if json.Unmarshal(raw, &v) == nil {
		r.addStrings(v)
	}
}

// addStrings adds every string in a decoded JSON value.
func (r *redactor) addStrings(v any) {
	switch v := v.(type) {
	case string:
		r.add(v)
	case []any:
		for _, x := range v {
			r.addStrings(x)
		}
	case map[string]any:
		for _, x := range v {
			r.addStrings(x)
		}
	}
}

// split cuts s around every value it holds, by the rule above: the pieces
// of s between hidden values, in order, to be joined with an ellipsis. It
// returns s alone when nothing in it is hidden.
func (r *redactor) split(s string) []string {
	if len(r.values) == 0 || s == "" {
		return []string{s}
	}
	low := foldASCII(s)
	hide := make([]bool, len(s))
	hidden := false
	// Long values first: a short one next to a hidden one stands alone
	// ("EvanstonJo" hides both). Within a pass the order does not matter.
	for _, short := range []bool{false, true} {
		for v := range r.values {
			if len(v) > len(s) || (utf8.RuneCountInString(v) < shortValue) != short {
				continue
			}
			for i := 0; ; {
				j := strings.Index(low[i:], v)
				if j < 0 {
					break
				}
				start, end := i+j, i+j+len(v)
				if !short || alone(s, hide, start, end) {
					for k := start; k < end; k++ {
						hide[k] = true
					}
					hidden = true
				}
				i = start + 1
			}
		}
	}
	if !hidden {
		return []string{s}
	}
	var pieces []string
	from := 0
	for k := 0; k < len(s); {
		if !hide[k] {
			k++
			continue
		}
		pieces = append(pieces, s[from:k])
		for k < len(s) && hide[k] {
			k++
		}
		from = k
	}
	return append(pieces, s[from:])
}

// alone reports whether s[start:end] has no letter or digit right before
// or after it that is not itself hidden.
func alone(s string, hide []bool, start, end int) bool {
	if c, _ := utf8.DecodeLastRuneInString(s[:start]); start > 0 && !hide[start-1] && isWordRune(c) {
		return false
	}
	if c, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && !hide[end] && isWordRune(c) {
		return false
	}
	return true
}

func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// foldASCII lower-cases the ASCII letters of s and nothing else, so that
// every byte stays where it was.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
