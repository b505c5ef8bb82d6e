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
// non-empty (someone else changed these fields; this round sent nothing),
// or Cust is the record after a successful save.
type SaveResult struct {
	Cust      *apiclient.Customer // the record after a successful save
	Sent      []forms.Change      // what the PATCH carried
	Already   []forms.Change      // already on the server: not sent
	Conflicts []forms.Conflict    // non-empty: someone else changed these; nothing was sent
	Theirs    *apiclient.Customer // the record read when Conflicts were found
	Err       error               // the client's error, as is, for Explain
}

// saveRounds bounds how often a save looks at the record again after a
// conflict answer or an ambiguous failure.
const saveRounds = 3

// Save sends changes without overwriting anyone: it fetches the record,
// applies the three-way rule (forms.Merge), and PATCHes only what is still
// to send. A conflict sends nothing. After an ambiguous failure (the PATCH
// may have been applied) or a 409/412 it looks again instead of re-sending
// blindly: already applied is success, untouched is sent again, changed by
// someone else is a conflict. It makes at most 3 rounds and is bounded by
// twice RequestTimeout.
//
// On success, pass Sent and Already together to Record.AfterSave.
func Save(ctx context.Context, c *apiclient.Client, id string, changes []forms.Change) SaveResult {
	ctx, cancel := context.WithTimeout(ctx, 2*RequestTimeout)
	defer cancel()
	pending := changes
	var already []forms.Change
	var lastErr error
	for round := 0; round < saveRounds; round++ {
		theirs, err := c.GetCustomer(ctx, id)
		if err != nil {
			if lastErr != nil {
				err = lastErr // the save's own failure says more
			}
			return SaveResult{Err: err}
		}
		mg := forms.Merge(pending, theirs.Fields)
		already = append(already, mg.Already...)
		if len(mg.Conflicts) > 0 {
			return SaveResult{Theirs: theirs, Conflicts: mg.Conflicts, Already: already}
		}
		if len(mg.Send) == 0 {
			return SaveResult{Cust: theirs, Already: already}
		}
		cust, err := c.UpdateCustomer(ctx, id, forms.Patch(mg.Send), theirs)
		if err == nil {
			return SaveResult{Cust: cust, Sent: mg.Send, Already: already}
		}
		if !lookAgain(err) {
			return SaveResult{Err: err}
		}
		pending, lastErr = mg.Send, err
	}
	return SaveResult{Err: lastErr}
}

// lookAgain reports whether a PATCH failure leaves the record's state
// unknown or changed: timeouts and resets after sending, 502/504, 409/412.
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
	}
	return false
}

// SavedText says what a save did: the fields sent, those already on the
// server, and those the server stored differently (from
// Record.AfterSave). It quotes values: sanitize it before drawing.
func SavedText(sent, already, differ []forms.Change) string {
	labels := func(cs []forms.Change) string {
		names := make([]string, len(cs))
		for i, ch := range cs {
			names[i] = ch.Field.Label
		}
		return strings.Join(names, ", ")
	}
	var s string
	if len(sent) > 0 {
		s = fmt.Sprintf("Saved %s: %s.", Plural(len(sent), "field", "fields"), labels(sent))
	}
	if len(already) > 0 {
		s += fmt.Sprintf(" Already on the server (saved by someone else), not sent: %s.", labels(already))
	}
	for _, d := range differ {
		s += fmt.Sprintf(" The server stored %s as %s (sent %s).", d.Field.Label, forms.RawText(d.After, 40), forms.RawText(d.Before, 40))
	}
	return strings.TrimSpace(s)
}
