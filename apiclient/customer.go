// Package apiclient talks to the CareCycle customer API: an HTTP client,
// the wire types and typed errors. It uses the standard library only.
package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
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
}

// DecodeCustomer parses a customer object. It fails on anything that is not
// a JSON object with a string "id".
func DecodeCustomer(b []byte) (*Customer, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, errors.New("empty response body")
	}
	if b[0] != '{' {
		return nil, errors.New("response is not a JSON object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, fmt.Errorf("response is not valid JSON: %w", err)
	}
	c := &Customer{Fields: fields, Raw: b}
	var id string
	if err := json.Unmarshal(fields["id"], &id); err != nil || id == "" {
		return nil, errors.New(`response has no customer "id"`)
	}
	return c, nil
}

// ID returns the record's id.
func (c *Customer) ID() string { return c.Str("id") }

// Str returns the named field as a string, or "" when it is null, absent or
// not a string.
func (c *Customer) Str(name string) string {
	s, _ := JSONString(c.Fields[name])
	return s
}

// JSONString decodes a JSON string; ok is false when raw is not one. A
// string with no escapes is taken as it is, without a second pass: a
// 4 MB value is read once, not three times.
func JSONString(raw []byte) (s string, ok bool) {
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
	return s, json.Unmarshal(raw, &s) == nil
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

func decodePage(b []byte) (*Page, error) {
	var env struct {
		ItemsTotal  int               `json:"itemsTotal"`
		CurrentPage int               `json:"currentPage"`
		Items       []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, fmt.Errorf("response is not a customer list: %w", err)
	}
	p := &Page{ItemsTotal: env.ItemsTotal, CurrentPage: env.CurrentPage}
	for i, raw := range env.Items {
		c, err := DecodeCustomer(raw)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		p.Items = append(p.Items, c)
	}
	return p, nil
}
