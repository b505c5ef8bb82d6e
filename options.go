package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// defaultIdle is the automatic logoff's default.
const defaultIdle = 15 * time.Minute

// idleTimeout is --idle-timeout when given, else $CCEDIT_IDLE_TIMEOUT, else
// the default; 0 turns the logoff off.
func idleTimeout(fs *flag.FlagSet, flagValue time.Duration, getenv func(string) string) (time.Duration, error) {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "idle-timeout" })
	d := flagValue
	if env := strings.TrimSpace(getenv("CCEDIT_IDLE_TIMEOUT")); !set && env != "" {
		v, err := time.ParseDuration(env)
		if err != nil {
			return 0, fmt.Errorf("CCEDIT_IDLE_TIMEOUT=%q is not a duration like 15m or 0", env)
		}
		d = v
	}
	if d < 0 {
		return 0, fmt.Errorf("the idle timeout %s is negative; give a duration like 15m, or 0 for none", d)
	}
	return d, nil
}

// openSaveLocks opens the host's save locks (the demo keeps its own): every
// save holds its customer's from its re-read until its PATCH is answered.
// An unsafe directory is an error (exit 2); one that cannot be made or
// written leaves saves unlocked rather than stopping them (nil Locker),
// as the README says.
func openSaveLocks(getenv func(string) string, demo bool) (workflow.Locker, func(), error) {
	sub := "locks"
	if demo {
		sub = "demo-locks"
	}
	dir, err := draft.DefaultDir(getenv, sub)
	if err != nil {
		return nil, func() {}, nil
	}
	l, err := draft.OpenSaveLocks(dir)
	var ue *draft.UnsafeError
	switch {
	case errors.As(err, &ue):
		return nil, func() {}, err
	case err != nil:
		return nil, func() {}, nil
	}
	return l, func() { _ = l.Close() }, nil
}

// openDebug opens the debug log for appending. It never follows a symlink
// (in a shared /tmp another user could point one at a file of this user's,
// or of root's), refuses anything but a regular file this user owns with
// one link and no access for others, and never changes an existing file's
// mode: a new file is made 0600.
func openDebug(path string) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_APPEND|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
	switch {
	case errors.Is(err, unix.ELOOP):
		return nil, fmt.Errorf("debug log %s is a symlink; refusing to follow it", path)
	case errors.Is(err, unix.ENXIO):
		return nil, fmt.Errorf("debug log %s is not a regular file", path) // a FIFO with no reader
	case err != nil:
		return nil, fmt.Errorf("debug log %s: %w", path, err)
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
		return nil, fmt.Errorf("debug log %s %s; refusing to use it", path, problem)
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		f.Close()
		return nil, fmt.Errorf("debug log %s: %w", path, err)
	}
	return f, nil
}
