// Package serve is `ccedit serve`: the editor as a jump host's SSH
// service. Agents log in with a public key listed in the agents file and
// land in the editor (or, without a terminal, in get, set and diff); they
// never get a shell. The server holds the one API key and one rate
// limiter for everyone, keeps each agent's drafts apart, shares the draft
// and save locks between agents, and writes an audit trail of who did
// what to which customer, never a value.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/ratelimiter"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// Options configures Start. API is required; the rest has defaults.
type Options struct {
	Listen      string // address to listen on; default 127.0.0.1:2222
	AgentsFile  string // authorized_keys format, the comment or agent="name" naming each agent; required
	State       string // the server's state directory; required
	HostKeyFile string // default <State>/host_ed25519, generated on first start
	AuditFile   string // default <State>/audit.jsonl
	// IdleTimeout logs an idle editor off (ui.Config.IdleTimeout); 0 never.
	IdleTimeout    time.Duration
	MaxSessions    int // open sessions at once, all agents; default 100
	MaxPerAgent    int // open sessions at once of one agent; default 3
	ConnsPerMinute int // sessions one address may open a minute (burst: a fifth of it); default 30
	// SSHHost is how agents name this server, for the command that opens
	// a customer again ("ssh -t -p 2222 jump ID"); default: the address
	// the agent's connection arrived at.
	SSHHost string
	Demo    bool   // the API is the built-in fake (said on screen); the drafts are this run's only
	Version string // ccedit's version, for the screen and the SSH banner
	// API is the connection every session shares: the one key, its rate
	// limiter, and the host's save locks. Agents never see the key.
	API *script.API
	Log io.Writer // the server's own log (no customer data); default os.Stderr
}

// Server is a running `ccedit serve`.
type Server struct {
	o       Options
	srv     *ssh.Server
	ln      net.Listener
	agents  *agents
	audit   *audit.Log
	drafts  string        // where the agents' drafts are: the state, or the demo's run directory
	lockDir string        // the draft locks every agent's store shares
	run     *draft.RunDir // the demo's drafts, removed at shutdown; nil when not a demo
	served  chan struct{}

	mu       sync.Mutex
	refused  map[string][]string // per connection (its remote address): the keys refused so far
	live     map[*session]struct{}
	perAgent map[string]int
	closing  bool
	wg       sync.WaitGroup // session handlers
}

// Start checks o, opens the state, the agents file, the host key and the
// audit trail, and serves on o.Listen until Shutdown or Close.
func Start(o Options) (*Server, error) {
	if err := defaults(&o); err != nil {
		return nil, err
	}
	if err := openState(o.State); err != nil {
		return nil, err
	}
	ag, err := loadAgents(o.AgentsFile)
	if err != nil {
		return nil, err
	}
	signer, err := hostKey(o.HostKeyFile)
	if err != nil {
		return nil, err
	}
	log, err := audit.Open(o.AuditFile, nil)
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, agents: ag, audit: log, drafts: o.State,
		live: map[*session]struct{}{}, perAgent: map[string]int{}, refused: map[string][]string{}, served: make(chan struct{})}
	if o.Demo {
		// The demo's fake API starts afresh every run: its drafts belong
		// to this run, in a directory of its own removed at shutdown.
		if s.run, err = draft.OpenRunDir(filepath.Join(o.State, "demo-drafts"), time.Now()); err != nil {
			log.Close()
			return nil, err
		}
		s.drafts = s.run.Path()
	}
	s.lockDir = filepath.Join(s.drafts, "draft-locks")
	burst := max(1, o.ConnsPerMinute/5)
	// Not wish.NewServer: without a host key it writes one to the working
	// directory.
	s.srv = &ssh.Server{HostSigners: []ssh.Signer{signer}}
	for _, opt := range []ssh.Option{
		wish.WithVersion("ccedit"),
		wish.WithPublicKeyAuth(s.publicKey),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle },
			ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(float64(o.ConnsPerMinute)/60), burst, 10000))),
	} {
		if err := s.srv.SetOption(opt); err != nil {
			s.closeState()
			return nil, fmt.Errorf("ssh server: %w", err)
		}
	}
	s.srv.HandshakeTimeout = 30 * time.Second
	s.srv.ConnectionFailedCallback = func(c net.Conn, _ error) { s.loginFailed(c.RemoteAddr().String()) }
	s.srv.ConnectionCloseCallback = func(c net.Conn) { s.takeRefused(c.RemoteAddr().String()) }
	s.srv.SessionRequestCallback = func(_ ssh.Session, kind string) bool { return kind == "shell" || kind == "exec" }
	s.srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: 6}
	}
	s.srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannel}
	s.srv.RequestHandlers = map[string]ssh.RequestHandler{}     // no tcpip-forward, no global requests
	s.srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{} // no SFTP
	s.ln, err = net.Listen("tcp", o.Listen)
	if err != nil {
		s.closeState()
		return nil, listenError{fmt.Errorf("listen on %s: %w", o.Listen, err)}
	}
	go func() {
		defer close(s.served)
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			s.logf("serving stopped: %v", err)
		}
	}()
	return s, nil
}

