package ui

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/carecycle/ccedit/ui/tty"
)

// Terminal is the agent's terminal, for RunFullScreen.
type Terminal struct {
	In, Out *os.File // the terminal: standard input and output
	Profile colorprofile.Profile
	// Signals carries SIGHUP, SIGTERM, SIGINT, SIGTSTP and SIGQUIT as main
	// was notified of them; nil: none.
	Signals <-chan os.Signal
	// Guard is the guard parent's end (tty.Editor), told when the terminal
	// is taken and restored; nil without a guard.
	Guard *tty.EditorSide
}

// hardStop bounds how long a session ended by a signal may take to leave:
// a terminal that no longer takes output must not keep the process.
const hardStop = 3 * time.Second

// RunFullScreen runs the editor on the agent's terminal until it ends, and
// returns what happened to the edits. It owns the terminal meanwhile: raw
// input mode (tty.Mode), the input filter (tty.Input), the guard's
// handshake, and the signals: SIGHUP, SIGTERM and SIGINT end the session
// keeping the draft; SIGTSTP suspends it until fg; SIGQUIT takes a
// goroutine dump, restores the terminal, and returns the dump in Outcome.
// The error is a failure of the terminal or of Bubble Tea itself.
func RunFullScreen(cfg Config, t Terminal) (Outcome, error) {
	t.Guard.Taken()
	defer t.Guard.Restored()
	mode, err := tty.Raw(int(t.In.Fd()))
	if err != nil {
		return Outcome{}, err
	}
	defer func() { _ = mode.Restore() }()
	ended := make(chan error, 1)
	in, err := tty.NewInput(t.In, tty.InputOptions{OnEnd: func(err error) { ended <- err }})
	if err != nil {
		return Outcome{}, err
	}
	// Stopped, not closed: after a kill, Bubble Tea's reader of the pipe may
	// still be running; the process ends right after anyway.
	defer in.Stop()
	cfg.Suspender = tty.Suspender{Mode: mode}

	model := New(cfg)
	// Bubble Tea's own signal handling is off: all signals come to the
	// model, which keeps the draft and leaves through its own Update.
	p := model.NewProgram(t.Out, tea.WithInput(in.File()), tea.WithoutSignalHandler(), tea.WithColorProfile(t.Profile))
	f := model.c.frames
	done := make(chan struct{})
	defer close(done)
	var dump []byte
	dumped := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case err := <-ended:
				p.Send(InputEndedMsg{Err: err})
				time.AfterFunc(hardStop, func() { f.stop(); p.Kill() })
			case sig := <-t.Signals:
				switch sig {
				case syscall.SIGTSTP:
					p.Send(SuspendMsg{})
				case syscall.SIGQUIT:
					// The stacks first, as they were; then the terminal
					// restored at once, before anything is printed: a quit
					// through the event loop, or a kill when the loop is
					// stuck (what SIGQUIT is often sent for).
					dump = stacks()
					close(dumped)
					f.stop()
					p.Quit()
					time.AfterFunc(500*time.Millisecond, p.Kill)
					return
				default:
					p.Send(SignalMsg{Signal: sig})
					time.AfterFunc(hardStop, func() { f.stop(); p.Kill() })
				}
			}
		}
	}()
	final, err := p.Run()
	select {
	case <-dumped:
		return Outcome{Signal: syscall.SIGQUIT, Dump: dump}, nil
	default:
	}
	return outcomeOf(final, err, f)
}

// outcomeOf is how a program run ended: the final model's Outcome, or the
// error that ended it (a crash still comes with the last good model's
// Outcome, which says where the edits are: each was in the draft before
// it was shown).
func outcomeOf(final tea.Model, err error, f *frames) (Outcome, error) {
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return Outcome{}, fmt.Errorf("the editor failed: %w", err)
	}
	m, ok := final.(Model)
	if !ok {
		return Outcome{}, errors.New("the editor ended without its model")
	}
	if crash := f.crashOf(); crash != nil {
		return m.Outcome(), crash
	}
	return m.Outcome(), nil
}

// stacks is every goroutine's stack, as the runtime prints them on SIGQUIT:
// function names and addresses, no values.
func stacks() []byte {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}
