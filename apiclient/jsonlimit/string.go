package jsonlimit

import (
	"encoding/json"
	"unicode/utf8"
)

// String decodes a JSON string; ok is false when raw is not one (null
// included). A string
// with no escapes is taken as it is, without a second pass: a 4 MB value is
// read once, not three times. The client and the schema both decode values
// with it, so they agree on every string.
func String(raw []byte) (s string, ok bool) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		body := raw[1 : n-1]
		plain := utf8.Valid(body)
		for _, b := range body {
			if b == '\\' || b == '"' || b < 0x20 {
				plain = false
				break
			}
		}
		if plain {
			return string(body), true
		}
	}
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	return s, json.Unmarshal(raw, &s) == nil
}
