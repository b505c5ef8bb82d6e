package draft

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// maxDraftBytes bounds a draft: the record (at most the client's 4 MiB)
// and the edits.
const maxDraftBytes = 16 << 20

func (s *Store) save(id string, b []byte) error {
	if s.dir == nil {
		return s.unavailable()
	}
	if err := s.Lock(id); err != nil {
		return err
	}
	name := fileName(id)
	s.jmu.Lock()
	defer s.jmu.Unlock()
	if j := s.journals[name]; j != nil {
		tried, err := s.appendTo(j, name, b)
		if tried && err == nil {
			return nil
		}
		s.closeJournal(name) // full, replaced or failing: the next one is new
		if tried {
			return err
		}
	}
	return s.newJournal(id, name, b)
}

// newJournal makes a journal holding one record, b, and renames it into
// place at name: the way a save was made before journals, taken once per
// journal.
func (s *Store) newJournal(id, name string, b []byte) error {
	rec := encodeRecord(1, b)
	buf := make([]byte, newJournalSize(len(rec)))
	copy(buf, rec)
	tmp, f, err := s.createTemp(".tmp-")
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			f.Close()
			_ = unix.Unlinkat(s.dirfd, tmp, 0)
		}
	}()
	if err := s.writeSync(f, buf); err != nil {
		return err
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return err
	}
	if err := s.clearWay(name); err != nil {
		return err
	}
	if err := s.step(StepRename); err != nil {
		return err
	}
	if err := unix.Renameat(s.dirfd, tmp, s.dirfd, name); err != nil {
		return err
	}
	renamed = true
	s.remember(name, idOf(&st))
	if _, err := s.removeName(legacyName(id), false); err != nil { // an older ccedit's draft, now replaced
		f.Close()
		return err
	}
	if err := s.syncDir(); err != nil {
		f.Close() // the rename is not durable yet: the next save makes a new journal again
		return err
	}
	s.journals[name] = &journal{f: f, id: idOf(&st), seq: 1, off: blockEnd(len(rec)), size: len(buf)}
	return nil
}

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
	d, err := s.loadName(fileName(id), id)
	// A draft an older ccedit wrote is read too: alone, or when it is the
	// newer of the two (an older ccedit ran on the customer since).
	old, oerr := s.loadName(legacyName(id), id)
	if oerr == nil { // the next save makes a new journal, which removes it
		s.jmu.Lock()
		s.closeJournal(fileName(id))
		s.jmu.Unlock()
	}
	switch {
	case oerr == nil && (errors.Is(err, ErrNone) || err == nil && old.SavedAt.After(d.SavedAt)):
		return old, nil
	case errors.Is(err, ErrNone) && !errors.Is(oerr, ErrNone):
		return nil, oerr
	}
	return d, err
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
	b, err := io.ReadAll(io.LimitReader(f, maxJournalBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read: %w", err), false
	}
	if len(b) > maxJournalBytes {
		return nil, nil, fmt.Errorf("larger than %d MiB", maxJournalBytes>>20), false
	}
	d, err = Decode(b)
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

// Delete removes the customer's draft if this store wrote or read it (a
// file it did not is left alone); no draft is not an error. It holds the
// customer's lock.
func (s *Store) Delete(id string) error { return s.remove(id, false) }

// Remove removes the customer's draft whoever wrote it: the agent asked
// for it (--discard-draft). It holds the customer's lock.
func (s *Store) Remove(id string) error { return s.remove(id, true) }

func (s *Store) remove(id string, any bool) error {
	s.unstage(id)
	if s.dir == nil {
		return nil // no directory, no draft
	}
	if err := s.Lock(id); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	s.jmu.Lock()
	defer s.jmu.Unlock()
	s.closeJournal(fileName(id))
	removed, err := s.removeName(fileName(id), any)
	if err == nil {
		var old bool
		old, err = s.removeName(legacyName(id), any)
		removed = removed || old
	}
	if err == nil && removed {
		err = s.syncDir()
	}
	if err != nil {
		err = fmt.Errorf("delete draft: %w", err)
	}
	s.setHealth(err)
	return err
}

// removeName unlinks the draft file name if this store wrote or read it,
// or whoever did when any is set. The caller syncs the directory.
func (s *Store) removeName(name string, any bool) (bool, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(s.dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); errors.Is(err, unix.ENOENT) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if !any && !s.isKnown(name, idOf(&st)) {
		return false, nil
	}
	if err := s.unlink(name); err != nil {
		return false, err
	}
	s.forget(name)
	return true, nil
}

// clearWay moves aside a file at name that this store did not write or
// read, so that a rename into place never replaces it.
func (s *Store) clearWay(name string) error {
	var st unix.Stat_t
	err := unix.Fstatat(s.dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil
	case err != nil:
		return err
	case s.isKnown(name, idOf(&st)):
		return nil
	}
	_, err = s.moveAside(name, "kept")
	return err
}

// moveAside renames name to name.<why>-<unix time>, on a name not in use,
// and returns the new path.
func (s *Store) moveAside(name, why string) (string, error) {
	aside := fmt.Sprintf("%s.%s-%d", name, why, s.now().Unix())
	for n := 2; ; n++ {
		var st unix.Stat_t
		if err := unix.Fstatat(s.dirfd, aside, &st, unix.AT_SYMLINK_NOFOLLOW); errors.Is(err, unix.ENOENT) {
			break
		}
		aside = fmt.Sprintf("%s.%s-%d-%d", name, why, s.now().Unix(), n)
	}
	if err := s.step(StepRename); err != nil {
		return "", err
	}
	if err := unix.Renameat(s.dirfd, name, s.dirfd, aside); err != nil {
		return "", err
	}
	s.forget(name)
	return filepath.Join(s.path, aside), s.syncDir()
}

// createTemp creates prefix+random, 0600, for writing.
func (s *Store) createTemp(prefix string) (string, *os.File, error) {
	var r [8]byte
	_, _ = rand.Read(r[:])
	name := prefix + hex.EncodeToString(r[:])
	if err := s.step(StepCreate); err != nil {
		return "", nil, err
	}
	fd, err := unix.Openat(s.dirfd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return "", nil, err
	}
	return name, os.NewFile(uintptr(fd), name), nil
}

func (s *Store) writeSync(f *os.File, b []byte) error {
	if err := s.step(StepWrite); err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		return err
	}
	if err := s.step(StepSync); err != nil {
		return err
	}
	return f.Sync()
}

func (s *Store) unlink(name string) error {
	if err := s.step(StepRemove); err != nil {
		return err
	}
	return unix.Unlinkat(s.dirfd, name, 0)
}

func (s *Store) syncDir() error {
	if err := s.step(StepSyncDir); err != nil {
		return err
	}
	return s.dir.Sync()
}

// step runs the fault injector, if any, for a write step.
func (s *Store) step(st Step) error {
	if s.fault == nil {
		return nil
	}
	return s.fault(st)
}

func (s *Store) remember(name string, id fileID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.known[name] = id
}

func (s *Store) forget(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.known, name)
}

func (s *Store) isKnown(name string, id fileID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.known[name]
	return ok && k == id
}
