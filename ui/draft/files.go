package draft

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

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
	return s.newJournal(name, b)
}

// newJournal makes a journal holding one record, b, and renames it into
// place at name: the way a save was made before journals, taken once per
// journal.
func (s *Store) newJournal(name string, b []byte) error {
	if len(b) > maxRecordPayload { // Save refuses it first; a journal never holds what the reader would refuse
		return fmt.Errorf("%w (%d bytes of JSON)", ErrTooLarge, len(b))
	}
	rec := encodeRecord(1, b)
	size := newJournalSize(len(rec))
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
	if err := s.writeJournal(f, rec, size); err != nil {
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
	if err := s.syncDir(); err != nil {
		f.Close() // the rename is not durable yet: the next save makes a new journal again
		return err
	}
	s.journals[name] = &journal{f: f, id: idOf(&st), seq: 1, off: blockEnd(len(rec)), size: size}
	return nil
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

// writeJournal writes a new journal of size bytes, rec followed by zeros,
// and syncs it. The zeros are written, not left as a hole, so that the
// blocks later appends write into are already allocated (journal.go); they
// are written a chunk at a time so that a large journal costs no buffer of
// its size.
func (s *Store) writeJournal(f *os.File, rec []byte, size int) error {
	if err := s.step(StepWrite); err != nil {
		return err
	}
	if _, err := f.Write(rec); err != nil {
		return err
	}
	zeros := make([]byte, min(64<<10, size))
	for left := size - len(rec); left > 0; {
		n, err := f.Write(zeros[:min(left, len(zeros))])
		if err != nil {
			return err
		}
		left -= n
	}
	if err := s.step(StepSync); err != nil {
		return err
	}
	return f.Sync()
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
