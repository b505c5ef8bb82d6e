package workflow

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// DraftCheck is what CheckDraft found for a customer just loaded.
type DraftCheck struct {
	Draft   *draft.Draft   // nil: nothing to offer
	Changes []forms.Change // what the draft changes against its own base (invalid ones as Change{Field: f})
	Notice  string         // e.g. an unreadable draft kept aside, or "Draft not read: ..."; "" when none
}

// CheckDraft runs when a customer first loads: it finds a draft to offer,
// or says that an unreadable one was kept aside. A draft that changes
// nothing against its own base is deleted, not offered. A nil store gives
// the zero DraftCheck. Notice quotes a path and an error: sanitize it
// before drawing.
func CheckDraft(store *draft.Store, s *forms.Schema, id string) DraftCheck {
	if store == nil {
		return DraftCheck{}
	}
	d, err := store.Load(id)
	var ce *draft.CorruptError
	switch {
	case errors.Is(err, draft.ErrNone):
		return DraftCheck{}
	case errors.As(err, &ce) && ce.Refused:
		return DraftCheck{Notice: "This customer's draft was not used (" + ce.Err.Error() + "); it was moved aside to " + ce.KeptAt}
	case errors.As(err, &ce):
		return DraftCheck{Notice: "The draft for this customer could not be read; it was kept at " + ce.KeptAt}
	case err != nil:
		return DraftCheck{Notice: "Draft not read: " + err.Error()}
	}
	changes, invalid := forms.Diff(s, d.Base, d.FormEdits())
	if len(changes)+len(invalid) == 0 {
		_ = store.Delete(id) // nothing to lose; a failure only means it is checked again next time
		return DraftCheck{}
	}
	for _, in := range invalid {
		changes = append(changes, forms.Change{Field: in.Field})
	}
	return DraftCheck{Draft: d, Changes: changes}
}

// WriteDraft saves r's unsaved edits for customer id, or deletes the draft
// when nothing is unsaved (r.Dirty() is 0). A nil store does nothing. Call
// it after every change, before showing it, so that a dropped link loses
// nothing. The store's errors already say what failed and are returned as
// they are.
func WriteDraft(store *draft.Store, id string, r *Record, now time.Time) error {
	switch {
	case store == nil:
		return nil
	case r.Dirty() == 0:
		return store.Delete(id)
	}
	return store.Save(draftFor(id, r, now))
}

// draftOf is the draft of r's edits. It keeps the loaded value of each
// edited field and nothing else: that is all a restore compares, and less
// health data on disk (and no 4 MB rewrite per key when some other field
// is huge).
func draftFor(id string, r *Record, now time.Time) *draft.Draft {
	edits := r.Edits()
	base := make(map[string]json.RawMessage, len(edits)+1)
	for name := range edits {
		if raw, ok := r.Customer().Fields[name]; ok {
			base[name] = raw
		}
	}
	if v, ok := r.Customer().Fields["id"]; ok {
		base["id"] = v
	}
	return draft.New(id, base, edits, now)
}

// StageDraft is WriteDraft for a caller that flushes the store (Flush)
// before it shows the change: it stages the write, so that of several
// changes shown together only the last is written. The draft holds a copy
// of r's edits, taken now.
func StageDraft(store *draft.Store, id string, r *Record, now time.Time) {
	switch {
	case store == nil:
	case r.Dirty() == 0:
		store.StageDelete(id)
	default:
		store.Stage(draftFor(id, r, now))
	}
}

// Restored is a draft compared with the record as it is now (three-way:
// the draft's base, the current record, the draft's edits).
type Restored struct {
	Apply     forms.Edits      // draft edits to put on the current record (not conflicting; invalid ones included as-is)
	Already   []forms.Change   // the draft's changes the server already holds: dropped
	Conflicts []forms.Conflict // someone else changed these since the draft's base; the agent picks
	Edits     forms.Edits      // every draft edit by API name (to apply a conflict resolved as "mine")
	// Held are draft edits of fields the current record does not send:
	// neither applied nor a conflict (an absent value is not someone
	// else's null), but kept in the draft (Record.Held).
	Held forms.Edits
}

// Restore compares draft d with current, the record as loaded just now.
// Each field the draft changes is still to apply when current holds the
// draft's base value, dropped when current already holds the draft's
// value, and a conflict otherwise. Edits the draft could not send
// (invalid) are applied as they are, for the agent to fix; fields the
// draft touched without changing are not applied, so that someone else's
// change to them stands.
func Restore(s *forms.Schema, d *draft.Draft, current *apiclient.Customer) Restored {
	edits := d.FormEdits()
	held := forms.Edits{}
	for name, v := range edits {
		if f := s.Field(name); f != nil && !f.ReadOnly {
			if _, present := current.Fields[name]; !present {
				held[name] = v
			}
		}
	}
	comparable := forms.Edits{}
	for name, v := range edits {
		if _, h := held[name]; !h {
			comparable[name] = v
		}
	}
	onBase := recordWith(s, &apiclient.Customer{Fields: d.Base}, comparable)
	mg := forms.Merge(onBase.Changes(), current.Fields)
	apply := forms.Edits{}
	for _, ch := range mg.Send {
		apply[ch.Field.Name] = edits[ch.Field.Name]
	}
	for _, in := range onBase.Invalids() {
		apply[in.Field.Name] = edits[in.Field.Name]
	}
	return Restored{Apply: apply, Already: mg.Already, Conflicts: mg.Conflicts, Edits: edits, Held: held}
}

// RestoreInto builds the Record for current with the draft applied:
// rs.Apply, plus rs.Edits[name] for every conflict where keepMine[name] is
// true. Conflicts not kept show current's value, untouched.
func RestoreInto(s *forms.Schema, current *apiclient.Customer, rs Restored, keepMine map[string]bool) *Record {
	edits := forms.Edits{}
	for name, v := range rs.Apply {
		edits[name] = v
	}
	for _, c := range rs.Conflicts {
		if v, ok := rs.Edits[c.Field.Name]; ok && keepMine[c.Field.Name] {
			edits[c.Field.Name] = v
		}
	}
	for name, v := range rs.Held {
		edits[name] = v
	}
	return recordWith(s, current, edits)
}

// recordWith builds a Record on cust with edits set on every field that
// can take them (Editable), recomputing once. An edit of a field cust does
// not send is held (Record.Held), not dropped.
func recordWith(s *forms.Schema, cust *apiclient.Customer, edits forms.Edits) *Record {
	r := NewRecord(s, cust)
	for name, v := range edits {
		i := s.Index(name)
		switch {
		case i < 0 || r.fields[i].f.ReadOnly:
		case r.fields[i].absent:
			r.hold(name, v)
		default:
			r.fields[i].val, r.fields[i].touched = v, true
		}
	}
	r.recompute()
	return r
}
