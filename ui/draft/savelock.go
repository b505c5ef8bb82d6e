package draft

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Save locks: two saves of one customer at once (two `ccedit set`, or two
// agents in one SSH server) would each re-read the record, each see the
// value it loaded, and each PATCH, the second silently overwriting the
// first. A save holds the customer's save lock from its re-read until its
// PATCH is answered, so the second re-reads after the first is done and
// sees its value.
//
// The lock is an flock on a file named by a hash of the customer ID (as the
// drafts are: no customer data in paths). Each Lock opens the file anew, so
// that each holds its own open file description: flock then excludes two
// goroutines of one process as it excludes two processes. The files are
// never deleted: removing a lock file while another save has it open lets
// a third lock a new file at the same name, and two saves would run at
// once.

// savePoll is how often Lock tries again while another save holds the
// lock: short against a PATCH (tens of milliseconds or more), long enough
// that a waiting save costs nothing to speak of.
const savePoll = 15 * time.Millisecond

// SaveLocks is a directory of per-customer save locks shared by every
// ccedit on this host. It is safe for concurrent use.
type SaveLocks struct {
	path string
	euid int

	mu  sync.RWMutex // guards dir: Close waits for the Locks opening files in it
	dir *os.File     // nil once closed
}

// OpenSaveLocks opens the save lock directory dir (e.g.
// $XDG_STATE_HOME/ccedit/locks), creating it and its parent 0700 when
// missing. It refuses, with an *UnsafeError, a directory or parent that is
// a symlink, is not a directory, belongs to another user, or is open to
// others, as OpenWith refuses a drafts directory.
func OpenSaveLocks(dir string) (*SaveLocks, error) {
	dir = filepath.Clean(dir)
	euid := os.Geteuid()
	d, err := opener{euid: euid, what: "save lock directory"}.openChain(dir)
	if err != nil {
		return nil, fmt.Errorf("open the save locks: %w", err)
	}
	return &SaveLocks{path: dir, euid: euid, dir: d}, nil
}

func saveLockName(id string) string { return hashOf(id) + ".save" }

// Lock takes the customer's save lock, waiting while another save holds it
// (in this process or another), until it has it or ctx is done: then the
// error wraps ctx.Err(). The lock file is created 0600 when missing; one
// that is a symlink, not a regular file, another user's, open to group or
// others, or has a second link is refused. release gives the lock back; it
// may be called more than once.
func (l *SaveLocks) Lock(ctx context.Context, id string) (release func(), err error) {
	name := saveLockName(id)
	path := filepath.Join(l.path, name)
	for try := 0; try < 3; try++ {
		fd, err := l.open(name, path)
		if err != nil {
			return nil, err
		}
		if fd < 0 {
			continue // removed between our open and our stat
		}
		if err := waitFlock(ctx, fd); err != nil {
			unix.Close(fd)
			return nil, err
		}
		// Removed or replaced while we waited (by hand: ccedit never
		// removes one): a lock on it would exclude nobody.
		there, err := l.stillThere(fd, name, path)
		if err != nil || !there {
			unix.Close(fd)
			if err != nil {
				return nil, err
			}
			continue
		}
		var once sync.Once
		return func() {
			once.Do(func() {
				_ = unix.Flock(fd, unix.LOCK_UN)
				unix.Close(fd)
			})
		}, nil
	}
	return nil, fmt.Errorf("take the save lock: lock file %s keeps being replaced", path)
}

// open opens the lock file name for one Lock; -1 with no error when it was
// removed meanwhile.
func (l *SaveLocks) open(name, path string) (int, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.dir == nil {
		return -1, fmt.Errorf("take the save lock: the save lock directory %s is closed", l.path)
	}
	// Read-only: nothing is ever written to a save lock file.
	fd, gone, err := openLockFile(int(l.dir.Fd()), name, path, unix.O_RDONLY, l.euid)
	if err != nil {
		return -1, fmt.Errorf("take the save lock: %w", err)
	}
	if gone {
		return -1, nil
	}
	return fd, nil
}

func (l *SaveLocks) stillThere(fd int, name, path string) (bool, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.dir == nil {
		return false, fmt.Errorf("take the save lock: the save lock directory %s is closed", l.path)
	}
	there, err := stillThere(int(l.dir.Fd()), fd, name, path, l.euid)
	if err != nil {
		return false, fmt.Errorf("take the save lock: %w", err)
	}
	return there, nil
}

// waitFlock takes an exclusive flock on fd, trying again every savePoll
// while another holds it, until ctx is done. It polls rather than block in
// flock so that ctx can end the wait.
func waitFlock(ctx context.Context, fd int) error {
	var t *time.Timer
	for {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case !errors.Is(err, unix.EWOULDBLOCK):
			return fmt.Errorf("take the save lock: %w", err)
		}
		if t == nil {
			t = time.NewTimer(savePoll)
			defer t.Stop()
		} else {
			t.Reset(savePoll)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("another save of this customer holds its save lock: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// Close closes the directory. Locks held stay held until released; Lock
// fails once it is closed.
func (l *SaveLocks) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dir == nil {
		return nil
	}
	err := l.dir.Close()
	l.dir = nil
	if err != nil {
		return fmt.Errorf("close the save lock directory: %w", err)
	}
	return nil
}
