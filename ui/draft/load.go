package draft

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Load reads a customer's draft, holding its lock: ErrNone when there is
// none, a *CorruptError when it could not be read or was refused (a
// symlink, not a regular file, another user's, open to others) and was
// moved aside, a *LockedError when another session holds the customer.
func (s *Store) Load(id string) (*Draft, error) {
	if s.dir == nil {
		return nil, ErrNone // no directory, no draft
	}
	if err := s.Lock(id); err != nil {
		var le *LockedError
		if errors.As(err, &le) {
			return nil, err
		}
		// Not locked (a read-only disk, say): reading is still safe.
	}
	return s.loadName(fileName(id), id)
}

// loadName reads the draft file name, remembering it, or moves it aside
// when it cannot be read or is refused.
func (s *Store) loadName(name, id string) (*Draft, error) {
	d, st, problem, refused := s.read(name, id)
	if problem == nil {
		s.remember(name, idOf(st))
		return d, nil
	}
	if errors.Is(problem, ErrNone) {
		return nil, ErrNone
	}
	kept, err := s.moveAside(name, map[bool]string{true: "refused", false: "corrupt"}[refused])
	if err != nil {
		s.setHealth(fmt.Errorf("move an unreadable draft aside: %w", err))
		return nil, fmt.Errorf("draft %s not read (%v) and could not be moved aside: %w", filepath.Join(s.path, name), problem, err)
	}
	return nil, &CorruptError{KeptAt: kept, Err: problem, Refused: refused}
}

// read opens name without following a symlink and decodes it. problem is
// ErrNone when there is no file; refused says the file was not read at all.
func (s *Store) read(name, id string) (d *Draft, st *unix.Stat_t, problem error, refused bool) {
	fd, err := unix.Openat(s.dirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil, nil, ErrNone, false
	case errors.Is(err, unix.ELOOP):
		return nil, nil, errors.New("it is a symlink"), true
	case err != nil:
		return nil, nil, fmt.Errorf("open: %w", err), true
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	st = new(unix.Stat_t)
	if err := unix.Fstat(fd, st); err != nil {
		return nil, nil, fmt.Errorf("stat: %w", err), true
	}
	switch perm := st.Mode & 0o777; {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return nil, nil, errors.New("it is not a regular file"), true
	case int(st.Uid) != s.euid:
		return nil, nil, fmt.Errorf("it belongs to another user (uid %d)", st.Uid), true
	case perm&0o077 != 0:
		return nil, nil, fmt.Errorf("it is accessible to group or others (mode %04o)", perm), true
	}
	// The size is checked before anything is read, and the journal is read
	// a record header at a time (lastRecord): a file of any size or shape
	// costs at most one record's payload in memory.
	payload, _, _, err := lastRecord(f, st.Size)
	if err == nil {
		d, err = decodePayload(payload)
	}
	switch {
	case err != nil:
	case !strings.EqualFold(d.CustomerID, id):
		err = errors.New("the draft belongs to another customer")
	case d.Base == nil:
		err = errors.New("the draft has no base record")
	}
	if err != nil {
		return nil, nil, err, false
	}
	return d, st, nil, false
}