// defaults fills in o's defaults and checks what has none.
func defaults(o *Options) error {
	switch {
	case o.API == nil || o.API.Client == nil:
		return errors.New("serve: no API connection")
	case o.AgentsFile == "":
		return errors.New("serve: --agents FILE is required: the public keys of the agents who may log in")
	case o.State == "":
		return errors.New("serve: no state directory")
	case o.MaxSessions < 0 || o.MaxPerAgent < 0 || o.ConnsPerMinute < 0:
		return errors.New("serve: limits must not be negative")
	}
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.HostKeyFile == "" {
		o.HostKeyFile = filepath.Join(o.State, "host_ed25519")
	}
	if o.AuditFile == "" {
		o.AuditFile = filepath.Join(o.State, "audit.jsonl")
	}
	if o.MaxSessions == 0 {
		o.MaxSessions = 100
	}
	if o.MaxPerAgent == 0 {
		o.MaxPerAgent = 3
	}
	if o.ConnsPerMinute == 0 {
		o.ConnsPerMinute = 30
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	return nil
}

// DefaultListen is where serve listens unless told: loopback only, so that
// opening it to the network is a decision (--listen :2222).
const DefaultListen = "127.0.0.1:2222"

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// publicKey lets in a key the agents file lists. It runs for each key a
// client offers, before the client proves it holds it: who the session
// is, is decided again from the key it proved (handle). A refused key is
// remembered, and audited if the connection then fails to log in: a
// client offering an agent's other keys first is not a refused login.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, reason, ok := s.agents.lookup(key); !ok {
		s.mu.Lock()
		remote := ctx.RemoteAddr().String()
		s.refused[remote] = append(s.refused[remote], gossh.FingerprintSHA256(key)+" "+reason)
		s.mu.Unlock()
		return false
	}
	return true
}

// loginFailed audits the keys a connection offered, once it failed to log
// in with any of them.
func (s *Server) loginFailed(remote string) {
	for _, r := range s.takeRefused(remote) {
		fp, reason, _ := strings.Cut(r, " ")
		_ = s.audit.Write(audit.Record{Event: audit.EventRefusedLogin, KeyFingerprint: fp, Remote: remote, Reason: reason})
	}
}

// takeRefused returns and forgets the keys a connection had refused.
func (s *Server) takeRefused(remote string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.refused[remote]
	delete(s.refused, remote)
	return r
}

// Shutdown ends every session as a dropped link would (SIGTERM: drafts
// kept, the reason on each screen), waits for them until ctx is done,
// then closes every connection and the listener.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for l := range s.live {
		l.stop()
	}
	s.mu.Unlock()
	_ = s.ln.Close()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("sessions still open at shutdown: %w", ctx.Err())
	}
	_ = s.srv.Close()
	<-s.served
	if err != nil {
		// The connections are closed now: the sessions still open end as
		// dropped links do, writing their drafts and audit lines. Give
		// them a moment before the audit trail closes under them.
		select {
		case <-done:
		case <-time.After(lateSessions):
		}
	}
	if cerr := s.closeState(); err == nil {
		err = cerr
	}
	return err
}

// lateSessions is how long Shutdown waits, once it has closed every
// connection, for sessions that outlived its context.
const lateSessions = 3 * time.Second

// closeState closes the audit trail and removes the demo's drafts.
func (s *Server) closeState() error {
	err := s.audit.Close()
	if s.run != nil {
		err = errors.Join(err, s.run.Remove())
	}
	return err
}

// Close stops the server at once: every connection dropped.
func (s *Server) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return s.Shutdown(ctx)
}

// logf writes a line to the server's own log. Callers pass no customer
// data: agents, fingerprints, addresses and ccedit's words only.
func (s *Server) logf(format string, a ...any) {
	fmt.Fprintf(s.o.Log, "ccedit serve: "+format+"\n", a...)
}
