package workflow

import (
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// Offer is the draft offered at StepDraft: what it changes and when it was
// saved.
func (s *Session) Offer() *DraftCheck { return s.offer }

// DraftAnswer is an answer to "unsaved changes from an earlier session".
type DraftAnswer int

// The answers. Only Restore and Discard act on the draft; no answer, or
// one that is not understood, asks again; the end of input is Keep.
const (
	DraftAskAgain DraftAnswer = iota
	DraftRestore              // put its edits on the record as it is now
	DraftDiscard              // delete it: the agent said so by name
	DraftKeep                 // leave it for later, and quit
)

// AnswerDraft acts on the answer to StepDraft. Restore returns StepEdit
// with the draft's edits on the record as it is now, or StepConflicts when
// someone else changed a field the draft changes too. Discard deletes the
// draft (StepEdit), Keep leaves it (StepQuit). The words say what happened.
func (s *Session) AnswerDraft(a DraftAnswer) (Step, string) {
	switch {
	case s.offer == nil:
		return StepEdit, ""
	case a == DraftRestore:
		rs := Restore(s.o.Schema, s.offer.Draft, s.rec.Customer())
		s.offer = nil
		if len(rs.Conflicts) > 0 {
			s.choosing = &choice{theirs: s.rec.Customer(), conflicts: rs.Conflicts, restored: &rs}
			return StepConflicts, ""
		}
		return StepEdit, s.restore(rs, nil)
	case a == DraftDiscard:
		fields := make([]string, len(s.offer.Changes))
		for i, c := range s.offer.Changes {
			fields[i] = c.Field.Name
		}
		_ = s.audit(Event{Kind: EventDraftDiscarded, CustomerID: s.id, Fields: fields})
		s.offer = nil
		if err := s.store.Delete(s.id); err != nil {
			return StepEdit, "The draft could not be deleted (" + DraftReason(err) + "); it stays where it is."
		}
		return StepEdit, "Draft discarded."
	case a == DraftKeep:
		return StepQuit, ""
	}
	return StepDraft, ""
}

// restore puts a restored draft on the record and writes the draft again
// on it (or deletes it when everything in it is on the server).
func (s *Session) restore(rs Restored, keepMine map[string]bool) string {
	s.rec = RestoreInto(s.o.Schema, s.rec.Customer(), rs, keepMine)
	err := s.Persist(false)
	n := s.rec.Dirty()
	var out []string
	switch {
	case n == 0:
		out = append(out, "The draft's changes are already on the server: nothing left to restore.")
	default:
		out = append(out, fmt.Sprintf("Restored %s from the draft.", Plural(n, "unsaved change", "unsaved changes")))
	}
	if held := s.rec.Held(); len(held) > 0 {
		out = append(out, fmt.Sprintf("%s the server no longer sends (%s): kept in the draft, not sent.",
			Plural(len(held), "edit is for a field", "edits are for fields"), labels(held)))
	}
	if err != nil {
		out = append(out, "The draft was not written again ("+DraftReason(err)+").")
	}
	return strings.Join(out, " ")
}

// labels lists the fields of changes by label.
func labels(cs []forms.Change) string {
	names := make([]string, len(cs))
	for i, ch := range cs {
		names[i] = ch.Field.Label
	}
	return strings.Join(names, ", ")
}

// Conflicts is what StepConflicts asks about: the record someone else
// saved, the fields changed on both sides, and whether the server kept
// refusing the save (409/412) rather than values differing. Restoring says
// whether the conflicts come from a draft being restored (no way back).
func (s *Session) Conflicts() (theirs *apiclient.Customer, cs []forms.Conflict, refused, restoring bool) {
	if s.choosing == nil {
		return nil, nil, false, false
	}
	c := s.choosing
	return c.theirs, c.conflicts, c.refused, c.restored != nil
}

// Choose applies the choices made at StepConflicts: keepMine[field] keeps
// the agent's value, otherwise theirs stands. The record's baseline becomes
// theirs, and the draft follows.
func (s *Session) Choose(keepMine map[string]bool) string {
	c := s.choosing
	if c == nil {
		return ""
	}
	s.choosing = nil
	if c.restored != nil {
		return s.restore(*c.restored, keepMine)
	}
	s.rec.Rebase(c.theirs, keepMine)
	if err := s.Persist(false); err != nil {
		return "The draft was not written (" + DraftReason(err) + ")."
	}
	return ""
}

// CancelChoice leaves the conflicts of a save unchosen: the edits stay as
// they were, and nothing was sent. (A restore's cannot be left.)
func (s *Session) CancelChoice() {
	if s.choosing != nil && s.choosing.restored == nil {
		s.choosing = nil
	}
}

// Drop discards the agent's held edit of a field the server no longer
// sends (Record.Held), by name, and writes the draft.
func (s *Session) Drop(name string) error {
	s.rec.Drop(name)
	return s.Persist(false)
}
