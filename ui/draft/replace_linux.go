package draft

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the names a and b atomically: os.ErrNotExist when either
// is missing, errNoExchange where the filesystem cannot.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.ENOTSUP):
		return errNoExchange
	}
	return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
}

// fdatasync flushes f's data and what it takes to read it back (its size).
func fdatasync(f *os.File) error { return unix.Fdatasync(int(f.Fd())) }
