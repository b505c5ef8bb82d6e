package workflow

import (
	"context"
	"fmt"
	"slices"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// SaveJob is one save's I/O: read again, merge three ways, PATCH only what
// is still to send, under the host's save lock. It holds a copy of what it
// needs and is safe to run off the face's event loop.
type SaveJob struct {
	client  *apiclient.Client
	locks   Locker
	id      string
	changes []forms.Change
}

// Run saves; pass its result to Session.Finish.
func (j SaveJob) Run(ctx context.Context) SaveResult {
	return Save(ctx, j.client, j.locks, j.id, j.changes)
}

// Changes is what the save will send at most.
func (j SaveJob) Changes() []forms.Change { return j.changes }

// BeginSave starts saving the open record's changes: until Finish, the
// save's outcome is unknown, and the session says so (QuitQuestion,
// Report). ok is false when there is nothing to send.
func (s *Session) BeginSave() (job SaveJob, ok bool) {
	if s.rec == nil || len(s.rec.Changes()) == 0 || len(s.rec.Invalids()) > 0 || s.auditErr != nil {
		return SaveJob{}, false
	}
	changes := append([]forms.Change(nil), s.rec.Changes()...)
	s.inFlight = changes
	return SaveJob{client: s.o.Client, locks: s.o.Locks, id: s.id, changes: changes}, true
}

// Saving reports whether a save is on its way: sent, not answered.
func (s *Session) Saving() bool { return s.inFlight != nil }

// Finished is what a save came to, for the face to show.
type Finished struct {
	Step Step   // StepEdit, or StepConflicts to choose
	Text string // what happened, in words (quotes values: sanitize it)
	// Differ is true when the server stored something other than what was
	// sent (Text says what).
	Differ bool
	// Err is the failure, explained by Explain; nil when it saved or found
	// conflicts. The edits are kept either way.
	Err error
}

// Finish takes the result of the save BeginSave started: a success makes
// the returned record the baseline and writes (or deletes) the draft;
// conflicts are StepConflicts; a failure keeps every edit.
func (s *Session) Finish(res SaveResult) Finished {
	s.inFlight = nil
	// What reached the server is in the audit trail before the agent is
	// told anything (a save is said only once it is recorded). A failure
	// stops later saves (audit); the text says so after a success.
	auditErr := error(nil)
	for _, ev := range SaveEvents(s.id, res) {
		if err := s.audit(ev); err != nil && auditErr == nil {
			auditErr = err
		}
	}
	switch {
	case len(res.Conflicts) > 0:
		s.choosing = &choice{theirs: res.Theirs, conflicts: res.Conflicts, refused: res.Refused}
		s.saved += len(res.Landed)
		return Finished{Step: StepConflicts}
	case res.Err != nil:
		return Finished{Step: StepEdit, Err: res.Err}
	}
	differ := s.rec.AfterSave(res.Cust, res.Saved())
	s.saved += len(res.Sent) + len(res.Landed)
	text := SavedText(res, differ)
	if auditErr != nil {
		text += " But " + auditErr.Error() + ": no more saves are made until it can."
	}
	if err := s.Persist(false); err != nil {
		text += " The draft was not updated (" + DraftReason(err) + ")."
	}
	return Finished{Step: StepEdit, Text: text, Differ: len(differ) > 0}
}

// Saved is how many fields this session saved.
func (s *Session) Saved() int { return s.saved }

// QuitQuestion is what leaving now would do to the open customer's edits,
// and the question to ask.
type QuitQuestion struct {
	Unsaved int    // changed, invalid or held fields
	Problem string // why no draft would keep them; "" when the draft holds them
	Saving  bool   // a save is on its way and its outcome is not known
	Title   string // the question, in words (quotes the problem: sanitize it)
	Demo    bool   // the draft is a demo's, kept only until the demo ends (Words)
	// Answers are the answers on offer, in order.
	Answers []QuitAnswer
}

// Offers reports whether a is one of the answers on offer.
func (q QuitQuestion) Offers(a QuitAnswer) bool { return slices.Contains(q.Answers, a) }

// QuitAnswer is an answer to the quit question.
type QuitAnswer int

// The answers. No answer, or one not understood, asks again.
const (
	QuitAskAgain QuitAnswer = iota
	QuitKeep                // leave; the draft keeps the edits
	QuitDiscard             // leave; the edits and their draft are discarded
	QuitStay                // keep editing
	QuitSave                // review and save now (when no draft would keep them)
	QuitWait                // a save is on its way: wait for it
)

// NeedsAsking reports whether leaving now needs a question: there are
// unsaved edits, or a save whose outcome is not known.
func (s *Session) NeedsAsking() bool {
	return s.inFlight != nil || (s.rec != nil && s.rec.Dirty() > 0)
}

// QuitQuestion says what to ask before leaving. Nothing is said to have
// been sent unless that is known: while a save is on its way, the question
// says its outcome is not known yet.
func (s *Session) QuitQuestion() QuitQuestion {
	q := QuitQuestion{Saving: s.inFlight != nil, Problem: s.DraftProblem(), Demo: s.o.Demo}
	if s.rec != nil {
		q.Unsaved = s.rec.Dirty()
	}
	n := Plural(q.Unsaved, "unsaved change", "unsaved changes")
	until := ""
	if s.o.Demo {
		until = " until this demo ends"
	}
	switch {
	case q.Saving:
		q.Title = fmt.Sprintf("A save of %s is on its way: whether it reached the server is not known yet.",
			Plural(len(s.inFlight), "field", "fields"))
		switch {
		case s.o.DemoEndsOnQuit:
			q.Title += " The demo and its drafts end when you quit: wait for the answer."
			q.Answers = []QuitAnswer{QuitWait}
		case q.Problem == "":
			q.Title += " Leaving now keeps every change in the draft" + until + "; opening the customer again checks the record against it."
			q.Answers = []QuitAnswer{QuitWait, QuitKeep}
		default:
			q.Title += fmt.Sprintf(" No draft holds the changes (%s): wait for the answer.", q.Problem)
			q.Answers = []QuitAnswer{QuitWait}
		}
	case q.Problem != "":
		q.Title = fmt.Sprintf("Quit with %s? No draft holds them (%s): leaving now loses them.", n, q.Problem)
		q.Answers = []QuitAnswer{QuitSave, QuitStay, QuitDiscard}
	case s.o.DemoEndsOnQuit:
		// A draft kept "until the demo ends" would end with this very
		// quit: offering to keep it would be offering nothing.
		q.Title = fmt.Sprintf("Quit with %s? The demo ends when you quit, and its drafts with it: leaving now loses them.", n)
		q.Answers = []QuitAnswer{QuitSave, QuitStay, QuitDiscard}
	default:
		q.Title = fmt.Sprintf("Quit with %s? They are kept in the draft%s; none of them has been sent.", n, until)
		q.Answers = []QuitAnswer{QuitKeep, QuitDiscard, QuitStay}
	}
	return q
}

// AnswerQuit acts on the answer to the quit question: StepQuit to leave,
// StepEdit to stay (and to review, for QuitSave). Discarding deletes the
// draft and counts the changes as discarded for the report.
func (s *Session) AnswerQuit(a QuitAnswer) Step {
	q := s.QuitQuestion()
	switch {
	case !q.Offers(a):
		return StepEdit
	case a == QuitKeep:
		return StepQuit
	case a == QuitDiscard:
		s.discarded = q.Unsaved
		_ = s.audit(Event{Kind: EventDraftDiscarded, CustomerID: s.id, Fields: editNames(s.rec)})
		for i := range s.o.Schema.Fields() {
			s.rec.Revert(i)
		}
		for _, h := range s.rec.Held() {
			s.rec.Drop(h.Field.Name)
		}
		_ = s.Persist(false) // deletes the draft; a failure is in the report
		return StepQuit
	}
	return StepEdit
}
