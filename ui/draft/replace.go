package draft

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// spareSuffix names the file next to a draft that the next write goes
// into: it holds the draft's previous version, 0600 like the draft.
const spareSuffix = ".prev"

// replace puts b in the file at path, atomically and durably once the
// directory is synced: b is written into the spare file and fsynced, then
// the spare and the file swap names in one rename (RENAME_EXCHANGE), so
// that path holds either the old or the new content, whole, at every
// moment. The old content stays in the spare for the next write to
// overwrite.
//
// Why not a new temporary file each time: creating a file allocates an
// inode, and on ext4 without a journal (the jump hosts' VMs) that scans
// the inodes deleted in the last minute, one per keystroke typed: more
// than half the cost of a write. Where the filesystem cannot exchange
// names, the spare is renamed over path as a temporary file would be.
func replace(path string, b []byte) error {
	spare := path + spareSuffix
	f, err := openSpare(spare)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(b, 0); err != nil {
		f.Close()
		return err
	}
	if err := f.Truncate(int64(len(b))); err != nil {
		f.Close()
		return err
	}
	if err := fdatasync(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	err = exchange(spare, path)
	if err == nil {
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, errNoExchange) {
		return err
	}
	return os.Rename(spare, path) // the first draft, or no exchange here
}

// openSpare opens the spare file for writing, or creates it. A spare that
// is not a regular 0600 file of this user's (a symlink left by someone
// else, a file others can read) is removed and made afresh, never written
// through.
func openSpare(spare string) (*os.File, error) {
	f, err := os.OpenFile(spare, os.O_WRONLY|syscall.O_NOFOLLOW, 0)
	switch {
	case err == nil:
		st, err := f.Stat()
		if sys, ok := st.Sys().(*syscall.Stat_t); err == nil && st.Mode().IsRegular() && st.Mode().Perm() == 0o600 &&
			ok && int(sys.Uid) == os.Getuid() {
			return f, nil
		}
		f.Close()
	case !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ELOOP):
		return nil, err
	}
	if err := os.Remove(spare); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove the spare draft file: %w", err)
	}
	f, err = os.OpenFile(spare, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil { // whatever the umask
		f.Close()
		return nil, err
	}
	return f, nil
}

// errNoExchange: the filesystem or the system cannot exchange two names.
var errNoExchange = errors.New("rename exchange not supported")
