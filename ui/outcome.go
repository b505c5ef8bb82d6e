package ui

import (
	"errors"
	"os"
	"syscall"
	"time"

	"github.com/carecycle/ccedit/ui/draft"
)

// Outcome is what main reports after the program ends.
type Outcome struct {
	// OtherDrafts are the other customers opened this session and left
	// with unsaved changes in their drafts.
	OtherDrafts []string
	CustomerID  string // the customer open at the end, if any
	Saved       int    // fields saved during the session
	Unsaved     int    // changed or invalid fields left unsaved
	Discarded   bool   // the agent chose to discard them
	// DraftPath is a draft file that is there for the customer: with
	// Unsaved > 0 and NotKept empty it holds every unsaved change; with
	// none unsaved it is an earlier session's, or one that could not be
	// deleted.
	DraftPath string
	// NotKept says why unsaved changes could not be kept in a draft; ""
	// when they were kept, discarded, or there are none.
	NotKept string
	// OldDraft, with NotKept, is a draft that is there but older than the
	// last edits.
	OldDraft   string
	LoadError  error         // the failure the program ended on, if it never loaded
	Signal     os.Signal     // the signal that ended the program, if any
	IdleLogoff time.Duration // > 0: closed after this long without a key pressed
	// InputEnded: the terminal went away (its input ended); Signal is
	// SIGHUP, as if the link had dropped.
	InputEnded bool
	// Dump is the goroutine dump SIGQUIT asked for, taken before the
	// terminal was restored; main prints it.
	Dump []byte
}

// Outcome summarises the session for the exit message.
func (m Model) Outcome() Outcome {
	o := Outcome{CustomerID: m.id, Saved: m.saved, Discarded: m.discard, Signal: m.sig, LoadError: m.loadErr, InputEnded: m.inputEnded}
	if m.c.Drafts != nil {
		_ = m.c.Drafts.Flush() // changes made but not drawn before the program ended
	}
	if m.ed != nil {
		o.Unsaved = m.ed.rec.Dirty()
	}
	if m.idleOut {
		o.IdleLogoff = m.idle.timeout
	}
	store := m.c.Drafts
	if _, asking := m.active.(*lockPrompt); asking || m.noJournal != "" {
		store = nil // the draft there is another session's
	}
	draftOutcome(&o, store, m.noJournal)
	for _, id := range m.opened {
		if id != m.id && hasDraft(m.c, id) {
			o.OtherDrafts = append(o.OtherDrafts, id)
		}
	}
	return o
}

// draftOutcome says where o's unsaved changes are, from the store's state
// at the end: kept in the draft only when the last write worked. noJournal
// is why the session kept no draft at all, if it did not.
func draftOutcome(o *Outcome, store *draft.Store, noJournal string) {
	lost := o.Unsaved > 0 && !o.Discarded
	if store == nil || o.CustomerID == "" {
		if lost {
			o.NotKept = noJournal
			if o.NotKept == "" {
				o.NotKept = "this session keeps no drafts"
			}
		}
		return
	}
	path := ""
	if store.Exists(o.CustomerID) {
		path = store.Path(o.CustomerID)
	}
	health := store.Health()
	switch {
	case !lost:
		o.DraftPath = path
	case health != nil:
		o.NotKept, o.OldDraft = "the draft could not be written: "+reason(health), path
	case path == "":
		o.NotKept = "the draft could not be written"
	default:
		o.DraftPath = path
	}
}

// reason is the short cause of a draft failure: the system's words for it
// ("no space left on device"), or the whole error when there are none.
func reason(err error) string {
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
