package ui

import (
	"context"
	"io"
	"os"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/carecycle/ccedit/ui/tty"
)

// Remote is an agent's terminal at the other end of a connection (an SSH
// session, for ccedit serve): its streams, its size and the changes to it,
// and when it ends.
type Remote struct {
	In      io.Reader // what the agent types
	Out     io.Writer // what the agent sees
	Width   int
	Height  int
	Resize  <-chan tea.WindowSizeMsg // the terminal's size as it changes; nil: never
	Profile colorprofile.Profile
	Env     []string // the session's environment (TERM…)
	// Ctx ends when the connection drops: the session ends as SIGHUP ends
	// a local one (the draft kept).
	Ctx context.Context
	// Signals ends the session as a local one ends on them: SIGTERM when
	// the server shuts down, SIGHUP for the idle logoff of a server. nil:
	// none.
	Signals <-chan os.Signal
}

// RunRemote runs the editor for one remote agent until the session ends,
// and returns what happened to the edits. Nothing of the process is
// touched: no terminal mode, no signals, no guard (the server is not the
// agent's terminal). Input passes the same filter as a local terminal's.
// A panic in the model or its commands ends this session alone (Crash).
func RunRemote(cfg Config, r Remote) (Outcome, error) {
	ended := make(chan error, 1)
	in, err := tty.NewInput(r.In, tty.InputOptions{OnEnd: func(err error) { ended <- err }})
	if err != nil {
		return Outcome{}, err
	}
	defer in.Stop() // the connection's reader ends with the connection
	model := New(cfg)
	opts := []tea.ProgramOption{tea.WithInput(in.File()), tea.WithoutSignalHandler(), tea.WithColorProfile(r.Profile),
		tea.WithEnvironment(r.Env)}
	if r.Width > 0 && r.Height > 0 {
		opts = append(opts, tea.WithWindowSize(r.Width, r.Height))
	}
	p := model.NewProgram(r.Out, opts...)
	f := model.c.frames
	done := make(chan struct{})
	defer close(done)
	ctx := r.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	leave := func(msg tea.Msg) {
		p.Send(msg)
		time.AfterFunc(hardStop, func() { f.stop(); p.Kill() })
	}
	go func() {
		for {
			select {
			case <-done:
				return
			case w := <-r.Resize:
				p.Send(w)
			case err := <-ended:
				leave(InputEndedMsg{Err: err})
				return
			case <-ctx.Done():
				leave(SignalMsg{Signal: syscall.SIGHUP}) // the link dropped
				return
			case sig := <-r.Signals:
				leave(SignalMsg{Signal: sig})
				return
			}
		}
	}()
	final, err := p.Run()
	return outcomeOf(final, err, f)
}
