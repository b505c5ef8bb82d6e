package script

import (
	"os"
	"path/filepath"
	"strconv"
)

// Standard input goes by many names, and a pipe can be read only once:
// `printf A | ccedit set ID firstName=@/dev/stdin lastName=@-` would read
// "A" for the first field and nothing for the second, which clears it.
// So every name of standard input is read from In, by whatever name, at
// most once.

// maxLinks bounds how many symbolic links namesStdin follows, as the
// kernel does (Linux's MAXSYMLINKS): a loop of links ends the walk.
const maxLinks = 40

// isStdin reports whether path names standard input: "-"; a name the
// system gives it or a symbolic link to one (namesStdin); or, when
// standard input is an open file, any path to that same file (same
// device and inode), such as /dev/fd/N of a pipe or the file it was
// redirected from.
func (s *IOStreams) isStdin(path string) bool {
	if path == "-" || namesStdin(path) {
		return true
	}
	f := s.stdinFile()
	if f == nil {
		return false
	}
	in, err := f.Stat()
	if err != nil {
		return false // standard input closed: no path can name it
	}
	// Stat follows links and does not open the file: a FIFO does not
	// block here as it would on open.
	fi, err := os.Stat(path)
	return err == nil && os.SameFile(in, fi)
}

// namesStdin reports whether path is one of the names the system gives
// standard input (/dev/stdin, /dev/fd/0, /proc/self/fd/0 and the like), or
// a chain of symbolic links ending at one. It looks at names only, so it
// holds whatever In is, a test's buffer included, and it stops at the name
// rather than following /proc's links to whatever standard input is.
func namesStdin(path string) bool {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	for range maxLinks {
		if stdinName(path) {
			return true
		}
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return false
		}
		target, err := os.Readlink(path)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return false
}

// stdinName reports whether the absolute path p is a name of file
// descriptor 0 of this process.
func stdinName(p string) bool {
	switch p = filepath.Clean(p); p {
	case "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "/proc/thread-self/fd/0":
		return true
	}
	return p == filepath.Join("/proc", strconv.Itoa(os.Getpid()), "fd", "0")
}
