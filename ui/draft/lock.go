package draft

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Holder is the session that holds a customer's draft lock, as it wrote in
// the lock file.
type Holder struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host,omitempty"`
	Agent string    `json:"agent,omitempty"` // the agent of a ccedit serve session
	Since time.Time `json:"since"`
}

// LockedError means another ccedit session has the customer open: it holds
// the lock on the customer's draft. Holder is zero when the lock file did
// not say who (yet).
type LockedError struct{ Holder Holder }

// Error says who holds the lock, when it is known.
func (e *LockedError) Error() string {
	h := e.Holder
	if h.Agent != "" {
		return fmt.Sprintf("agent %s has this customer open (since %s)", h.Agent, h.Since.Local().Format("Mon 2 Jan 15:04"))
	}
	if h.PID == 0 {
		return "another ccedit session has this customer open"
	}
	on := ""
	if h.Host != "" {
		on = " on " + h.Host
	}
	return fmt.Sprintf("another ccedit session (pid %d%s, since %s) has this customer open",
		h.PID, on, h.Since.Local().Format("Mon 2 Jan 15:04"))
}

func lockName(id string) string { return hashOf(id) + ".lock" }

// Lock takes the advisory lock (flock) on the customer's draft, so that
// two sessions on one customer never write the same draft. It returns a
// *LockedError when another process holds it. The lock lasts until Unlock,
// Close or the end of the process; taking it again on the same Store
// succeeds at once. Save, Load, Delete and Remove take it themselves. A
// lock file that is a symlink, not a regular file, another user's, open to
// group or others, or has a second link (another name elsewhere) is
// refused with an error naming it, and is neither written nor truncated.
func (s *Store) Lock(id string) error {
	if s.dir == nil {
		return s.unavailable()
	}
	name := lockName(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.locks[name]; ok {
		return nil
	}
	path := filepath.Join(s.lockPath, name)
	for try := 0; try < 3; try++ {
		// Checked through its handle before anything else is done with it:
		// the lock file is written to, and a hard link at its name would
		// make that write land in some other file of the user's.
		fd, gone, err := openLockFile(s.lockDirfd, name, path, unix.O_RDWR, s.euid)
		if err != nil {
			return fmt.Errorf("lock the draft: %w", err)
		}
		if gone {
			continue
		}
		f := os.NewFile(uintptr(fd), name)
		if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); errors.Is(err, unix.EWOULDBLOCK) {
			h := readHolder(fd)
			f.Close()
			return &LockedError{Holder: h}
		} else if err != nil {
			f.Close()
			return fmt.Errorf("lock the draft: %w", err)
		}
		// Its last holder may have removed the file between our open and
		// our flock: then lock the file that is there now.
		if there, err := stillThere(s.lockDirfd, fd, name, path, s.euid); err != nil || !there {
			f.Close()
			if err != nil {
				return fmt.Errorf("lock the draft: %w", err)
			}
			continue
		}
		// Who holds it, for a second session to say; the lock works
		// without it.
		host, _ := os.Hostname()
		b, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Agent: s.agent, Since: s.now().UTC()})
		if unix.Ftruncate(fd, 0) == nil {
			_, _ = unix.Pwrite(fd, b, 0)
		}
		s.locks[name] = f
		return nil
	}
	return errors.New("lock the draft: the lock file keeps being replaced")
}

// Unlock releases the customer's lock, if this store holds it.
func (s *Store) Unlock(id string) { s.unlock(lockName(id)) }

// unlock removes the lock file while still holding it (a session that
// opened it meanwhile sees it gone and makes a new one), then releases it.
func (s *Store) unlock(name string) {
	s.jmu.Lock()                                                 // before mu, as in save
	s.closeJournal(strings.TrimSuffix(name, ".lock") + ".draft") // the next holder writes its own
	s.jmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.locks[name]
	if !ok {
		return
	}
	delete(s.locks, name)
	var mine, there unix.Stat_t
	if unix.Fstat(int(f.Fd()), &mine) == nil && unix.Fstatat(s.lockDirfd, name, &there, unix.AT_SYMLINK_NOFOLLOW) == nil &&
		idOf(&mine) == idOf(&there) {
		_ = unix.Unlinkat(s.lockDirfd, name, 0)
	}
	f.Close()
}

// readHolder reads who holds a lock from its file.
func readHolder(fd int) Holder {
	var h Holder
	b := make([]byte, 4096)
	n, err := unix.Pread(fd, b, 0)
	if err == nil {
		_ = json.Unmarshal(b[:n], &h)
	}
	return h
}
