package script

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

const getUsage = `ccedit get prints one customer record.

Usage:
  ccedit get [flags] CUSTOMER_ID

The record is printed grouped like the editor: Identity, Contact,
Medicare/Medicaid, Coverage, Consent, Record; a label and a value per line.
MBI, Medicaid and VA numbers show only their last 4 characters and the date
of birth only its year, unless --no-mask. With --json the record is printed
exactly as the server sent it (data: never masked). --fields limits either.

Examples:
  ccedit get 497f6eca-6276-4993-bfeb-53cbbbba6f08
  ccedit get 497f6eca-6276-4993-bfeb-53cbbbba6f08 --fields "first name,lastName,email"
  ccedit get 497f6eca-6276-4993-bfeb-53cbbbba6f08 --json > record.json
  ccedit get --demo 3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01

The API key comes from CARECYCLE_API_KEY or --api-key-file, never a flag value.
Exit status: 0 printed, 1 the API refused or could not be reached, 2 bad input
or configuration.

Flags:
`

func runGet(e *env, args []string) int {
	fs, conn := e.flags(getUsage)
	asJSON := fs.Bool("json", false, "print the record exactly as the server sent it")
	fields := fs.String("fields", "", "print only these `FIELDS`: API names or labels, comma-separated")
	noMask := fs.Bool("no-mask", false, "show identifiers and the date of birth in full")
	id, _, code, ok := e.args(fs, conn, args, 1, 1, "give exactly one CUSTOMER_ID (see ccedit get --help)")
	if !ok {
		return code
	}
	only, ok := e.fieldList(*fields)
	if !ok {
		return ExitUsage
	}
	api, cust, code, ok := e.open(conn, id)
	if !ok {
		return code
	}
	defer api.Close()
	if *asJSON {
		raw, err := pick(cust.Raw, only)
		if err != nil {
			e.errorf("the API sent a record ccedit cannot read: %s", e.safe(err.Error()))
			return ExitAPI
		}
		fmt.Fprintf(e.io.Out, "%s\n", raw)
		return ExitOK
	}
	e.printRecord(cust, only, !*noMask)
	return ExitOK
}

// fieldList reads --fields: API names or labels, comma-separated. An empty
// list (nil) means every field.
func (e *env) fieldList(s string) (map[string]bool, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, true
	}
	only := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		f := e.field(name)
		if f == nil {
			e.errorf("--fields: there is no field %q (%s)", e.safe(strings.TrimSpace(name)), fieldNamesHint)
			return nil, false
		}
		only[f.Name] = true
	}
	return only, true
}

// printRecord prints cust grouped like the editor, one field a line, with
// every value sanitized and, with mask, identifiers masked (forms.Mask).
// only, when not nil, limits the fields.
func (e *env) printRecord(cust *apiclient.Customer, only map[string]bool, mask bool) {
	w := e.io.Out
	fmt.Fprintf(w, "Customer %s (%s)\n", e.safe(cust.DisplayName()), e.safe(cust.ID()))
	fs := e.s.Fields()
	for _, g := range forms.AllGroups() {
		head := false
		for _, i := range e.s.InGroup(g) {
			f := &fs[i]
			if only != nil && !only[f.Name] {
				continue
			}
			if !head {
				fmt.Fprintf(w, "\n%s\n", g)
				head = true
			}
			fmt.Fprintf(w, "  %-26s  %s\n", f.Label, e.display(cust, f, mask))
		}
	}
}

// display is a stored value for people in the words every face uses
// (forms.Say): not set, Yes/No, a state with its name, the text itself
// (masked when asked), sanitized.
func (e *env) display(cust *apiclient.Customer, f *forms.Field, mask bool) string {
	raw, present := cust.Fields[f.Name]
	if !present && !f.ReadOnly {
		return "not sent by the server"
	}
	if !present {
		raw = nil
	}
	if raw == nil {
		raw = []byte("null")
	}
	return e.safe(forms.SayRaw(f, raw, forms.SayOptions{Mask: mask}).Text)
}

// pick returns the JSON object raw with only the keys in only (all when
// only is nil), in the object's own order and with its values byte for
// byte as they were.
func pick(raw []byte, only map[string]bool) ([]byte, error) {
	if only == nil {
		return raw, nil
	}
	// encoding/json's errors quote the character or number they stop at,
	// a part of the record: jsonlimit gives the place instead. Check
	// places a problem in the whole record; the decoder's offsets count
	// from the value it was reading, so after Check it only backs it up.
	if err := jsonlimit.Check(raw, jsonlimit.Default()); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading a key: %w", jsonlimit.Describe(raw, err))
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, fmt.Errorf("reading the value of %q: %w", key, jsonlimit.Describe(raw, err))
		}
		if !only[key] {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key) // a schema field's name: plain ASCII
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
