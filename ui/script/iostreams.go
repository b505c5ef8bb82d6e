package script

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are a command's standard streams and whether they are
// terminals, after cli/cli's iostreams: the commands never look at
// os.Stdin and the others themselves, so tests can run them without a
// terminal and say which streams are one.
type IOStreams struct {
	In io.Reader // values for field=@- and --from -, and the answer to "send?"
	// InFile is the open file In reads, when it is one (System: os.Stdin),
	// so that another name of it (/dev/fd/0, a path to the same pipe or
	// file) is known for standard input and not read a second time; nil
	// when In is not a file. When nil and In is an *os.File, In is used.
	InFile *os.File
	Out    io.Writer // the record, the diff, --json data
	ErrOut io.Writer // errors and notices: field names and reasons, never values
	InTTY  bool      // In is a terminal: a person can answer a question
	OutTTY bool      // Out is a terminal: a person reads what is printed
}

// System returns the process's standard streams, each checked for being
// a terminal.
func System() *IOStreams {
	return &IOStreams{In: os.Stdin, InFile: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: term.IsTerminal(int(os.Stdin.Fd())), OutTTY: term.IsTerminal(int(os.Stdout.Fd()))}
}

// NewTestStreams returns streams over buffers, none of them a terminal: a
// command reads in and writes to out and errOut. Set InTTY and OutTTY to
// play a terminal, and In and InFile to the read end of an os.Pipe to
// play a standard input that is an open file, with names of its own
// (/dev/fd/N).
func NewTestStreams() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// stdinFile is the open file standard input reads, or nil when it is not
// one (a test's buffer).
func (s *IOStreams) stdinFile() *os.File {
	if s.InFile != nil {
		return s.InFile
	}
	f, _ := s.In.(*os.File)
	return f
}

// CanPrompt reports whether a question can be asked with its context in
// view: a person answers on In and reads Out.
func (s *IOStreams) CanPrompt() bool { return s.InTTY && s.OutTTY }
