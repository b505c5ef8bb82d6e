// Package draft keeps an agent's unsaved edits on disk so that a dropped SSH
// link or a killed process loses nothing. Each change is written atomically
// and durably (a checksummed record appended to the customer's journal and
// synced; journal.go) to a 0600 file in a 0700 directory, named by a hash of
// the customer ID so that no name or other customer data appears in paths.
//
// The directory is checked link by link when it is opened and then used
// only through a handle (openat and friends), so renaming or swapping a
// directory on its path while ccedit runs cannot redirect a write. A draft
// that cannot be read or is refused is moved aside, never overwritten; a
// file the store did not write or read is never replaced or deleted. Each
// customer's draft is guarded by an advisory lock held by one process.
//
// SaveLocks (savelock.go) is the other lock kept here: held by each save
// of a customer to the API, from its re-read to its PATCH, so that two
// saves on this host never overwrite each other unseen.
package draft

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/carecycle/ccedit/forms"
)

// version is the draft file format.
const version = 1

// MaxAge is how long a draft is kept; older ones are removed at start.
const MaxAge = 7 * 24 * time.Hour

// Draft is what is kept of an unsaved edit: the record as it was loaded
// (the base for the three-way check on restore) and the edited values.
type Draft struct {
	Version    int                        `json:"version"`
	CustomerID string                     `json:"customerId"`
	SavedAt    time.Time                  `json:"savedAt"`
	Base       map[string]json.RawMessage `json:"base"`
	Edits      map[string]Value           `json:"edits"`
}

// Value is a forms.Value on disk.
type Value struct {
	Null bool   `json:"null,omitempty"`
	Text string `json:"text"`
}

// FormEdits returns the draft's edits as forms.Edits.
func (d *Draft) FormEdits() forms.Edits {
	out := forms.Edits{}
	for k, v := range d.Edits {
		out[k] = forms.Value{Null: v.Null, Text: v.Text}
	}
	return out
}

// New builds a draft of edits made on base.
func New(id string, base map[string]json.RawMessage, edits forms.Edits, now time.Time) *Draft {
	d := &Draft{Version: version, CustomerID: id, SavedAt: now.UTC(), Base: base, Edits: map[string]Value{}}
	for k, v := range edits {
		d.Edits[k] = Value{Null: v.Null, Text: v.Text}
	}
	return d
}

// ErrNone means the customer has no draft.
var ErrNone = errors.New("no draft")

// CorruptError is a draft that could not be read, or was refused (a
// symlink, another user's file, a file others can read); it was moved
// aside to KeptAt rather than overwritten.
type CorruptError struct {
	KeptAt string
	Err    error
	// Refused: the file was not read at all, for what it is (Err says
	// what); it may hold a good draft.
	Refused bool
}

// Error says what was wrong and where the draft was kept.
func (e *CorruptError) Error() string {
	if e.Refused {
		return fmt.Sprintf("the draft was not read (%v); it was kept at %s", e.Err, e.KeptAt)
	}
	return fmt.Sprintf("the draft could not be read (%v); it was kept at %s", e.Err, e.KeptAt)
}

// Unwrap returns why the draft was not used.
func (e *CorruptError) Unwrap() error { return e.Err }

// UnsafeError is a draft or save lock directory, or its parent, that
// ccedit refuses to use: a symlink, not a directory, another user's, or
// open to others.
type UnsafeError struct {
	// What the directory is for, e.g. "save lock directory"; empty means
	// "draft directory".
	What    string
	Path    string
	Problem string // e.g. "is a symlink"
	Fix     string // a command that fixes it, if there is one
}

// Error says what is wrong with which directory and how to fix it.
func (e *UnsafeError) Error() string {
	what := e.What
	if what == "" {
		what = "draft directory"
	}
	s := fmt.Sprintf("%s %s %s; refusing to use it", what, e.Path, e.Problem)
	if e.Fix != "" {
		s += "; run: " + e.Fix
	}
	return s
}

// Options configures OpenWith.
type Options struct {
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Fault, when set, is called before each step that writes to the
	// drafts directory (the step names are the Step constants) and fails
	// the step with the error it returns, as the filesystem would: tests
	// use it for a read-only or full disk. Locks are not faulted.
	Fault func(step Step) error
	// Agent names who holds this store's locks, for another session to
	// say (ccedit serve: the agent's name); "" for a local session, which
	// is named by its process.
	Agent string
	// LockDir, when set, is where the customers' draft locks live instead
	// of the drafts directory: ccedit serve gives each agent a drafts
	// directory of their own and every agent the same LockDir, so that
	// two agents on one customer exclude each other and see who has it.
	// It is opened and checked as the drafts directory is (an unsafe one
	// is an *UnsafeError).
	LockDir string
}

// Step names a write step for Options.Fault.
type Step string

// The write steps, in the order a save makes them.
const (
	StepMkdir   Step = "mkdir"   // create a directory on the path
	StepCreate  Step = "create"  // create a temporary file
	StepWrite   Step = "write"   // write it
	StepSync    Step = "sync"    // fsync it
	StepRename  Step = "rename"  // rename it into place, or move a draft aside
	StepRemove  Step = "remove"  // delete a draft or a temporary file
	StepSyncDir Step = "syncdir" // fsync the directory
)

// DefaultDir is $XDG_STATE_HOME/ccedit/<sub>, else ~/.local/state/ccedit/<sub>.
func DefaultDir(getenv func(string) string, sub string) (string, error) {
	if x := getenv("XDG_STATE_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "ccedit", sub), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the draft directory: %w", err)
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "ccedit", sub), nil
}
