package tty

import (
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Suspender stops ccedit as SIGTSTP asks and takes the terminal back on
// SIGCONT (fg). It is a tea.ExecCommand: Bubble Tea has already released
// the terminal (left the alternate screen, stopped reading and drawing)
// when Run is called, and takes it back, redrawing, when Run returns.
//
// Bubble Tea's own suspend cannot be used: it relies on restoring a
// terminal it reads directly, and it stops the process with SIGTSTP, which
// ccedit catches (it has to, to release the terminal first). SIGSTOP stops
// the whole process group, the guard parent with it, so the shell sees the
// job stopped; fg continues them all.
type Suspender struct {
	Mode *Mode // the terminal to restore before stopping; nil: none
}

// Run restores the terminal, stops the process group, and puts the
// terminal back in raw mode once continued.
func (s Suspender) Run() error {
	if s.Mode != nil {
		if err := s.Mode.Restore(); err != nil {
			return err
		}
	}
	// kill returns before the stop takes hold of every thread of a Go
	// program: the raw mode set right after it would race the shell's own
	// settings (seen: the terminal cooked after fg). The process is only
	// known to have stopped and been continued when SIGCONT arrives.
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	defer signal.Stop(cont)
	if err := syscall.Kill(0, syscall.SIGSTOP); err != nil {
		return err
	}
	<-cont // continued: fg, or kill -CONT
	if s.Mode != nil {
		return s.Mode.Again()
	}
	return nil
}

// SetStdin is part of tea.ExecCommand; the suspender uses no streams.
func (Suspender) SetStdin(io.Reader) {}

// SetStdout is part of tea.ExecCommand; the suspender uses no streams.
func (Suspender) SetStdout(io.Writer) {}

// SetStderr is part of tea.ExecCommand; the suspender uses no streams.
func (Suspender) SetStderr(io.Writer) {}
