package draft

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// opener opens one of ccedit's own directories (the drafts, the save locks)
// and checks it, the same way for each: OpenWith and OpenSaveLocks share it
// so that neither trusts a directory the other would refuse.
type opener struct {
	euid int
	step func(Step) error // the fault injector; nil: none
	what string           // for UnsafeError.What
}

func (o opener) fault(st Step) error {
	if o.step == nil {
		return nil
	}
	return o.step(st)
}

// openChain opens the directory above dir's parent as the user has it (a
// symlink there is the user's choice), then creates and opens the last two
// links, ccedit's own, one at a time without following symlinks, checking
// each through its handle.
func (o opener) openChain(dir string) (*os.File, error) {
	parent := filepath.Dir(dir)
	base := filepath.Dir(parent)
	if _, err := os.Stat(base); err != nil {
		if err := o.fault(StepMkdir); err != nil {
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
	p, err := o.subdir(b, parent, 0o022, "writable by group or others")
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return o.subdir(p, dir, 0o077, "accessible to group or others")
}

// subdir creates (0700) and opens path, a child of parent, without
// following a symlink, and refuses it unless it is a directory owned by
// this user with none of the mode bits in forbid.
func (o opener) subdir(parent *os.File, path string, forbid uint32, forbidden string) (*os.File, error) {
	name, pfd := filepath.Base(path), int(parent.Fd())
	var mkErr error
	var st unix.Stat_t
	if err := unix.Fstatat(pfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); errors.Is(err, unix.ENOENT) {
		if mkErr = o.fault(StepMkdir); mkErr == nil {
			if err := unix.Mkdirat(pfd, name, 0o700); err != nil && !errors.Is(err, unix.EEXIST) {
				mkErr = err
			}
		}
	}
	fd, err := unix.Openat(pfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
		if unix.Fstatat(pfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return nil, &UnsafeError{What: o.what, Path: path, Problem: "is a symlink"}
		}
		return nil, &UnsafeError{What: o.what, Path: path, Problem: "is not a directory"}
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
	if int(st.Uid) != o.euid {
		f.Close()
		return nil, &UnsafeError{What: o.what, Path: path, Problem: fmt.Sprintf("belongs to another user (uid %d)", st.Uid)}
	}
	if perm := st.Mode & 0o777; perm&forbid != 0 {
		f.Close()
		return nil, &UnsafeError{What: o.what, Path: path, Problem: fmt.Sprintf("is %s (mode %04o)", forbidden, perm), Fix: "chmod 700 " + path}
	}
	return f, nil
}

// fileProblem says what makes a file in one of ccedit's directories unfit
// to write to or lock, from the stat of its open handle (so that what is
// checked is what is used), or "" when it is fit: a regular file of this
// user's, with one link, closed to group and others. A second link means
// the name is also some other file (ln ~/victim x.lock), which a write
// would change; a file open to others is not one ccedit made.
func fileProblem(st *unix.Stat_t, euid int) string {
	switch perm := st.Mode & 0o777; {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return "is not a regular file"
	case int(st.Uid) != euid:
		return fmt.Sprintf("belongs to another user (uid %d)", st.Uid)
	case st.Nlink != 1:
		return fmt.Sprintf("has %d links (it is also a file elsewhere)", st.Nlink)
	case perm&0o077 != 0:
		return fmt.Sprintf("is accessible to group or others (mode %04o)", perm)
	}
	return ""
}

// openLockFile opens (creating it 0600 when missing) the lock file name in
// the directory dirfd without following a symlink, and checks it through
// its handle; path names it in errors. Nothing is written to it here: a
// file refused is left exactly as it was. gone reports a file already
// unlinked (its last holder removed it between our open and our stat),
// which the caller opens again.
func openLockFile(dirfd int, name, path string, flags, euid int) (fd int, gone bool, err error) {
	fd, err = unix.Openat(dirfd, name, flags|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
	switch {
	case errors.Is(err, unix.ELOOP):
		return -1, false, fmt.Errorf("lock file %s is a symlink; refusing to use it", path)
	case err != nil:
		return -1, false, fmt.Errorf("open lock file %s: %w", path, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, false, fmt.Errorf("stat lock file %s: %w", path, err)
	}
	if st.Nlink == 0 && st.Mode&unix.S_IFMT == unix.S_IFREG {
		unix.Close(fd)
		return -1, true, nil
	}
	if p := fileProblem(&st, euid); p != "" {
		unix.Close(fd)
		return -1, false, fmt.Errorf("lock file %s %s; refusing to use it", path, p)
	}
	return fd, false, nil
}

// stillThere reports whether fd is the file now at name in dirfd, and
// still fit to use: a lock taken on a file that was removed or replaced
// meanwhile excludes nobody, and the caller locks the file there now.
func stillThere(dirfd, fd int, name, path string, euid int) (bool, error) {
	var mine, there unix.Stat_t
	if err := unix.Fstat(fd, &mine); err != nil {
		return false, fmt.Errorf("stat lock file %s: %w", path, err)
	}
	if unix.Fstatat(dirfd, name, &there, unix.AT_SYMLINK_NOFOLLOW) != nil || idOf(&mine) != idOf(&there) {
		return false, nil
	}
	if p := fileProblem(&mine, euid); p != "" {
		return false, fmt.Errorf("lock file %s %s; refusing to use it", path, p)
	}
	return true, nil
}
