package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// SaveResult is the outcome of Save. Exactly one of these holds: Err is
// set (the save failed; the edits are the caller's to keep), Conflicts is
// non-empty (someone else changed these fields, or the server kept refusing
// the save as out of date; this round sent nothing), or Cust is the record
// after a successful save.
type SaveResult struct {
	Cust *apiclient.Customer // the record after a successful save
	Sent []forms.Change      // what the PATCH that was answered carried
	// Landed is what an earlier PATCH of this save carried whose answer was
	// lost (a timeout, a reset, a 502/504): the record, read again, holds
	// it, so the save reached the server.
	Landed    []forms.Change
	Already   []forms.Change      // already on the server, put there by someone else: not sent
	Conflicts []forms.Conflict    // non-empty: the agent chooses; nothing was sent
	Refused   bool                // Conflicts because the server kept answering 409/412, not because values differ
	Theirs    *apiclient.Customer // the record read when Conflicts were found
	Err       error               // the client's error, as is, for Explain
	// Status is the HTTP status of the last PATCH's answer, for the audit
	// trail; 0 when no PATCH was answered.
	Status int
}

// Saved is every change the server now holds because of this save or
// someone else's: pass it to Record.AfterSave.
func (r SaveResult) Saved() []forms.Change {
	return append(append(append([]forms.Change(nil), r.Sent...), r.Landed...), r.Already...)
}

// saveRounds bounds how often a save looks at the record again after a
// conflict answer or an ambiguous failure.
const saveRounds = 3

// Locker takes a customer's save lock, shared by every save on this host
// (draft.SaveLocks): held from the save's first read of the record until
// its last PATCH is answered, so that two saves of one customer cannot both
// read the old value and both overwrite it. A nil Locker locks nothing.
type Locker interface {
	Lock(ctx context.Context, id string) (release func(), err error)
}

// Save sends changes without overwriting anyone: it fetches the record,
// applies the three-way rule (forms.Merge), and PATCHes only what is still
// to send. A conflict sends nothing. After an ambiguous failure (the PATCH
// may have been applied) or a 409/412 it looks again instead of re-sending
// blindly: already applied is success (Landed after an ambiguous failure),
// untouched is sent again, changed by someone else is a conflict. It makes
// at most 3 rounds and is bounded by twice RequestTimeout; when the server
// answered 409/412 every time, the fields still to send go to the agent as
// conflicts (Refused), since the record keeps changing under the save.
//
// A record read or returned for another customer is an error
// (apiclient.KindWrongRecord), returned as it is.
//
// It holds the customer's save lock (locks, when not nil) throughout, so
// that another save on this host reads the record only after this one is
// answered. A PATCH answered without every field it sent is followed by a
// read of the record, so that what the server stored is known, not assumed.
//
// On success, pass Saved() to Record.AfterSave.
func Save(ctx context.Context, c *apiclient.Client, locks Locker, id string, changes []forms.Change) SaveResult {
	ctx, cancel := context.WithTimeout(ctx, 2*RequestTimeout)
	defer cancel()
	if locks != nil {
		release, err := locks.Lock(ctx, id)
		if err != nil {
			return SaveResult{Err: &LockError{Err: err}}
		}
		defer release()
	}
	pending := changes
	var already, landed []forms.Change
	var lastErr error
	lastStatus := 0
	var theirs *apiclient.Customer
	mayHaveLanded := false // the last PATCH failed after it may have been applied
	for round := 0; round < saveRounds; round++ {
		var err error
		theirs, err = c.GetCustomer(ctx, id)
		if err != nil {
			if e, ok := apiclient.AsError(err); lastErr != nil && (!ok || e.Kind != apiclient.KindWrongRecord) {
				err = lastErr // the save's own failure says more
			}
			return SaveResult{Err: err}
		}
		mg := forms.Merge(pending, theirs.Fields)
		if mayHaveLanded {
			landed = append(landed, mg.Already...) // what this save sent is there
		} else {
			already = append(already, mg.Already...)
		}
		if len(mg.Conflicts) > 0 {
			return SaveResult{Theirs: theirs, Conflicts: mg.Conflicts, Already: already, Landed: landed, Status: lastStatus}
		}
		if len(mg.Send) == 0 {
			return SaveResult{Cust: theirs, Already: already, Landed: landed, Status: lastStatus}
		}
		cust, err := c.UpdateCustomer(ctx, id, forms.Patch(mg.Send), theirs)
		status := 0
		if e, ok := apiclient.AsError(err); ok {
			status = e.Status
		} else if err == nil {
			status = cust.Status
		}
		if err == nil {
			if omits(cust, mg.Send) {
				// What the server stored there is unknown from this answer:
				// read it rather than report it as null.
				if again, err := c.GetCustomer(ctx, id); err == nil {
					cust = again
				}
			}
			return SaveResult{Cust: cust, Sent: mg.Send, Already: already, Landed: landed, Status: status}
		}
		if !lookAgain(err) {
			return SaveResult{Err: err, Status: status}
		}
		pending, lastErr, lastStatus = mg.Send, err, status
		mayHaveLanded = !refused(err)
	}
	if refused(lastErr) {
		cs := make([]forms.Conflict, len(pending))
		for i, ch := range pending {
			t, ok := theirs.Fields[ch.Field.Name]
			if !ok {
				t = []byte("null")
			}
			cs[i] = forms.Conflict{Field: ch.Field, Base: ch.Before, Theirs: t, Mine: ch.After}
		}
		return SaveResult{Theirs: theirs, Conflicts: cs, Refused: true, Already: already, Landed: landed, Status: lastStatus}
	}
	return SaveResult{Err: lastErr, Status: lastStatus}
}

