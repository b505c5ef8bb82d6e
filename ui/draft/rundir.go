package draft

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// StaleRunDir is how old a run directory that no live run holds must be
// before OpenRunDir removes it: one left by a run that was killed.
const StaleRunDir = 24 * time.Hour

// runPrefix starts the name of every run directory.
const runPrefix = "run-"

// RunDir is a directory that belongs to one run of the program, for what
// must not outlive the run: the demo's drafts (its fake API starts afresh
// every run, so a draft from an earlier run would be offered against a
// record reset under it, and two demos at once would see each other's
// locks). It is made fresh (0700, under a parent checked as a drafts
// directory is), held with an advisory lock (flock) while the run lasts,
// and removed by Remove at its end. A run that could not remove its own
// (kill -9) leaves it unlocked: a later OpenRunDir removes it once it is
// StaleRunDir old. A directory a live run holds is never removed.
type RunDir struct {
	path   string
	name   string
	parent *os.File // the parent, opened link by link
	dir    *os.File // the run directory, locked while open
}

// OpenRunDir removes the stale run directories under parent (creating
// parent 0700 when missing), then makes and locks a new one. An unsafe
// parent (a symlink, another user's, open to others) is an *UnsafeError.
func OpenRunDir(parent string, now time.Time) (*RunDir, error) {
	euid := os.Geteuid()
	p, err := opener{euid: euid, what: "run directory"}.openChain(filepath.Clean(parent))
	if err != nil {
		return nil, err
	}
	pruneRuns(p, euid, now)
	for range 3 {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		name := runPrefix + hex.EncodeToString(b)
		err := unix.Mkdirat(int(p.Fd()), name, 0o700)
		if errors.Is(err, unix.EEXIST) {
			continue
		}
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("make a run directory in %s: %w", parent, err)
		}
		d, locked, err := lockRun(p, name)
		if err != nil || !locked {
			p.Close()
			if err == nil {
				err = errors.New("another process holds it")
			}
			return nil, fmt.Errorf("lock the run directory %s: %w", filepath.Join(parent, name), err)
		}
		return &RunDir{path: filepath.Join(p.Name(), name), name: name, parent: p, dir: d}, nil
	}
	p.Close()
	return nil, fmt.Errorf("make a run directory in %s: the names taken", parent)
}

// Path is where the run directory is.
func (r *RunDir) Path() string { return r.path }

// Remove removes the run directory and everything in it, then lets it go;
// call it once nothing in it is open. It is removed while still locked, so
// no other run takes it for stale meanwhile.
func (r *RunDir) Remove() error {
	if r.dir == nil {
		return nil
	}
	err := removeAt(int(r.parent.Fd()), r.name)
	r.dir.Close()
	r.parent.Close()
	r.dir, r.parent = nil, nil
	if err != nil {
		return fmt.Errorf("remove the run directory %s: %w", r.path, err)
	}
	return nil
}

// lockRun opens the run directory name under p without following a
// symlink, checks it is this user's directory, and takes its lock without
// waiting: locked is false when a live run holds it.
func lockRun(p *os.File, name string) (d *os.File, locked bool, err error) {
	fd, err := unix.Openat(int(p.Fd()), name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false, err
	}
	d = os.NewFile(uintptr(fd), name)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || int(st.Uid) != os.Geteuid() || st.Mode&0o077 != 0 {
		d.Close()
		if err == nil {
			err = errors.New("not a private directory of this user's")
		}
		return nil, false, err
	}
	if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		d.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return d, true, nil
}

// pruneRuns removes the run directories under p that no live run holds
// and that were last changed StaleRunDir or more before now. Failures
// leave a directory for the next start.
func pruneRuns(p *os.File, euid int, now time.Time) {
	names, err := p.Readdirnames(-1)
	if err != nil {
		return
	}
	for _, name := range names {
		var st unix.Stat_t
		if !strings.HasPrefix(name, runPrefix) || unix.Fstatat(int(p.Fd()), name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil ||
			st.Mode&unix.S_IFMT != unix.S_IFDIR || int(st.Uid) != euid || now.Sub(time.Unix(st.Mtim.Unix())) < StaleRunDir {
			continue
		}
		d, locked, err := lockRun(p, name)
		if err != nil || !locked {
			continue // in use by a live run, or not one of ours
		}
		_ = removeAt(int(p.Fd()), name)
		d.Close()
	}
}

// removeAt removes the directory name under dirfd and everything in it,
// one entry at a time through handles, never following a symlink.
func removeAt(dirfd int, name string) error {
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	d := os.NewFile(uintptr(fd), name)
	names, err := d.Readdirnames(-1)
	for _, n := range names {
		if e := unix.Unlinkat(fd, n, 0); errors.Is(e, unix.EISDIR) || errors.Is(e, unix.EPERM) {
			e = removeAt(fd, n)
			err = errors.Join(err, e)
		} else if e != nil && !errors.Is(e, unix.ENOENT) {
			err = errors.Join(err, e)
		}
	}
	d.Close()
	if err != nil {
		return err
	}
	return unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR)
}
