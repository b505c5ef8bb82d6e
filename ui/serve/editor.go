package serve

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"

	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/serve/audit"
	"github.com/carecycle/ccedit/ui/workflow"
)

// editor runs the full-screen editor on the session's terminal, then
// prints the exit report there (the drafts named in words: their paths
// are the server's), and returns the exit status, as the local
// program's. The session writes its own events to the audit trail, the
// idle logoff's included.
func (s *Server) editor(sess ssh.Session, ag Agent, a audit.Auditor, req request, l *session) int {
	errOut := sess.Stderr()
	pty, windows, _ := sess.Pty()
	env := append(sess.Environ(), "TERM="+pty.Term)
	getenv := envLookup(env)
	drafts, err := draft.OpenWith(agentDrafts(s.drafts, ag.Name), draft.Options{Agent: ag.Name, LockDir: s.lockDir})
	if err != nil {
		s.logf("agent %s: drafts: %v", ag.Name, err)
		fmt.Fprintln(errOut, "ccedit: your drafts directory on the server cannot be used; tell the administrator.")
		return exitError
	}
	defer drafts.Close()
	_, _ = drafts.Prune(draft.MaxAge)

	profile := theme.ColorProfile(colorprofile.Env(env), env)
	signals := make(chan os.Signal, 1)
	s.setStop(l, func() {
		select {
		case signals <- syscall.SIGTERM:
		default:
		}
	})
	resize := make(chan tea.WindowSizeMsg, 1)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case w, ok := <-windows:
				if !ok {
					return
				}
				select {
				case resize <- tea.WindowSizeMsg{Width: w.Width, Height: w.Height}:
				case <-done:
					return
				}
			}
		}
	}()
	cfg := ui.Config{Client: s.o.API.Client.ForRequester(ag.Name), CustomerID: req.id, Query: req.query,
		Demo: s.o.Demo, DemoShared: s.o.Demo, Reopen: s.reopen(sess), KeyHint: workflow.ServerKey, ASCII: !utf8(getenv), Mono: profile <= colorprofile.Ascii,
		Version: s.o.Version, Drafts: drafts, Locks: s.o.API.Locks, Audit: a, IdleTimeout: s.o.IdleTimeout}
	out, err := ui.RunRemote(cfg, ui.Remote{In: sess, Out: sess, Width: pty.Window.Width, Height: pty.Window.Height,
		Resize: resize, Profile: profile, Env: env, Ctx: sess.Context(), Signals: signals})
	out.Report.HidePaths = true
	if s.o.Demo {
		out.Report.Demo = workflow.DemoGoesOn // until the server stops
	}
	var crash *ui.Crash
	switch {
	case errors.As(err, &crash):
		// The stack, not the value: a panic's value may quote a record.
		s.logf("agent %s: the editor failed (a bug in ccedit); stack:\n%s", ag.Name, crash.Stack)
		fmt.Fprint(errOut, out.Text(pty.Window.Width))
		fmt.Fprintln(errOut, "ccedit: the editor failed (a bug in ccedit); the administrator's log has the details.")
		return exitError
	case err != nil:
		s.logf("agent %s: %v", ag.Name, err)
		fmt.Fprintln(errOut, "ccedit: the editor could not run on this terminal.")
		return exitError
	}
	fmt.Fprint(errOut, out.Text(pty.Window.Width))
	return out.ExitCode()
}

// utf8 says whether the agent's terminal takes UTF-8: as its locale says,
// when the client sent one (OpenSSH sends LANG and LC_*); UTF-8 when it
// sent none, as every terminal an agent is likely to use is.
func utf8(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if getenv(k) != "" {
			return theme.UTF8Locale(getenv)
		}
	}
	return true
}

// reopen is the command that opens a customer again on this server: ssh
// to the name agents use (Options.SSHHost), or else to the address the
// agent's connection arrived at.
func (s *Server) reopen(sess ssh.Session) func(id string) string {
	host, port := s.o.SSHHost, ""
	if h, p, err := net.SplitHostPort(host); err == nil {
		host, port = h, p
	}
	if host == "" {
		if h, p, err := net.SplitHostPort(sess.LocalAddr().String()); err == nil {
			host, port = h, p
		}
	}
	cmd := "ssh -t"
	if n, err := strconv.Atoi(port); err == nil && n != 22 {
		cmd += " -p " + port
	}
	cmd += " " + host
	return func(id string) string { return cmd + " " + id }
}
