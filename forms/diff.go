package forms

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Change is one field the agent changed: the raw value the server sent
// (Before, nil when the key was absent) and the value to send (After).
type Change struct {
	Field  *Field
	Before json.RawMessage
	After  json.RawMessage
}

// Invalid is an edited field whose value cannot be sent.
type Invalid struct {
	Field *Field
	Err   error
}

// Edits maps API names to the values the agent left in the fields they
// touched. Untouched fields are absent.
type Edits map[string]Value

// Diff compares the agent's edits with the raw record the server sent and
// returns, in display order, the fields that would change and the edited
// fields that are invalid. Read-only and unknown fields are never changes.
// A field whose edited value equals the value decoded from the server (the
// agent typed it back) is unchanged even if the stored value would not pass
// validation today: only what the agent changed is checked and sent.
func Diff(s *Schema, base map[string]json.RawMessage, edits Edits) ([]Change, []Invalid) {
	var changes []Change
	var invalid []Invalid
	for i := range s.fields {
		f := &s.fields[i]
		v, ok := edits[f.Name]
		if !ok || f.ReadOnly {
			continue
		}
		before, present := base[f.Name]
		if v == Decode(f, before) {
			continue
		}
		after, err := Encode(f, v)
		if err != nil {
			invalid = append(invalid, Invalid{Field: f, Err: err})
			continue
		}
		if present && SameJSON(after, before) || !present && string(after) == "null" {
			continue
		}
		changes = append(changes, Change{Field: f, Before: before, After: after})
	}
	return changes, invalid
}

// Patch returns the JSON object holding exactly the changed keys, in display
// order: the PATCH body. No changes give "{}".
func Patch(changes []Change) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range changes {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Field.Name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(c.After)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// CountByGroup returns how many changes fall in each group.
func CountByGroup(changes []Change) map[Group]int {
	m := map[Group]int{}
	for _, c := range changes {
		m[c.Field.Group]++
	}
	return m
}

// RawText shows a raw JSON value in one line of at most w runes (then
// "..."): strings quoted and unescaped, a missing value as null. The
// result is raw data: sanitize it before it reaches a terminal. The line
// mode, the status line and ccedit set all describe values with it.
func RawText(raw []byte, w int) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		s = "null"
	}
	if s[0] == '"' {
		s = `"` + Decode(&Field{Kind: Text}, raw).Text + `"`
	}
	if r := []rune(s); len(r) > w {
		s = string(r[:w]) + "..."
	}
	return s
}
