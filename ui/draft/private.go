package draft

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// OpenPrivateAppend opens path for appending, creating it 0600, for a file
// that only this user may read (the debug log, the audit trail); what
// names it in errors ("debug log"). It never follows a symlink (in a
// shared /tmp another user could point one at a file of this user's), and
// refuses anything but a regular file this user owns with one link and no
// access for group or others; an existing file's mode is never changed.
func OpenPrivateAppend(path, what string) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_APPEND|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
	switch {
	case errors.Is(err, unix.ELOOP):
		return nil, fmt.Errorf("%s %s is a symlink; refusing to follow it", what, path)
	case errors.Is(err, unix.ENXIO):
		return nil, fmt.Errorf("%s %s is not a regular file", what, path) // a FIFO with no reader
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	f := os.NewFile(uintptr(fd), path)
	var st unix.Stat_t
	problem := ""
	switch err := unix.Fstat(fd, &st); {
	case err != nil:
		problem = err.Error()
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		problem = "is not a regular file"
	case int(st.Uid) != os.Geteuid():
		problem = fmt.Sprintf("belongs to another user (uid %d)", st.Uid)
	case st.Nlink != 1:
		problem = "has other hard links"
	case st.Mode&0o077 != 0:
		problem = fmt.Sprintf("is open to group or others (mode %04o); choose a new file, or run: chmod 600 %s", st.Mode&0o777, path)
	}
	if problem != "" {
		f.Close()
		return nil, fmt.Errorf("%s %s %s; refusing to use it", what, path, problem)
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	return f, nil
}