// omits reports whether cust lacks a field of changes.
func omits(cust *apiclient.Customer, changes []forms.Change) bool {
	for _, ch := range changes {
		if _, ok := cust.Fields[ch.Field.Name]; !ok {
			return true
		}
	}
	return false
}

// LockError is a save that did not start: another save of the customer on
// this host held its save lock for longer than the save could wait.
type LockError struct{ Err error }

// Error says so.
func (e *LockError) Error() string {
	return "another save of this customer on this computer did not finish in time: " + e.Err.Error()
}

// Unwrap returns the lock's error.
func (e *LockError) Unwrap() error { return e.Err }

// refused reports whether err is the server refusing a PATCH as out of
// date (409/412): nothing was applied.
func refused(err error) bool {
	e, ok := apiclient.AsError(err)
	return ok && e.Kind == apiclient.KindConflict
}

// lookAgain reports whether a PATCH failure leaves the record's state
// unknown or changed: timeouts and resets after sending, 502/504, 409/412,
// and a 2xx whose body cannot be read (204, empty, a proxy's HTML page):
// the server accepted something, and only the record says what.
func lookAgain(err error) bool {
	e, ok := apiclient.AsError(err)
	if !ok {
		return false
	}
	switch {
	case e.Kind == apiclient.KindConflict:
		return true
	case e.Kind == apiclient.KindNetwork && e.Sent:
		return true
	case e.Kind == apiclient.KindServer && (e.Status == 502 || e.Status == 504):
		return true
	case e.Kind == apiclient.KindBadResponse && e.Sent && e.Status >= 200 && e.Status < 300:
		return true
	}
	return false
}

// SavedText says what a save did: the fields sent (and whether an answer
// was lost on the way), those someone else had already saved, and those
// the server stored differently (differ, from Record.AfterSave). It quotes
// values: sanitize it before drawing.
func SavedText(res SaveResult, differ []forms.Change) string {
	labels := func(cs []forms.Change) string {
		names := make([]string, len(cs))
		for i, ch := range cs {
			names[i] = ch.Field.Label
		}
		return strings.Join(names, ", ")
	}
	var s string
	if saved := append(append([]forms.Change(nil), res.Sent...), res.Landed...); len(saved) > 0 {
		s = fmt.Sprintf("Saved %s: %s.", Plural(len(saved), "field", "fields"), labels(saved))
	}
	if len(res.Landed) > 0 {
		s += " The server's answer was lost on the way, but the record read again shows the save reached it."
	}
	if len(res.Already) > 0 {
		s += fmt.Sprintf(" Already on the server (saved by someone else), not sent: %s.", labels(res.Already))
	}
	for _, d := range differ {
		if d.After == nil {
			s += fmt.Sprintf(" The server did not send %s back, so what it stored there is not known.", d.Field.Label)
			continue
		}
		s += fmt.Sprintf(" The server stored %s as %s (sent %s).", d.Field.Label, forms.RawText(d.After, 40), forms.RawText(d.Before, 40))
	}
	return strings.TrimSpace(s)
}
