package workflow

import (
	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// Record is one customer being edited: the raw baseline as the server sent
// it, the agent's edits, and what is derived from them (the diff, the
// invalid fields, per-group counts), recomputed after every change. Fields
// are addressed by display index, the order of Schema().Fields().
//
// A Record is not safe for concurrent use.
type Record struct {
	s      *forms.Schema
	cust   *apiclient.Customer // the raw baseline, as the server sent it
	name   string              // cust.DisplayName(), derived with the baseline
	fields []fieldState        // parallel to s.Fields()
	// Derived by recompute after every change.
	changes  []forms.Change      // in display order
	invalids []forms.Invalid     // in display order
	changed  map[string]int      // API name → index in changes
	invalid  map[string]error    // API name → why it cannot be sent
	counts   map[forms.Group]int // changed, invalid or held fields per group
	rev      int                 // bumped by every Set and Revert
	// held are edits restored from a draft for fields the server no longer
	// sends: they cannot be shown against a stored value or sent, but they
	// are the agent's, so they stay in the draft until the server sends the
	// field again or the agent drops them by name.
	held map[string]forms.Value
}

// fieldState is one field's value: base is decoded from the raw server
// value; the diff always goes back to that raw value (forms.Diff).
type fieldState struct {
	f       *forms.Field
	base    forms.Value
	val     forms.Value
	touched bool
	// absent: the server did not send this key, so its stored value is
	// unknown and an edit could overwrite data nobody has seen.
	absent bool
}

func (fs *fieldState) setBase(v forms.Value) {
	fs.base = v
	if !fs.touched {
		fs.val = v
	}
}

func (fs *fieldState) revert() { fs.val, fs.touched = fs.base, false }

// NewRecord starts editing cust, with no edits.
func NewRecord(s *forms.Schema, cust *apiclient.Customer) *Record {
	fs := s.Fields()
	r := &Record{s: s, fields: make([]fieldState, len(fs))}
	for i := range fs {
		r.fields[i].f = &fs[i]
	}
	r.SetBaseline(cust)
	return r
}

// Schema is the field table the record is addressed by.
func (r *Record) Schema() *forms.Schema { return r.s }

// Customer is the baseline: the record as the server last sent it.
func (r *Record) Customer() *apiclient.Customer { return r.cust }

// Name is the customer's display name, derived once per baseline. It is raw
// server data: sanitize it before drawing.
func (r *Record) Name() string { return r.name }

// Value is field i's value: the agent's edit when touched, else the value
// decoded from the baseline.
func (r *Record) Value(i int) forms.Value { return r.fields[i].val }

// Base is field i's value decoded from the baseline.
func (r *Record) Base(i int) forms.Value { return r.fields[i].base }

// Touched reports whether the agent has set field i since it was loaded or
// last saved or reverted.
func (r *Record) Touched(i int) bool { return r.fields[i].touched }

// Absent reports whether the server did not send field i (a field that is
// not read-only). Its stored value is unknown, so it is not editable.
func (r *Record) Absent(i int) bool { return r.fields[i].absent }

// Editable reports whether Set may change field i: it is neither read-only
// nor absent.
func (r *Record) Editable(i int) bool { return !r.fields[i].f.ReadOnly && !r.fields[i].absent }

// Set puts the agent's value v in field i, touching it, and recomputes the
// diff. A field that is not Editable is left as it is: callers say why
// (read-only, or not sent by the server) before calling.
func (r *Record) Set(i int, v forms.Value) {
	if !r.Editable(i) {
		return
	}
	r.fields[i].val, r.fields[i].touched = v, true
	r.rev++
	r.recompute()
}

// Revert puts field i back to its baseline value, untouched.
func (r *Record) Revert(i int) {
	r.fields[i].revert()
	r.rev++
	r.recompute()
}

// Edits returns the values of the touched fields by API name, held ones
// included: what the draft keeps.
func (r *Record) Edits() forms.Edits {
	out := r.touchedEdits()
	for name, v := range r.held {
		out[name] = v
	}
	return out
}

// touchedEdits is the values of the touched fields by API name: what the
// diff is made of.
func (r *Record) touchedEdits() forms.Edits {
	out := forms.Edits{}
	for _, fs := range r.fields {
		if fs.touched {
			out[fs.f.Name] = fs.val
		}
	}
	return out
}

// Held returns the edits kept for fields the server no longer sends, in
// display order: in the draft, never sent (see Record.held).
func (r *Record) Held() []forms.Change {
	var out []forms.Change
	for _, fs := range r.fields {
		if v, ok := r.held[fs.f.Name]; ok {
			after, _ := forms.Encode(fs.f, v)
			out = append(out, forms.Change{Field: fs.f, After: after})
		}
	}
	return out
}

// HeldValue returns the held edit of the named field.
func (r *Record) HeldValue(name string) (forms.Value, bool) {
	v, ok := r.held[name]
	return v, ok
}

// Drop discards the held edit of the named field: the agent chose to.
func (r *Record) Drop(name string) {
	if _, ok := r.held[name]; ok {
		delete(r.held, name)
		r.rev++
		r.recompute()
	}
}

// hold keeps v for the named field, which the server does not send.
func (r *Record) hold(name string, v forms.Value) {
	if r.held == nil {
		r.held = map[string]forms.Value{}
	}
	r.held[name] = v
}

// Changes returns the fields that would be sent, in display order. The
// slice is shared: callers must not modify it.
func (r *Record) Changes() []forms.Change { return r.changes }

// Invalids returns the touched fields whose value cannot be sent, in
// display order. The slice is shared: callers must not modify it.
func (r *Record) Invalids() []forms.Invalid { return r.invalids }

// Change returns the pending change of the named field, or nil when it is
// unchanged.
func (r *Record) Change(name string) *forms.Change {
	if i, ok := r.changed[name]; ok {
		return &r.changes[i]
	}
	return nil
}

// InvalidErr returns why the named field's value cannot be sent, or nil
// when it can.
func (r *Record) InvalidErr(name string) error { return r.invalid[name] }

// Count returns how many fields of group g are changed or invalid.
func (r *Record) Count(g forms.Group) int { return r.counts[g] }

// Dirty returns how many fields are changed, invalid or held: what would be
// lost without a save or a draft.
func (r *Record) Dirty() int { return len(r.changes) + len(r.invalids) + len(r.held) }

// Rev is a counter bumped by every Set and Revert, so that a caller can
// tell whether handling some input changed a value (and write the draft).
func (r *Record) Rev() int { return r.rev }

// SetBaseline makes cust the record edits are compared with. Untouched
// fields follow it; touched ones keep the agent's value.
func (r *Record) SetBaseline(cust *apiclient.Customer) {
	r.cust = cust
	r.name = cust.DisplayName()
	for i := range r.fields {
		// A field edited back to the value it had is not the agent's
		// change: it follows the new baseline, or a value someone else
		// saved meanwhile would show as a change that undoes theirs.
		if fs := &r.fields[i]; fs.touched && fs.val == fs.base {
			fs.touched = false
		}
	}
	for i := range r.fields {
		f := r.fields[i].f
		raw, present := cust.Fields[f.Name]
		r.fields[i].absent = !present && !f.ReadOnly
		r.fields[i].setBase(forms.Decode(f, raw))
		// A held edit whose field the server sends again is an edit again,
		// compared with what it now holds.
		if v, ok := r.held[f.Name]; ok && present {
			delete(r.held, f.Name)
			r.fields[i].val, r.fields[i].touched = v, true
		}
	}
	r.recompute()
}

// Rebase makes theirs (the record on the server now) the baseline after a
// conflict. For each conflicting field, keepMine says whether the agent's
// value stays; the others drop the edit and show theirs.
func (r *Record) Rebase(theirs *apiclient.Customer, keepMine map[string]bool) {
	for name, mine := range keepMine {
		if i := r.s.Index(name); i >= 0 && !mine {
			r.fields[i].revert()
		}
	}
	r.SetBaseline(theirs)
}

// AfterSave makes cust, the record the server returned, the baseline and
// clears the edits in sent (pass what the PATCH carried and what was
// already on the server). It returns the fields the server stored
// differently from what was sent: Before is what was sent, After what is
// stored.
func (r *Record) AfterSave(cust *apiclient.Customer, sent []forms.Change) (differ []forms.Change) {
	for _, ch := range sent {
		if i := r.s.Index(ch.Field.Name); i >= 0 {
			r.fields[i].touched = false
		}
		if got, ok := cust.Fields[ch.Field.Name]; !ok || !forms.SameJSON(got, ch.After) {
			differ = append(differ, forms.Change{Field: ch.Field, Before: ch.After, After: got})
		}
	}
	r.SetBaseline(cust)
	return differ
}

// recompute derives the diff, the invalid set and the per-group counts.
func (r *Record) recompute() {
	r.changes, r.invalids = forms.Diff(r.s, r.cust.Fields, r.touchedEdits())
	r.changed = make(map[string]int, len(r.changes))
	for i, c := range r.changes {
		r.changed[c.Field.Name] = i
	}
	r.invalid = make(map[string]error, len(r.invalids))
	r.counts = forms.CountByGroup(r.changes)
	for _, in := range r.invalids {
		r.invalid[in.Field.Name] = in.Err
		r.counts[in.Field.Group]++
	}
	for name := range r.held {
		if f := r.s.Field(name); f != nil {
			r.counts[f.Group]++
		}
	}
}
