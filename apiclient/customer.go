// Package apiclient talks to the CareCycle customer API: an HTTP client,
// the wire types and typed errors. It uses the standard library only.
package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// Customer is a customer record exactly as the server sent it. Fields keeps
// every key, known or not, with its raw JSON value, so that diffs compare
// against what the server holds and nothing unknown is lost.
type Customer struct {
	Fields map[string]json.RawMessage
	// Raw is the object exactly as the server sent it (white space around
	// it trimmed): key order, spelling and unknown keys as they were, for
	// commands that print the record as data (ccedit get --json).
	Raw          []byte
	ETag         string // from the answer's headers, if the server sent one
	LastModified string
	Status       int // the HTTP status of the answer it came in
}

// DecodeCustomer parses a customer object. It fails on anything that is not
// a JSON object with a string "id", and on a record past
// jsonlimit.Default(): the bounds are checked before anything is built, so
// a record nested ten thousand levels deep costs a scan, not a tree. Its
// errors say what is wrong and where (line and column), never quoting the
// record.
func DecodeCustomer(b []byte) (*Customer, error) {
	if err := jsonlimit.Check(b, jsonlimit.Default()); err != nil {
		return nil, refused("the record", b, err)
	}
	return decodeChecked(b)
}

// decodeChecked is DecodeCustomer for a document already within the
// limits: a page's items are checked with the page, once.
func decodeChecked(b []byte) (*Customer, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, errors.New("empty response body")
	}
	if b[0] != '{' {
		return nil, errors.New("response is not a JSON object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, refused("the record", b, jsonlimit.Describe(b, err))
	}
	c := &Customer{Fields: fields, Raw: b}
	if c.ID() == "" {
		return nil, errors.New(`response has no customer "id"`)
	}
	return c, nil
}

// refused says in plain words why document b, named by what ("the
// record"), was refused and where, from an error of jsonlimit.Check or
// jsonlimit.Describe. An error of any other kind is not repeated: only a
// *jsonlimit.Error is known not to quote the document, which may hold
// health information.
func refused(what string, b []byte, err error) error {
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) == 0 {
		// "ends before the JSON value is complete" would be true; this
		// says it better.
		return errors.New("empty response body")
	}
	var le *jsonlimit.Error
	if !errors.As(err, &le) {
		return fmt.Errorf("%s is not valid JSON", what)
	}
	switch {
	case le.Limit:
		return &jsonError{text: limitText(what, le), err: le}
	case trimmed[0] != '{' && trimmed[0] != '[':
		// An HTML page from a proxy, a bare word: that it is not JSON at
		// all says more than where its first byte is.
		return &jsonError{text: "response is not a JSON object", err: le}
	}
	return &jsonError{text: what + " is not valid JSON: " + le.Reason + where(le), err: le}
}

// limitText says which limit document what passed, and where: "the
// record nests deeper than 64 levels (line 1, column 5)".
func limitText(what string, le *jsonlimit.Error) string {
	if strings.HasPrefix(le.Reason, "larger ") {
		return what + " is " + le.Reason + where(le)
	}
	return what + " " + le.Reason + where(le)
}

// where is " (line 3, column 7)", or "" when e has no position (a
// document too large is refused before it is read).
func where(e *jsonlimit.Error) string {
	if e.Line == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d, column %d)", e.Line, e.Column)
}

// jsonError is a document refused, in words for people; it unwraps to the
// *jsonlimit.Error, whose Offset, Line and Column a program can use.
type jsonError struct {
	text string
	err  *jsonlimit.Error
}

func (e *jsonError) Error() string { return e.text }
func (e *jsonError) Unwrap() error { return e.err }

// ID returns the record's id.
func (c *Customer) ID() string { return c.Str("id") }

// Str returns the named field as a string, or "" when it is null, absent or
// not a string.
func (c *Customer) Str(name string) string {
	s, _ := jsonlimit.String(c.Fields[name])
	return s
}

// DisplayName returns "First Last", falling back to the preferred name, the
// e-mail or the id. The result is raw server data: sanitize before drawing.
func (c *Customer) DisplayName() string {
	first, last := c.Str("firstName"), c.Str("lastName")
	switch {
	case first != "" || last != "":
		return string(bytes.TrimSpace([]byte(first + " " + last)))
	case c.Str("preferredName") != "":
		return c.Str("preferredName")
	case c.Str("email") != "":
		return c.Str("email")
	}
	return c.ID()
}

// Page is one page of GET /v2/customers.
type Page struct {
	ItemsTotal  int         `json:"itemsTotal"`
	CurrentPage int         `json:"currentPage"`
	Items       []*Customer `json:"-"`
}

// decodePage parses a page of GET /v2/customers, after the same check of
// the bounds as DecodeCustomer: fifty records in one answer are no reason
// to accept what one record would be refused for.
func decodePage(b []byte) (*Page, error) {
	if err := jsonlimit.Check(b, jsonlimit.Default()); err != nil {
		return nil, refused("the customer list", b, err)
	}
	var env struct {
		ItemsTotal  int               `json:"itemsTotal"`
		CurrentPage int               `json:"currentPage"`
		Items       []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, shapeError("the customer list", jsonlimit.Describe(b, err))
	}
	p := &Page{ItemsTotal: env.ItemsTotal, CurrentPage: env.CurrentPage}
	for i, raw := range env.Items {
		c, err := decodeChecked(raw)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		p.Items = append(p.Items, c)
	}
	return p, nil
}

// shapeError is valid JSON of the wrong shape (a string where a number
// belongs, an object for the list), said without the value.
func shapeError(what string, err error) error {
	var le *jsonlimit.Error
	if !errors.As(err, &le) {
		return fmt.Errorf("%s is not in the expected shape", what)
	}
	return &jsonError{text: what + " is not in the expected shape: " + le.Reason + where(le), err: le}
}
