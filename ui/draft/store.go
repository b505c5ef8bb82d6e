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
	s := &Store{path: dir, dirfd: -1, now: o.Now, fault: o.Fault, euid: os.Geteuid(),
		known: map[string]fileID{}, locks: map[string]*os.File{}, journals: map[string]*journal{}}
	d, err := s.openChain(dir)
	var ue *UnsafeError
	switch {
	case errors.As(err, &ue):
		return nil, err
	case err != nil:
		s.health = fmt.Errorf("drafts directory %s cannot be written: %w", dir, err)
		return s, nil
	}
	s.dir, s.dirfd = d, int(d.Fd())
	if err := s.probe(); err != nil {
		s.health = fmt.Errorf("drafts directory %s cannot be written: %w", dir, err)
	}
	return s, nil
}

// openChain opens the directory above dir's parent as the user has it (a
// symlink there is the user's choice), then creates and opens the last two
// links, ccedit's own, one at a time without following symlinks, checking
// each through its handle.
func (s *Store) openChain(dir string) (*os.File, error) {
	parent := filepath.Dir(dir)
	base := filepath.Dir(parent)
	if _, err := os.Stat(base); err != nil {
		if err := s.step(StepMkdir); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(base, 0o700); err != nil {
			return nil, err
		}
	}
	b, err := os.Open(base)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	p, err := s.subdir(b, parent, 0o022, "writable by group or others")
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return s.subdir(p, dir, 0o077, "accessible to group or others")
}

// subdir creates (0700) and opens path, a child of parent, without
// following a symlink, and refuses it unless it is a directory owned by
// this user with none of the mode bits in forbid.
func (s *Store) subdir(parent *os.File, path string, forbid uint32, forbidden string) (*os.File, error) {
	name, pfd := filepath.Base(path), int(parent.Fd())
	var mkErr error
	var st unix.Stat_t
	if err := unix.Fstatat(pfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); errors.Is(err, unix.ENOENT) {
		if mkErr = s.step(StepMkdir); mkErr == nil {
			if err := unix.Mkdirat(pfd, name, 0o700); err != nil && !errors.Is(err, unix.EEXIST) {
				mkErr = err
			}
		}
	}
	fd, err := unix.Openat(pfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
		if unix.Fstatat(pfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return nil, &UnsafeError{Path: path, Problem: "is a symlink"}
		}
		return nil, &UnsafeError{Path: path, Problem: "is not a directory"}
	}
	if err != nil {
		if mkErr != nil {
			return nil, fmt.Errorf("create %s: %w", path, mkErr)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f := os.NewFile(uintptr(fd), path)
	if err := unix.Fstat(fd, &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int(st.Uid) != s.euid {
		f.Close()
		return nil, &UnsafeError{Path: path, Problem: fmt.Sprintf("belongs to another user (uid %d)", st.Uid)}
	}
	if perm := st.Mode & 0o777; perm&forbid != 0 {
		f.Close()
		return nil, &UnsafeError{Path: path, Problem: fmt.Sprintf("is %s (mode %04o)", forbidden, perm), Fix: "chmod 700 " + path}
	}
	return f, nil
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
func (s *Store) Path(id string) string {
	var st unix.Stat_t
	if s.dir != nil && unix.Fstatat(s.dirfd, fileName(id), &st, unix.AT_SYMLINK_NOFOLLOW) != nil &&
		unix.Fstatat(s.dirfd, legacyName(id), &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
		return filepath.Join(s.path, legacyName(id)) // an older ccedit's, not replaced yet
	}
	return filepath.Join(s.path, fileName(id))
}

func hashOf(id string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(id)))
	return hex.EncodeToString(sum[:16])
}

func fileName(id string) string { return hashOf(id) + ".draft" }

// legacyName is where an older ccedit kept the customer's draft, as JSON.
func legacyName(id string) string { return hashOf(id) + ".json" }

// Exists reports whether a draft file is there for the customer.
func (s *Store) Exists(id string) bool {
	if s.dir == nil {
		return false
	}
	var st unix.Stat_t
	return unix.Fstatat(s.dirfd, fileName(id), &st, unix.AT_SYMLINK_NOFOLLOW) == nil ||
		unix.Fstatat(s.dirfd, legacyName(id), &st, unix.AT_SYMLINK_NOFOLLOW) == nil
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
	if s.dir == nil {
		return nil
	}
	return s.dir.Close()
}

// Save writes d atomically and durably, holding the customer's lock: it
// appends a record to the customer's journal (journal.go), or makes a new
// journal when there is none or it is full. A file at the draft's name that
// this store did not write or read is moved aside first, never replaced.
func (s *Store) Save(d *Draft) error {
	s.unstage(d.CustomerID)
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	if err := s.save(d.CustomerID, b); err != nil {
		err = fmt.Errorf("write draft: %w", err)
		s.setHealth(err)
		return err
	}
	s.setHealth(nil)
	return nil
}
