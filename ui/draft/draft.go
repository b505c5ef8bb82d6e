// Package draft keeps an agent's unsaved edits on disk so that a dropped SSH
// link or a killed process loses nothing. Each change is written atomically
// (a spare file in the same directory written and fsynced, then swapped
// with the draft in one rename, then an fsync of the directory) to a 0600
// file in a 0700 directory, named by a hash of the customer ID so that no
// name or other customer data appears in paths. The spare keeps the
// previous version, so that later writes allocate no new file (see
// replace).
package draft

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
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

// CorruptError is a draft that could not be read; it was moved aside to
// KeptAt rather than overwritten.
type CorruptError struct {
	KeptAt string
	Err    error
}

// Error says what was wrong and where the unreadable draft was kept.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("the draft could not be read (%v); it was kept at %s", e.Err, e.KeptAt)
}

// Store is a draft directory. Its methods may be called from several
// goroutines: writes to one customer's draft happen one at a time.
type Store struct {
	dir string
	now func() time.Time

	mu     sync.Mutex              // held through every write; guards staged
	staged map[string]func() error // by draft path: the write Flush makes
	base   encodedBase             // the last staged draft's Base, encoded
}

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

// Open creates dir (0700) when missing and refuses a directory that is a
// symlink, belongs to someone else, or is open to group or others.
func Open(dir string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("draft directory %s: %w", dir, err)
	}
	if err := checkPrivate(dir, true); err != nil {
		return nil, err
	}
	return &Store{dir: dir, now: now}, nil
}

// checkPrivate refuses a path that is a symlink, not owned by this user, or
// accessible to group or others.
func checkPrivate(path string, isDir bool) error {
	st, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("draft path %s is a symlink; refusing to use it", path)
	}
	if isDir != st.IsDir() {
		return fmt.Errorf("draft path %s is not a %s", path, map[bool]string{true: "directory", false: "file"}[isDir])
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Getuid() {
		return fmt.Errorf("draft path %s belongs to another user (uid %d); refusing to use it", path, sys.Uid)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("draft path %s is accessible to group or others (mode %04o); run: chmod %s %s",
			path, st.Mode().Perm(), map[bool]string{true: "700", false: "600"}[isDir], path)
	}
	return nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Path is the draft file for a customer: a hash of the ID, nothing else.
func (s *Store) Path(id string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(id)))
	return filepath.Join(s.dir, hex.EncodeToString(sum[:16])+".json")
}

// Save writes d atomically and durably. It replaces anything staged for
// the same customer.
func (s *Store) Save(d *Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.staged, s.Path(d.CustomerID))
	return s.save(d, false)
}

// Stage keeps d to be written by the next Flush, in place of whatever was
// staged for the same customer: of a run of changes made between two
// flushes only the last needs writing. Nothing reaches the disk until
// Flush, so a caller that promises "on disk before shown" flushes before
// showing. A staged draft's Base is encoded once per map and the encoding
// kept for the next drafts made from the same map: it must not change.
func (s *Store) Stage(d *Draft) {
	s.stage(d.CustomerID, func() error { return s.save(d, true) })
}

// StageDelete is Stage for deleting a customer's draft.
func (s *Store) StageDelete(id string) {
	s.stage(id, func() error { return s.delete(id) })
}

func (s *Store) stage(id string, write func() error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.staged == nil {
		s.staged = map[string]func() error{}
	}
	s.staged[s.Path(id)] = write
}

// Flush makes the writes staged since the last Flush, durably, and returns
// the first error. A write that fails stays staged, to be tried again by
// the next Flush, unless a Save, Delete or Stage for the same customer
// replaces it. With nothing staged it touches nothing.
func (s *Store) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for path, write := range s.staged {
		if err := write(); err != nil {
			first = cmp.Or(first, err)
			continue
		}
		delete(s.staged, path)
	}
	return first
}

// save is Save with s.mu held; keepBase: Stage's encoding of d.Base may
// be used and kept (encode).
func (s *Store) save(d *Draft, keepBase bool) error {
	b, err := s.encode(d, keepBase)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	if err := replace(s.Path(d.CustomerID), b); err != nil {
		return fmt.Errorf("write draft: %w", err)
	}
	return syncDir(s.dir)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync draft directory: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync draft directory: %w", err)
	}
	return nil
}

// Load reads a customer's draft: ErrNone when there is none, a
// *CorruptError (the file moved aside) when it cannot be read.
func (s *Store) Load(id string) (*Draft, error) {
	path := s.Path(id)
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return nil, ErrNone
	}
	if err := checkPrivate(path, false); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read draft: %w", err)
	}
	var d Draft
	err = json.Unmarshal(b, &d)
	switch {
	case err != nil:
	case d.Version != version:
		err = fmt.Errorf("unknown draft version %d", d.Version)
	case !strings.EqualFold(d.CustomerID, id):
		err = errors.New("the draft belongs to another customer")
	case d.Base == nil:
		err = errors.New("the draft has no base record")
	}
	if err != nil {
		kept := fmt.Sprintf("%s.corrupt-%d", path, s.now().Unix())
		if rerr := os.Rename(path, kept); rerr != nil {
			return nil, fmt.Errorf("draft unreadable (%v) and could not be moved aside: %w", err, rerr)
		}
		return nil, &CorruptError{KeptAt: kept, Err: err}
	}
	return &d, nil
}

// Delete removes a customer's draft; no draft is not an error. It
// replaces anything staged for the customer.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.staged, s.Path(id))
	return s.delete(id)
}

// delete is Delete with s.mu held.
func (s *Store) delete(id string) error {
	for _, p := range []string{s.Path(id), s.Path(id) + spareSuffix} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("delete draft: %w", err)
		}
	}
	return syncDir(s.dir)
}

// Prune removes drafts (and kept-aside corrupt ones) older than maxAge and
// returns how many went.
func (s *Store) Prune(maxAge time.Duration) (int, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("prune drafts: %w", err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.Contains(e.Name(), ".json") {
			continue
		}
		info, err := e.Info()
		if err != nil || s.now().Sub(info.ModTime()) <= maxAge {
			continue
		}
		if os.Remove(filepath.Join(s.dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}
