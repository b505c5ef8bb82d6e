package serve

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// What an agent may ask for, and nothing else: no shell, no other program.
const commandsHelp = `ccedit serve runs the customer editor, nothing else:
  ssh -t HOST                    search for a customer
  ssh -t HOST CUSTOMER_ID        edit this customer
  ssh -t HOST find TEXT          search for TEXT
  ssh HOST get|set|diff ...      the commands, without a screen (see: ssh HOST get --help)
`

// Exit statuses of a session, beside the editor's and the commands'.
const (
	exitError = 1 // refused, or the editor failed
	exitUsage = 2 // not something serve runs
)

// session is one open SSH session, for the limits and the shutdown.
type session struct {
	agent string
	stop  func() // ends it as a server shutdown does
}

// request is what a session asked for.
type request struct {
	mode  string // editor, search, or a command (get, set, diff)
	id    string // the customer, for the editor
	query string // for search
	args  []string
}

// parseRequest reads what the agent asked ssh to run: nothing (the
// search), a customer ID or find TEXT (the editor, with a terminal), or
// get, set or diff and their arguments. problem says why anything else is
// refused.
func parseRequest(raw string, args []string, pty bool) (r request, problem string) {
	raw = strings.TrimSpace(raw)
	first, rest, _ := strings.Cut(raw, " ")
	switch {
	case raw == "":
		r = request{mode: "search"}
	case first == "find":
		q := strings.TrimSpace(rest)
		if len(q) >= 2 && (q[0] == '"' || q[0] == '\'') && q[len(q)-1] == q[0] {
			q = q[1 : len(q)-1]
		}
		if q == "" {
			return r, "find needs something to search for: ssh -t HOST find TEXT"
		}
		r = request{mode: "search", query: q}
	case len(args) > 0 && script.IsCommand(args[0]):
		return request{mode: args[0], args: args}, ""
	case len(args) == 0:
		return r, "the command could not be read (unbalanced quotes?)"
	case len(args) == 1 && uuidRE.MatchString(args[0]):
		r = request{mode: "editor", id: args[0]}
	default:
		return r, "this server runs ccedit only"
	}
	if !pty {
		return r, "the editor needs a terminal: connect with ssh -t"
	}
	return r, ""
}

// handle runs one SSH session: who it is (from the key the client
// proved), what it asked for, then the editor or a command.
func (s *Server) handle(sess ssh.Session) {
	code, admitted := s.serveSession(sess)
	_ = sess.Exit(code)
	if admitted {
		s.wg.Done() // after the exit status: a shutdown waits for it to be sent
	}
}

// serveSession runs the session and returns its exit status, and whether
// it was counted in (admit), which handle then counts out.
func (s *Server) serveSession(sess ssh.Session) (code int, admitted bool) {
	remote := sess.RemoteAddr().String()
	key := sess.PublicKey()
	if key == nil {
		return exitError, false // not a public key login: cannot happen, as no other method is offered
	}
	ag, reason, ok := s.agents.lookup(key)
	if !ok { // removed from the agents file since the key was checked
		_ = s.audit.Write(audit.Record{Event: audit.EventRefusedLogin, KeyFingerprint: gossh.FingerprintSHA256(key), Remote: remote, Reason: reason})
		fmt.Fprintln(sess.Stderr(), "ccedit: this key may not log in here.")
		return exitError, false
	}
	a := audit.Auditor{Log: s.audit, Who: audit.Who{Agent: ag.Name, KeyFingerprint: ag.Fingerprint, Remote: remote, Session: newSessionID()}}
	_, _, pty := sess.Pty()
	req, problem := parseRequest(sess.RawCommand(), sess.Command(), pty)
	if problem != "" {
		// The command itself is not written down: it may hold a value.
		_ = a.Event(audit.Record{Event: audit.EventRefusedLogin, Reason: "not a ccedit command"})
		fmt.Fprintf(sess.Stderr(), "ccedit: %s\n%s", problem, commandsHelp)
		return exitUsage, false
	}
	live, full := s.admit(ag.Name)
	if full != "" {
		_ = a.Event(audit.Record{Event: audit.EventRefusedLogin, Mode: req.mode, Reason: full})
		fmt.Fprintf(sess.Stderr(), "ccedit: %s; try again in a moment.\n", full)
		return exitError, false
	}
	defer s.release(live)
	if err := a.Event(audit.Record{Event: audit.EventLogin, Mode: req.mode, Customer: req.id}); err != nil {
		s.logf("audit trail: %v", err)
		fmt.Fprintln(sess.Stderr(), "ccedit: the audit trail cannot be written, so no session can start; tell the administrator.")
		return exitError, true
	}
	if script.IsCommand(req.mode) {
		code = s.command(sess, a, req, live)
	} else {
		code = s.editor(sess, ag, a, req, live)
	}
	_ = a.Event(audit.Record{Event: audit.EventLogout, Mode: req.mode, Exit: &code})
	return code, true
}

// admit counts a new session of agent in, unless the server or the agent
// is at its limit (full says which), or the server is shutting down.
func (s *Server) admit(agent string) (l *session, full string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, "the server is shutting down"
	case len(s.live) >= s.o.MaxSessions:
		return nil, fmt.Sprintf("the server is full (%d sessions open, the most it takes)", len(s.live))
	case s.perAgent[agent] >= s.o.MaxPerAgent:
		return nil, fmt.Sprintf("you have %d sessions open, the most one agent may", s.perAgent[agent])
	}
	l = &session{agent: agent, stop: func() {}}
	s.live[l] = struct{}{}
	s.perAgent[agent]++
	s.wg.Add(1)
	return l, ""
}

// release counts a session out of the limits (handle counts it out of
// the shutdown's wait once its exit status is sent).
func (s *Server) release(l *session) {
	s.mu.Lock()
	delete(s.live, l)
	if s.perAgent[l.agent]--; s.perAgent[l.agent] <= 0 {
		delete(s.perAgent, l.agent)
	}
	s.mu.Unlock()
}

// setStop says how to end l at shutdown; if the shutdown began already,
// it is called at once.
func (s *Server) setStop(l *session, stop func()) {
	s.mu.Lock()
	l.stop = stop
	closing := s.closing
	s.mu.Unlock()
	if closing {
		stop()
	}
}

// newSessionID is a short random name that ties one session's audit lines
// together.
func newSessionID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// sessionChannel accepts a session channel as charm's does, but refuses
// agent forwarding and X11 (charm's server says yes to agent forwarding
// and leaves it to the handler): nothing but the session's own streams
// crosses the connection.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{ch}, ctx)
}

type filteredChannel struct{ gossh.NewChannel }

func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req", "subsystem":
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// envLookup reads a session's environment.
func envLookup(env []string) func(string) string {
	return func(k string) string {
		v := ""
		for _, kv := range env {
			if name, val, ok := strings.Cut(kv, "="); ok && name == k {
				v = val
			}
		}
		return v
	}
}

// uuidRE is the API's pattern for a customer ID. A compiled pattern is
// immutable and safe for concurrent use: a constant in all but syntax.
var uuidRE = regexp.MustCompile(forms.UUIDPattern)
