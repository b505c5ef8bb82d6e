package workflow

import (
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/forms"
)

// The audit trail (HIPAA §164.312(b)): the session reports what it does to
// customer records to an Auditor, which writes it down. An event names
// the customer and the fields, never a value.

// Event is one thing the session did to a customer record.
type Event struct {
	Kind       EventKind
	CustomerID string
	// Fields are API names: what a save sent (or found there after an
	// answer was lost), what conflicted, what a draft held.
	Fields []string
	// Status is the HTTP status of a save's last PATCH answer; 0 when none
	// was answered.
	Status int
}

// EventKind says what happened.
type EventKind string

// The kinds of events the session reports.
const (
	EventOpen           EventKind = "open"            // a customer was opened for editing
	EventSave           EventKind = "save"            // a save reached the server
	EventSaveFailed     EventKind = "save-failed"     // a save failed (Status says how, when answered)
	EventConflict       EventKind = "conflict"        // a save found fields someone else changed; nothing was sent
	EventDraftKept      EventKind = "draft-kept"      // the session ended with unsaved changes in the draft
	EventDraftDiscarded EventKind = "draft-discarded" // the agent discarded unsaved changes (or a draft)
	EventIdleLogoff     EventKind = "idle-logoff"     // the session ended after the idle timeout
)

// Auditor writes events down. Record returns once the event is on disk: a
// save is reported to the agent only after its event is recorded.
type Auditor interface {
	Record(Event) error
}

// audit records e; a failure is kept (AuditProblem) and stops further
// saves: nothing may be saved that the trail does not hold.
func (s *Session) audit(e Event) error {
	if s.o.Audit == nil {
		return nil
	}
	if err := s.o.Audit.Record(e); err != nil {
		s.auditErr = fmt.Errorf("the audit trail could not be written: %w", err)
		return s.auditErr
	}
	return nil
}

// AuditProblem says why saves are refused: the audit trail could not be
// written. "" when it can.
func (s *Session) AuditProblem() string {
	if s.auditErr == nil {
		return ""
	}
	return s.auditErr.Error()
}

// SaveEvents are the events of one save's result, in order, as every face
// records them: a save for what reached the server (sent and answered, or
// found there after the answer was lost), then a conflict for the fields
// someone else changed, or a save-failed. None for a result that sent
// nothing and found nothing.
func SaveEvents(id string, res SaveResult) []Event {
	var out []Event
	if landed := append(append([]forms.Change(nil), res.Sent...), res.Landed...); len(landed) > 0 {
		out = append(out, Event{Kind: EventSave, CustomerID: id, Fields: fieldNames(landed), Status: res.Status})
	}
	switch {
	case len(res.Conflicts) > 0:
		out = append(out, Event{Kind: EventConflict, CustomerID: id, Fields: conflictNames(res.Conflicts), Status: res.Status})
	case res.Err != nil:
		out = append(out, Event{Kind: EventSaveFailed, CustomerID: id, Status: res.Status})
	}
	return out
}

// fieldNames lists the API names of changes.
func fieldNames(cs ...[]forms.Change) []string {
	var out []string
	for _, list := range cs {
		for _, c := range list {
			out = append(out, c.Field.Name)
		}
	}
	return out
}

// conflictNames lists the API names of conflicts.
func conflictNames(cs []forms.Conflict) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field.Name
	}
	return out
}

// String is the event for a log line of its own: kind, customer, fields.
func (e Event) String() string {
	s := string(e.Kind) + " " + e.CustomerID
	if len(e.Fields) > 0 {
		s += " " + strings.Join(e.Fields, ",")
	}
	if e.Status != 0 {
		s += fmt.Sprintf(" HTTP %d", e.Status)
	}
	return s
}
