package draft

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Prune removes drafts (and kept-aside ones) older than maxAge, except
// those another session holds, and leftovers of interrupted writes; it
// returns how many drafts went.
func (s *Store) Prune(maxAge time.Duration) (int, error) {
	if s.dir == nil {
		return 0, nil
	}
	fd, err := unix.Openat(s.dirfd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("prune drafts: %w", err)
	}
	d := os.NewFile(uintptr(fd), s.path)
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return 0, fmt.Errorf("prune drafts: %w", err)
	}
	n := 0
	for _, name := range names {
		draft := strings.Contains(name, ".draft") || strings.Contains(name, ".json")
		if !draft && !strings.HasPrefix(name, ".tmp-") && !strings.HasPrefix(name, ".probe-") {
			continue
		}
		var st unix.Stat_t
		if unix.Fstatat(s.dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT == unix.S_IFDIR ||
			s.now().Sub(time.Unix(st.Mtim.Unix())) <= maxAge {
			continue
		}
		if draft && s.heldElsewhere(strings.SplitN(name, ".", 2)[0]+".lock") {
			continue
		}
		if unix.Unlinkat(s.dirfd, name, 0) == nil && draft {
			n++
		}
	}
	return n, nil
}

// heldElsewhere reports whether another process holds the lock file name.
// A lock file nobody holds is left for the next Lock.
func (s *Store) heldElsewhere(name string) bool {
	s.mu.Lock()
	_, mine := s.locks[name]
	s.mu.Unlock()
	if mine {
		return false
	}
	fd, err := unix.Openat(s.lockDirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	return errors.Is(unix.Flock(fd, unix.LOCK_SH|unix.LOCK_NB), unix.EWOULDBLOCK)
}
