package workflow

import (
	"errors"
	"fmt"
	"slices"
	"syscall"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

// Session is one agent's session on the customers they open, whatever the
// face: the full screen, the line mode and (without drafts) the commands
// drive it, and none of them decides these rules itself. It owns:
//
//   - opening a customer: its draft lock, and what to ask when another
//     session holds it (Open, AnswerLock);
//   - the draft from an earlier session: what to offer and what each answer
//     does (AnswerDraft), restoring it with the three-way merge;
//   - the edited record and its draft (Record, Persist);
//   - saving (BeginSave, Finish), with the host's save lock;
//   - whether a quit may keep the edits, and what it says (QuitQuestion,
//     AnswerQuit);
//   - switching customer (Open again, CanLeave);
//   - the exit report: what was kept where and the exact command that
//     opens each customer again (Report).
//
// A Session is not safe for concurrent use; BeginSave's job is, and runs
// off the face's event loop.
type Session struct {
	o SessionOptions

	id       string
	rec      *Record             // the record open; nil until one is
	store    *draft.Store        // this customer's drafts: o.Drafts, or nil when it has none
	noDraft  string              // why this customer's edits have no draft; "" when they do
	pending  *apiclient.Customer // loaded, waiting for the lock question's answer
	holder   draft.Holder        // who holds the customer, while asking
	offer    *DraftCheck         // the draft offered, until answered
	choosing *choice             // conflicts to choose, until chosen
	declined bool                // quit at the lock question: the draft there is another's

	left      []left         // customers left this session, in order
	saved     int            // fields saved this session
	discarded int            // unsaved changes the agent discarded on quit
	inFlight  []forms.Change // a PATCH sent and not answered yet
	notices   []string       // said during the session, repeated at the end
	auditErr  error          // the audit trail could not be written: no more saves
	ended     bool           // the end was reported (Report) and audited
}

// SessionOptions configure a Session.
type SessionOptions struct {
	Client *apiclient.Client
	Schema *forms.Schema
	// Drafts keep unsaved edits; nil: this session keeps none (the
	// commands, or a store that could not be opened).
	Drafts *draft.Store
	// Locks is the host's save locks; nil: saves take none.
	Locks Locker
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Zone is where times are said; default time.Local. A function, like
	// Now, so that a face can change it (tests say times in UTC).
	Zone func() *time.Location
	// Reopen is the command that opens a customer again, for the exit
	// report: "ccedit --demo 3f2a…"; nil: "ccedit ID".
	Reopen func(id string) string
	// Audit writes the audit trail; nil: none is kept.
	Audit Auditor
	// Demo says the drafts are a demo's, which last only until the demo
	// ends (its fake API starts afresh every run): the quit question says
	// so.
	Demo bool
	// DemoEndsOnQuit says leaving ends the demo, and its drafts with it
	// (ccedit --demo): the quit question then offers no draft to keep.
	DemoEndsOnQuit bool
}

// left is a customer the session moved on from.
type left struct {
	id, name string
	unsaved  int
	kept     bool // a draft holds every unsaved change
}

// choice is a set of conflicts the agent chooses theirs or mine for.
type choice struct {
	theirs    *apiclient.Customer
	conflicts []forms.Conflict
	restored  *Restored // restoring a draft (else: a save found them)
	refused   bool      // the server kept refusing the save (409/412)
}

// Step is what a face does next after a Session call.
type Step int

// The steps.
const (
	StepEdit      Step = iota // the record is open: edit it (Record)
	StepLocked                // another session holds the customer: ask (Holder, AnswerLock)
	StepDraft                 // a draft from an earlier session: ask (Offer, AnswerDraft)
	StepConflicts             // choose theirs or mine (Conflicts, Choose)
	StepReload                // load the customer again and Open it
	StepQuit                  // the agent chose to leave
)

// NewSession starts a session.
func NewSession(o SessionOptions) *Session {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Zone == nil {
		o.Zone = func() *time.Location { return time.Local }
	}
	if o.Reopen == nil {
		o.Reopen = func(id string) string { return "ccedit " + id }
	}
	if o.Schema == nil {
		o.Schema = forms.NewSchema()
	}
	return &Session{o: o}
}

// UseClient makes later saves go through c: for a face whose connection
// to the API changes during the session.
func (s *Session) UseClient(c *apiclient.Client) { s.o.Client = c }

// ID is the customer open, or being opened; "" before any.
func (s *Session) ID() string { return s.id }

// Record is the record open, or nil while none is.
func (s *Session) Record() *Record { return s.rec }

// Options returns what the session was started with.
func (s *Session) Options() SessionOptions { return s.o }

// Open makes cust, just loaded for id, the customer of the session. A
// different customer open before is left first: its draft written once
// more and its lock released for another session. It returns StepLocked
// when another session holds the customer's draft, StepDraft when there is
// a draft to offer, and StepEdit otherwise. A notice about the draft (one
// moved aside) is in Notice.
func (s *Session) Open(id string, cust *apiclient.Customer) Step {
	if s.rec != nil && s.id != id {
		s.leave()
	}
	s.id, s.rec, s.pending, s.offer, s.choosing, s.declined = id, nil, cust, nil, nil, false
	s.store, s.noDraft = s.o.Drafts, ""
	if !slices.Contains(s.opened(), id) {
		s.left = append(s.left, left{id: id}) // in order of opening; filled in when left
	}
	if s.store != nil {
		var le *draft.LockedError
		if errors.As(s.store.Lock(id), &le) {
			s.holder = le.Holder
			return StepLocked
		}
	}
	return s.openRecord(cust)
}

// opened lists every customer opened this session.
func (s *Session) opened() []string {
	ids := make([]string, len(s.left))
	for i, l := range s.left {
		ids[i] = l.id
	}
	return ids
}

// openRecord starts editing cust and looks for a draft to offer.
func (s *Session) openRecord(cust *apiclient.Customer) Step {
	s.pending = nil
	s.rec = NewRecord(s.o.Schema, cust)
	_ = s.audit(Event{Kind: EventOpen, CustomerID: s.id})
	chk := CheckDraft(s.store, s.o.Schema, s.id)
	if chk.Notice != "" {
		s.notices = append(s.notices, chk.Notice)
	}
	if chk.Draft != nil {
		s.offer = &chk
		return StepDraft
	}
	return StepEdit
}

// Reloaded makes cust, the open customer read again (after a failed load
// was retried), the record's baseline; the agent's edits stay.
func (s *Session) Reloaded(cust *apiclient.Customer) {
	if s.rec != nil {
		s.rec.SetBaseline(cust)
	}
}

// Notice is the last notice about the open customer's draft (one that was
// unreadable or refused and moved aside), or "". It quotes a path: sanitize
// it before drawing.
func (s *Session) Notice() string {
	if len(s.notices) == 0 {
		return ""
	}
	return s.notices[len(s.notices)-1]
}

// leave writes the open customer's draft once more, notes what happened to
// its edits, and releases its lock.
func (s *Session) leave() {
	n := s.rec.Dirty()
	kept := n > 0 && s.store != nil && s.Persist(false) == nil && s.store.Health() == nil
	if kept {
		_ = s.audit(Event{Kind: EventDraftKept, CustomerID: s.id, Fields: editNames(s.rec)})
	}
	for i := range s.left {
		if s.left[i].id == s.id {
			s.left[i].name, s.left[i].unsaved, s.left[i].kept = s.rec.Name(), n, kept
		}
	}
	if s.store != nil {
		s.store.Unlock(s.id) // its draft is complete: another session may take it
	}
}

// editNames lists the API names of a record's unsaved edits (held ones too).
func editNames(r *Record) []string {
	var out []string
	for _, f := range r.Schema().Fields() {
		if _, ok := r.Edits()[f.Name]; ok && (r.Change(f.Name) != nil || r.InvalidErr(f.Name) != nil) {
			out = append(out, f.Name)
		}
	}
	for _, h := range r.Held() {
		out = append(out, h.Field.Name)
	}
	return out
}

// CanLeave says why the open customer cannot be left for another without
// losing edits ("" when it can): no draft would hold them.
func (s *Session) CanLeave() string {
	if s.rec == nil || s.rec.Dirty() == 0 {
		return ""
	}
	return s.DraftProblem()
}

// Persist writes the open record's draft, or deletes it when nothing is
// unsaved; with stage, it only stages the write for the store's next Flush
// (the full screen flushes before the frame that shows the change). A
// customer without a draft writes nothing.
func (s *Session) Persist(stage bool) error {
	switch {
	case s.rec == nil || s.store == nil:
		return nil
	case s.offer != nil || s.choosing != nil && s.choosing.restored != nil:
		// The draft on disk is the one offered or being restored, and the
		// record holds none of its edits yet: writing the record would
		// delete it (a session ending at the offer lost the draft).
		return nil
	case stage:
		StageDraft(s.store, s.id, s.rec, s.o.Now())
		return nil
	}
	return WriteDraft(s.store, s.id, s.rec, s.o.Now())
}

// Drafts is the store holding the open customer's draft, or nil when it
// has none (opened without a draft, or a session without drafts).
func (s *Session) Drafts() *draft.Store { return s.store }

// NoDraft says why the open customer's edits have no draft, "" when they do.
func (s *Session) NoDraft() string { return s.noDraft }

// DraftProblem says why unsaved edits would not be kept if the agent left
// now, or "" when the draft holds them.
func (s *Session) DraftProblem() string {
	switch {
	case s.noDraft != "":
		return s.noDraft
	case s.store == nil:
		return "this session keeps no drafts"
	}
	if err := s.store.Health(); err != nil {
		return "drafts cannot be written: " + DraftReason(err)
	}
	return ""
}

// Holder is who holds the customer's draft, while StepLocked is asked.
func (s *Session) Holder() draft.Holder { return s.holder }

// HolderText says who holds a lock, "pid 4242 on jump1, since Sat 28 Nov
// 14:05" (or "agent dana, since …" in ccedit serve), or "" when the lock
// file did not say.
func (s *Session) HolderText(h draft.Holder) string {
	if h.Agent != "" {
		return "agent " + h.Agent + ", since " + h.Since.In(s.o.Zone()).Format("Mon 2 Jan 15:04")
	}
	if h.PID == 0 {
		return ""
	}
	who := fmt.Sprintf("pid %d", h.PID)
	if h.Host != "" {
		who += " on " + h.Host
	}
	return who + ", since " + h.Since.In(s.o.Zone()).Format("Mon 2 Jan 15:04")
}

// LockAnswer is an answer to "another session has this customer open".
type LockAnswer int

// The answers.
const (
	LockAskAgain         LockAnswer = iota // no answer, or not one of these
	LockOpenWithoutDraft                   // edit, with the edits only in memory
	LockLookAgain                          // the other session may have ended
	LockQuit                               // leave; nothing is touched
)

// AnswerLock acts on the answer to StepLocked: StepEdit opened without a
// draft, StepLocked still held (looked again), StepReload free now (load it
// again, since the other session may have saved), StepQuit.
func (s *Session) AnswerLock(a LockAnswer) Step {
	switch a {
	case LockOpenWithoutDraft:
		s.noDraft = "another ccedit session"
		if who := s.HolderText(s.holder); who != "" {
			s.noDraft += ", " + who + ","
		}
		s.noDraft += " has this customer's draft"
		s.store = nil // nothing of the other's draft is read, written or deleted
		return s.openRecord(s.pending)
	case LockLookAgain:
		var le *draft.LockedError
		if errors.As(s.o.Drafts.Lock(s.id), &le) {
			s.holder = le.Holder
			return StepLocked
		}
		return StepReload
	case LockQuit:
		s.declined = true
		return StepQuit
	}
	return StepLocked
}

// DraftReason is the short cause of a draft failure: the system's words
// for it ("no space left on device"), or the whole error when there are
// none.
func DraftReason(err error) string {
	var le *draft.LockedError
	if errors.As(err, &le) {
		return le.Error()
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return err.Error()
}
