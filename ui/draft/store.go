package draft

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Store is a drafts directory, held open as a handle. It is safe for
// concurrent use.
type Store struct {
	path  string   // the directory's path, for messages
	dir   *os.File // the directory itself; nil when it could not be opened
	dirfd int
	now   func() time.Time
	fault func(Step) error
	euid  int
	agent string // Options.Agent

	lockPath  string   // where the draft locks are: the directory, or Options.LockDir
	lockDir   *os.File // Options.LockDir held open; nil without one
	lockDirfd int      // the directory the locks are in: dirfd, or lockDir's

	mu     sync.Mutex          // taken after jmu, never before it
	health error               // why the last write failed; nil once one succeeds
	known  map[string]fileID   // per file name: the file this store wrote or read there
	locks  map[string]*os.File // per lock file name: a lock this store holds

	smu    sync.Mutex              // guards staged (apart from mu: a flush writes under mu)
	staged map[string]func() error // per customer: the write the next Flush makes

	jmu      sync.Mutex          // serializes saves; guards journals
	journals map[string]*journal // per file name: the journal this store appends to
}

// fileID tells one file from another, whatever its name.
type fileID struct{ dev, ino uint64 }

func idOf(st *unix.Stat_t) fileID { return fileID{uint64(st.Dev), st.Ino} } //nolint:unconvert // Dev's type varies by platform

// Open is OpenWith with only a clock (nil: time.Now).
func Open(dir string, now func() time.Time) (*Store, error) {
	return OpenWith(dir, Options{Now: now})
}

// OpenWith opens the drafts directory dir, creating it and its parent
// (0700) when missing. It refuses, with an *UnsafeError, a directory or
// parent that is a symlink, is not a directory, belongs to another user,
// or is writable by others (the parent) or open to others at all (the
// directory); the directories above them are the user's. Otherwise it
// returns a Store even when the directory cannot be created or written
// (a read-only or full disk): Health then says why, and writes fail.
func OpenWith(dir string, o Options) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	dir = filepath.Clean(dir)
	s := &Store{path: dir, dirfd: -1, now: o.Now, fault: o.Fault, euid: os.Geteuid(), agent: o.Agent,
		known: map[string]fileID{}, locks: map[string]*os.File{}, journals: map[string]*journal{}}
	d, err := opener{euid: s.euid, step: s.fault}.openChain(dir)
	var ue *UnsafeError
	switch {
	case errors.As(err, &ue):
		return nil, err
	case err != nil:
		s.health = fmt.Errorf("drafts directory %s cannot be written: %w", dir, err)
		return s, nil
	}
	s.dir, s.dirfd = d, int(d.Fd())
	s.lockPath, s.lockDirfd = dir, s.dirfd
	if o.LockDir != "" {
		if err := s.openLockDir(o.LockDir); err != nil {
			d.Close()
			return nil, err
		}
	}
	if err := s.probe(); err != nil {
		s.health = fmt.Errorf("drafts directory %s cannot be written: %w", dir, err)
	}
	return s, nil
}

// probe writes, syncs and removes a file, so that a directory that cannot
// be written is known before the first edit.
func (s *Store) probe() error {
	name, f, err := s.createTemp(".probe-")
	if err != nil {
		return err
	}
	err = s.writeSync(f, []byte("\n"))
	f.Close()
	if err == nil {
		err = s.unlink(name)
	}
	if err == nil {
		err = s.syncDir()
	}
	_ = unix.Unlinkat(s.dirfd, name, 0) // after a failure: best effort
	return err
}

// Health is nil when the last write to the directory (the check at open,
// a draft written or deleted) worked, and otherwise says why it failed:
// the draft on disk does not hold the latest edits.
func (s *Store) Health() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.health
}

func (s *Store) setHealth(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.health = err
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.path }

// Path is the draft file for a customer: a hash of the ID, nothing else.
func (s *Store) Path(id string) string { return filepath.Join(s.path, fileName(id)) }

func hashOf(id string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(id)))
	return hex.EncodeToString(sum[:16])
}

func fileName(id string) string { return hashOf(id) + ".draft" }

// Exists reports whether a draft file is there for the customer.
func (s *Store) Exists(id string) bool {
	if s.dir == nil {
		return false
	}
	var st unix.Stat_t
	return unix.Fstatat(s.dirfd, fileName(id), &st, unix.AT_SYMLINK_NOFOLLOW) == nil
}

// unavailable is the error for a store whose directory is not open.
func (s *Store) unavailable() error {
	if err := s.Health(); err != nil {
		return err
	}
	return fmt.Errorf("drafts directory %s is not open", s.path)
}

// Close releases the store's locks and its directory.
func (s *Store) Close() error {
	s.mu.Lock()
	names := make([]string, 0, len(s.locks))
	for name := range s.locks {
		names = append(names, name)
	}
	s.mu.Unlock()
	for _, name := range names {
		s.unlock(name)
	}
	s.jmu.Lock()
	for name := range s.journals {
		s.closeJournal(name)
	}
	s.jmu.Unlock()
	if s.lockDir != nil {
		s.lockDir.Close()
	}
	if s.dir == nil {
		return nil
	}
	return s.dir.Close()
}

// openLockDir opens Options.LockDir with the drafts directory's checks,
// for the draft locks to live there.
func (s *Store) openLockDir(dir string) error {
	dir = filepath.Clean(dir)
	d, err := opener{euid: s.euid, what: "draft lock directory"}.openChain(dir)
	if err != nil {
		return fmt.Errorf("open the draft lock directory: %w", err)
	}
	s.lockDir, s.lockPath, s.lockDirfd = d, dir, int(d.Fd())
	return nil
}

// ErrTooLarge is a draft whose JSON is larger than a draft may be (8 MiB):
// Save refuses it, and the draft on disk keeps the last edits that fit.
var ErrTooLarge = errors.New("the draft is too large")

// Save writes d atomically and durably, holding the customer's lock: it
// appends a record to the customer's journal (journal.go), or makes a new
// journal when there is none or it is full. A file at the draft's name that
// this store did not write or read is moved aside first, never replaced.
// A draft larger than a record may hold is refused with ErrTooLarge; like
// any failed write, the failure becomes the store's Health.
func (s *Store) Save(d *Draft) error {
	s.unstage(d.CustomerID)
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	if len(b) > maxRecordPayload {
		err := fmt.Errorf("write draft: %w (%d bytes of JSON; a draft holds at most %d MiB)", ErrTooLarge, len(b), maxRecordPayload>>20)
		s.setHealth(err)
		return err
	}
	if err := s.save(d.CustomerID, b); err != nil {
		err = fmt.Errorf("write draft: %w", err)
		s.setHealth(err)
		return err
	}
	s.setHealth(nil)
	return nil
}
