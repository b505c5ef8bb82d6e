// Package jsonlimit bounds the JSON that ccedit accepts from anywhere: an
// answer of the API, a draft file, ccedit set --from, a JSON value typed or
// pasted into a field. Every parser checks a document with Check before it
// builds anything from it, so that no input of any shape (a value nested ten
// thousand levels deep, a million tiny values) costs more than a few
// megabytes or milliseconds to refuse.
//
// Its messages give a position (line and column) and a reason, never a part
// of the document: a document may be a customer record, whose values must
// not reach standard error or a log.
package jsonlimit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bounds one JSON document.
type Limits struct {
	MaxBytes  int // the whole document; 0: no limit
	MaxDepth  int // objects and arrays nested in one another; 0: no limit
	MaxValues int // values of every kind, object keys included; 0: no limit
}

// Default is what ccedit accepts of any JSON document: as large as the
// client reads an answer (4 MiB), 64 levels deep, 200,000 values. A
// customer record needs a tenth of each.
func Default() Limits {
	return Limits{MaxBytes: 4 << 20, MaxDepth: 64, MaxValues: 200_000}
}

// Error is a document refused: too large, too deep, too many values, or not
// JSON. Its text names the position and the reason only.
type Error struct {
	Offset int64  // byte offset of the problem in the document
	Line   int    // 1-based line of Offset
	Column int    // 1-based column of Offset, in bytes
	Reason string // e.g. "nests deeper than 64 levels"; never quotes the document
	// Limit is true when the document passed one of the Limits (rather than
	// not being JSON at all).
	Limit bool
}

// Error says where and why: "line 3, column 7: nests deeper than 64 levels".
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Reason
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Reason)
}

// Check scans b and returns an *Error for the first limit it passes or, when
// it passes none, for a syntax error; nil when b is one valid JSON value
// within l. Its own scan allocates nothing that grows with b.
func Check(b []byte, l Limits) error {
	if l.MaxBytes > 0 && len(b) > l.MaxBytes {
		return &Error{Reason: fmt.Sprintf("larger than %s", size(l.MaxBytes)), Limit: true}
	}
	depth, values := 0, 0
	inString, escaped := false, false
	prevValueStart := true // the last structural byte allows a value next
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			values++
		case '{', '[':
			depth++
			values++
			if l.MaxDepth > 0 && depth > l.MaxDepth {
				return at(b, int64(i), fmt.Sprintf("nests deeper than %d levels", l.MaxDepth), true)
			}
		case '}', ']':
			depth--
		case ' ', '\t', '\r', '\n':
			continue
		case ',', ':':
		default:
			if prevValueStart { // the first byte of a number or a literal
				values++
			}
			prevValueStart = false
			if l.MaxValues > 0 && values > l.MaxValues {
				return at(b, int64(i), fmt.Sprintf("holds more than %d values", l.MaxValues), true)
			}
			continue
		}
		prevValueStart = c != '}' && c != ']' && c != '"'
		if l.MaxValues > 0 && values > l.MaxValues {
			return at(b, int64(i), fmt.Sprintf("holds more than %d values", l.MaxValues), true)
		}
	}
	if json.Valid(b) {
		return nil
	}
	// Decoding into a RawMessage finds where the syntax breaks without
	// building anything but a copy of the bytes read so far.
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	err := dec.Decode(&raw)
	if err == nil {
		// InputOffset is the end of the first value: the place to show
		// is where the second begins.
		off := dec.InputOffset()
		for off < int64(len(b)) && isSpace(b[off]) {
			off++
		}
		return at(b, off, "more than one JSON value", false)
	}
	return Describe(b, err)
}

// Describe turns an error of encoding/json about document b into an *Error
// that gives the position and the kind of problem, without the character or
// value it quotes. Other errors are returned as they are.
func Describe(b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		return at(b, max(se.Offset-1, 0), syntaxReason(se.Error()), false)
	case errors.As(err, &te):
		kind, _, _ := strings.Cut(te.Value, " ") // "number 1e999": the kind, not the value
		article := "a "
		if kind != "" && strings.IndexByte("aeiou", kind[0]) >= 0 { // "an object", "an array"
			article = "an "
		}
		return at(b, te.Offset, article+kind+" where "+te.Type.String()+" belongs", false)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return at(b, int64(len(b)), "ends before the JSON value is complete", false)
	}
	return err
}

// syntaxReason is encoding/json's message without the character it quotes:
// "invalid character 'x' looking for beginning of value" becomes "an
// unexpected character where a value should begin".
func syntaxReason(msg string) string {
	msg = strings.TrimPrefix(msg, "json: ")
	if i := strings.Index(msg, "invalid character "); i >= 0 {
		rest := msg[i+len("invalid character "):]
		// Skip the quoted character, whatever it is ('x', '\'', '\n').
		if j := strings.Index(rest, "' "); j >= 0 {
			rest = rest[j+2:]
		} else {
			rest = ""
		}
		rest = strings.TrimSpace(rest)
		rest = strings.Replace(rest, "looking for beginning of value", "where a value should begin", 1)
		rest = strings.Replace(rest, "looking for beginning of object key string", "where a key in quotes should begin", 1)
		if rest == "" {
			return "an unexpected character"
		}
		return "an unexpected character " + rest
	}
	if strings.Contains(msg, "unexpected end of JSON input") {
		return "ends before the JSON value is complete"
	}
	return "not valid JSON"
}

// isSpace reports whether c is white space between JSON tokens.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// at is an *Error at offset off of b.
func at(b []byte, off int64, reason string, limit bool) *Error {
	line, col := Position(b, off)
	return &Error{Offset: off, Line: line, Column: col, Reason: reason, Limit: limit}
}

// Position is the 1-based line and column (in bytes) of offset off in b;
// an offset past the end is placed just after the last byte.
func Position(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	line, col = 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	return line, col
}

// size says a byte count for people: "4 MiB", "512 KiB", "100 bytes".
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
