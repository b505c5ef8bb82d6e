package script

import (
	"io"
	"os"
)

// FileRefused is the error an Options.Open returns for a file it will not
// open, whatever it is: the file is never looked at, and the command
// says why and how to send the contents on standard input instead.
type FileRefused struct {
	Why string // e.g. "no file on this server can be read"
}

// Error says why the file was refused.
func (e *FileRefused) Error() string { return e.Why }

// NoFiles is an Options.Open that opens no file at all, for a command run
// on behalf of someone who may read nothing on this host (ccedit serve's
// agents): only standard input, their own stream, can be read.
func NoFiles(string) (io.ReadCloser, error) {
	return nil, &FileRefused{Why: "no file on this server can be read"}
}

// openFile opens a file the command was given, as Options.Open says.
func (e *env) openFile(name string) (io.ReadCloser, error) {
	if e.opts.Open != nil {
		return e.opts.Open(name)
	}
	return os.Open(name)
}
