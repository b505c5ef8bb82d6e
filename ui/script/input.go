package script

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

// edit is one field to set and the value read for it, with the reason it
// cannot be sent (nil when it can).
type edit struct {
	f     *forms.Field
	v     forms.Value
	err   error
	given string // the value as given, before parsing: hidden in server texts
}

// maxInput caps what is read from a file or standard input: the most the
// client reads of an answer, far more than any record holds.
const maxInput = apiclient.MaxBodyBytes

// inputs gathers the edits of set and diff: FIELD=VALUE arguments, or the
// JSON object in the file from ("-": standard input). A field named twice,
// an unknown field or an unreadable file is bad input; a value that does
// not parse is kept with its error, for check. stdin reports whether
// standard input was read, by any of its names; stdinFor says for what.
type inputs struct {
	e        *env
	edits    []edit
	seen     map[string]bool
	stdin    bool
	stdinFor string
}

func newInputs(e *env) *inputs { return &inputs{e: e, seen: map[string]bool{}} }

// add records the value for the field named name (an API name or label);
// given is the value as it was given, before parsing.
func (in *inputs) add(name, given string, v forms.Value, err error) error {
	f := in.e.field(name)
	if f == nil {
		return fmt.Errorf("there is no field %q (%s)", in.e.safe(strings.TrimSpace(name)), fieldNamesHint)
	}
	if in.seen[f.Name] {
		return fmt.Errorf("%s (%s) is given twice", f.Name, f.Label)
	}
	in.seen[f.Name] = true
	in.edits = append(in.edits, edit{f: f, v: v, err: err, given: given})
	return nil
}

// assignments reads FIELD=VALUE arguments: VALUE as typed, @FILE read from
// a file, @- from standard input (trailing newlines dropped from both).
func (in *inputs) assignments(args []string) error {
	for n, arg := range args {
		name, val, ok := strings.Cut(arg, "=")
		if !ok || strings.TrimSpace(name) == "" {
			// The argument itself is not quoted: it may be a value.
			return fmt.Errorf("argument %d after the customer ID is not FIELD=VALUE", n+1)
		}
		f := in.e.field(name)
		if f != nil && strings.HasPrefix(val, "@") {
			b, err := in.read(val[1:], f.Name, f.Name+"=@-")
			if err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			val = strings.TrimRight(string(b), "\r\n")
		}
		var v forms.Value
		var err error
		if f != nil {
			v, err = parseText(f, val)
		}
		if err := in.add(name, val, v, err); err != nil {
			return err
		}
	}
	return nil
}

// parseText is forms.ParseInput for text that must also be UTF-8, as
// anything typed into the editor is.
func parseText(f *forms.Field, s string) (forms.Value, error) {
	if !utf8.ValidString(s) {
		return forms.TextValue(strings.ToValidUTF8(s, "\uFFFD")), errors.New("not valid UTF-8 text")
	}
	return forms.ParseInput(f, s)
}

// read returns the contents of a file (opened with Options.Open), or of
// standard input by any of its names (IOStreams.isStdin), which is read
// from In and only once: a pipe read a second time gives nothing, and
// nothing would clear a field. what is what the contents are for (a
// field's name), for the message that refuses a second read; stdinForm is
// how to give the same on standard input, for the message that refuses a
// file (FileRefused).
func (in *inputs) read(path, what, stdinForm string) ([]byte, error) {
	var r io.Reader
	stdin := path != "" && in.e.io.isStdin(path)
	switch {
	case path == "":
		return nil, errors.New("@ must be followed by a file name, or - for standard input")
	case stdin && in.stdin:
		name := ""
		if path != "-" {
			name = in.e.safe(path) + " is standard input; "
		}
		return nil, fmt.Errorf("%sstandard input can be read only once, and it was read for %s", name, in.stdinFor)
	case stdin:
		in.stdin, in.stdinFor, r = true, what, in.e.io.In
	default:
		f, err := in.e.openFile(path)
		var refused *FileRefused
		if errors.As(err, &refused) {
			// The name is not repeated: nothing of it was looked at.
			return nil, fmt.Errorf("%s; send it on standard input instead, with %s", refused.Why, stdinForm)
		}
		if err != nil {
			return nil, fmt.Errorf("reading a value: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", readName(path), err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s is larger than %d MiB", readName(path), maxInput>>20)
	}
	return b, nil
}

func readName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// from reads a JSON object of fields to set from a file ("-": standard
// input; stdinForm says how, for read), in the object's order; a key given twice is refused. The
// document is held to jsonlimit.Default before anything is built from it,
// and a problem is placed by line and column: encoding/json's own message
// quotes the character or the number it stopped at, a part of a value.
func (in *inputs) from(path, stdinForm string) error {
	b, err := in.read(path, "--from", stdinForm)
	if err != nil {
		return err
	}
	name := in.e.safe(readName(path))
	if err := jsonlimit.Check(b, jsonlimit.Default()); err != nil {
		if le := (*jsonlimit.Error)(nil); errors.As(err, &le) && le.Limit {
			return fmt.Errorf("%s is not accepted as JSON: %w", name, err)
		}
		return fmt.Errorf("%s is not valid JSON: %w", name, err)
	}
	// One valid JSON value within the limits: the decoder below fails
	// only if that were ever not so, and then quotes nothing (its offsets
	// count from the value it was reading: the place may be approximate).
	invalid := func(err error) error {
		return fmt.Errorf("%s is not valid JSON: %w", name, jsonlimit.Describe(b, err))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("%s does not hold a JSON object of fields to set", name)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return invalid(err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return invalid(err)
		}
		var v forms.Value
		if f := in.e.field(key); f != nil {
			v, err = fromJSON(f, raw)
		}
		if err := in.add(key, givenText(raw), v, err); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return invalid(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s holds more than one JSON value", name)
	}
	return nil
}

// givenText is a --from value as the text it stands for: a string's
// text, anything else as written.
func givenText(raw json.RawMessage) string {
	if s, ok := jsonlimit.String(bytes.TrimSpace(raw)); ok {
		return s
	}
	return string(raw)
}

// fromJSON reads a --from value with the rules of a typed one: a string is
// the text typed (a free-text field takes it exactly, so "null" there is
// the word), a number or true/false is its JSON spelling, null clears; a
// JSON field (customData) takes the JSON value itself.
func fromJSON(f *forms.Field, raw json.RawMessage) (forms.Value, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case f.Kind == forms.JSON:
		return forms.ParseInput(f, string(raw))
	case string(raw) == "null":
		v := forms.NullValue()
		_, err := forms.Encode(f, v)
		return v, err
	case raw[0] == '"':
		s, ok := jsonlimit.String(raw)
		if !ok {
			return forms.Value{}, errors.New("not a valid JSON string")
		}
		if f.Kind == forms.Text {
			v := forms.TextValue(s)
			_, err := forms.Encode(f, v)
			return v, err
		}
		return forms.ParseInput(f, s)
	case raw[0] == '{' || raw[0] == '[':
		return forms.Value{}, errors.New("takes text, a number, true, false or null, not a JSON object or array")
	}
	return forms.ParseInput(f, string(raw))
}
