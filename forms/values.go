package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// Value is a field's editable value: Text as shown in its editor, or Null.
// Bool fields use "true"/"false"; Enum and USState fields use the exact
// API value.
type Value struct {
	Null bool
	Text string
}

// NullValue is the value of a field that is not set.
func NullValue() Value { return Value{Null: true} }

// TextValue is a value holding s.
func TextValue(s string) Value { return Value{Text: s} }

// Decode turns the raw JSON the server sent for f into an editable Value.
// It never fails: a value of an unexpected type is shown as its JSON text,
// and so is a stored value the field would refuse today (a state
// "Illinois" stays "Illinois"; see Diff for why it is never sent unless
// changed). A JSON value beyond jsonlimit.Default is shown as sent, not
// reformatted.
func Decode(f *Field, raw json.RawMessage) Value {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return NullValue() // before jsonlimit.String, which refuses null
	}
	if f.Kind == JSON {
		var buf bytes.Buffer
		if jsonlimit.Check(raw, jsonlimit.Default()) == nil && json.Compact(&buf, raw) == nil {
			return TextValue(buf.String())
		}
		return TextValue(string(raw))
	}
	switch raw[0] {
	case '"':
		if s, ok := jsonlimit.String(raw); ok {
			return TextValue(s)
		}
	case 't', 'f':
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			if b {
				return TextValue("true")
			}
			return TextValue("false")
		}
	}
	return TextValue(string(raw))
}

// ErrRequired is returned when a field that cannot be null is cleared.
var ErrRequired = errors.New("required: this field can't be cleared")

// Encode validates v for f and returns the JSON to send, normalised the way
// the API stores it ("52,000" → 52000, "(312) 555-0142" → "+13125550142").
// Empty text in a nullable field encodes as null.
func Encode(f *Field, v Value) (json.RawMessage, error) {
	if f.ReadOnly {
		return nil, fmt.Errorf("%s is read-only", f.Name)
	}
	empty := v.Null || (f.Kind == Text && v.Text == "") || (f.Kind != Text && strings.TrimSpace(v.Text) == "")
	if f.Kind == JSON && strings.TrimSpace(v.Text) == "null" {
		empty = true
	}
	if empty {
		if !f.Nullable {
			return nil, ErrRequired
		}
		return json.RawMessage("null"), nil
	}
	text, err := Normalize(f, v.Text)
	if err != nil {
		return nil, err
	}
	switch f.Kind {
	case Bool, Int:
		return json.RawMessage(text), nil
	case JSON:
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(text)); err != nil {
			// Normalize checked it; should that ever differ, the reason
			// still must not quote the value as encoding/json does.
			return nil, fmt.Errorf("not valid JSON: %w", jsonlimit.Describe([]byte(text), err))
		}
		return json.RawMessage(buf.Bytes()), nil
	}
	b, err := json.Marshal(text)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(b), nil
}

// Normalize validates non-empty text for f and returns its stored form.
func Normalize(f *Field, s string) (string, error) {
	switch f.Kind {
	case Text:
		return s, MaxLength(f.MaxLen)(s)
	case Enum:
		for _, o := range f.Options {
			if o == s {
				return s, nil
			}
		}
		return "", fmt.Errorf("must be one of: %s", strings.Join(f.Options, ", "))
	case Bool:
		if s != "true" && s != "false" {
			return "", errors.New("must be Yes or No")
		}
		return s, nil
	case Int:
		if !f.Dollars && strings.Contains(s, "$") {
			return "", errors.New("a plain number, without $")
		}
		n, err := NormalizeInt(s)
		if err == nil && f.Count && strings.HasPrefix(n, "-") {
			return "", errors.New("cannot be negative")
		}
		return n, err
	case Date:
		return NormalizeDate(s)
	case Timestamp:
		s = strings.TrimSpace(s)
		return s, ValidTimestamp(s)
	case UUID:
		s = strings.TrimSpace(s)
		return s, ValidUUID(s)
	case Email:
		s = strings.TrimSpace(s)
		if err := MaxLength(f.MaxLen)(s); err != nil {
			return "", err
		}
		return s, ValidEmail(s)
	case Phone:
		return NormalizePhone(s)
	case MBI:
		return NormalizeMBI(s)
	case JSON:
		return s, ValidJSON(s)
	case USState:
		return NormalizeState(s)
	case ZIPCode:
		return NormalizeZIP(s)
	case TimeZone:
		z, err := NormalizeTimeZone(s)
		if err == nil && f.MaxLen > 0 {
			err = MaxLength(f.MaxLen)(z)
		}
		return z, err
	}
	return "", fmt.Errorf("unknown kind %d", f.Kind)
}

// SameJSON reports whether two JSON texts hold the same value: formatting,
// key order and number spelling (1 vs 1.0) do not matter. A missing value
// (empty input) equals null.
func SameJSON(a, b json.RawMessage) bool {
	va, errA := parseJSON(a)
	vb, errB := parseJSON(b)
	if errA != nil || errB != nil {
		return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
	}
	return sameValue(va, vb)
}

// parseJSON decodes b, which may be a value loaded from the server, after
// checking it against jsonlimit.Default: a value beyond them is compared
// as bytes rather than built.
func parseJSON(b json.RawMessage) (any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	if err := jsonlimit.Check(b, jsonlimit.Default()); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, okx := new(big.Rat).SetString(string(x))
		ry, oky := new(big.Rat).SetString(string(y))
		if !okx || !oky {
			return x == y
		}
		return rx.Cmp(ry) == 0
	default:
		return a == b
	}
}
