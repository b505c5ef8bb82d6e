package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/carecycle/ccedit/ui/script"
)

const usage = `ccedit serve runs the editor as an SSH service: agents log in with their
key and land in the editor, never in a shell. The server holds the API key.

Usage:
  ccedit serve --agents FILE [flags]

Agents connect with:
  ssh -t -p 2222 HOST                 search for a customer
  ssh -t -p 2222 HOST CUSTOMER_ID     edit this customer
  ssh -t -p 2222 HOST find TEXT       search for TEXT
  ssh -p 2222 HOST get|set|diff ...   the commands, without a screen

The API key comes from CARECYCLE_API_KEY or --api-key-file (a file only you
can read), never a flag value; agents never see it.

Flags:
`

// Env is what Main needs from main: the environment, where to write, and
// how to open the API (main's rules for the key and the base URL).
type Env struct {
	Getenv  func(string) string
	Stderr  io.Writer
	Version string
	// Connect opens the API as main does for the commands; lineMode is
	// always set, so a missing key is an error rather than a prompt.
	Connect func(script.Connection) (*script.API, error)
	// Signals, when set, replaces the process's SIGTERM and SIGINT (tests).
	Signals <-chan os.Signal
	// Started, when set, is told the server's address once it listens.
	Started func(addr string)
}

// Exit statuses of ccedit serve.
const (
	exitOK     = 0
	exitFailed = 1 // could not listen, or sessions outlived the shutdown
	exitConfig = 2 // bad flags or configuration
)

// shutdownGrace is how long sessions get to end after SIGTERM: each writes
// its draft and its report, as a dropped link would.
const shutdownGrace = 5 * time.Second

// Main runs `ccedit serve` with args (the flags after "serve") until
// SIGTERM or SIGINT, and returns the exit status.
func Main(args []string, env Env) int {
	fs := flag.NewFlagSet("ccedit serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, usage)
		fs.VisitAll(func(f *flag.Flag) {
			name, help := flag.UnquoteUsage(f)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
				help += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(env.Stderr, "  %s\n        %s\n", strings.TrimSpace("--"+f.Name+" "+name), help)
		})
	}
	var o Options
	var conn script.Connection
	fs.StringVar(&o.Listen, "listen", DefaultListen, "listen on `ADDR` (host:port; :2222 for every interface)")
	fs.StringVar(&o.AgentsFile, "agents", "", "the agents' public keys: `FILE` in authorized_keys format, each named by agent=\"name\" or its comment (required)")
	fs.StringVar(&o.HostKeyFile, "host-key", "", "the server's host key `FILE` (default: generated in the state directory on first start)")
	fs.StringVar(&o.State, "state", "", "state `DIR`: drafts, locks, host key, audit trail (default $XDG_STATE_HOME/ccedit/serve)")
	fs.StringVar(&o.AuditFile, "audit", "", "append the audit trail to `FILE` (default audit.jsonl in the state directory)")
	fs.DurationVar(&o.IdleTimeout, "idle-timeout", 15*time.Minute, "log an editor off after `D` with no key pressed (0: never)")
	fs.IntVar(&o.MaxSessions, "max-sessions", 100, "`N` sessions open at once, all agents together")
	fs.IntVar(&o.MaxPerAgent, "max-sessions-per-agent", 3, "`N` sessions one agent may have open at once")
	fs.IntVar(&o.ConnsPerMinute, "conn-rate", 30, "`N` sessions one address may open a minute")
	fs.StringVar(&o.SSHHost, "ssh-host", "", "the `HOST[:PORT]` agents connect to, for the command that reopens a customer (default: the address they reached)")
	fs.BoolVar(&conn.Demo, "demo", false, "serve the built-in fake API with sample customers (to try serve)")
	fs.StringVar(&conn.BaseURL, "base-url", "", "API base `URL` (default $CARECYCLE_BASE_URL or the production API)")
	fs.StringVar(&conn.KeyFile, "api-key-file", "", "read the API key from `PATH` (must not be readable by group or others)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "ccedit serve: takes flags only (see ccedit serve --help)")
		return exitConfig
	}
	if o.IdleTimeout < 0 {
		fmt.Fprintln(env.Stderr, "ccedit serve: --idle-timeout must not be negative")
		return exitConfig
	}
	if !conn.Demo && conn.KeyFile == "" && env.Getenv("CARECYCLE_API_KEY") == "" {
		fmt.Fprintln(env.Stderr, "ccedit serve: no API key: set CARECYCLE_API_KEY or use --api-key-file")
		return exitConfig
	}
	if o.State == "" {
		dir, err := DefaultState(env.Getenv)
		if err != nil {
			fmt.Fprintln(env.Stderr, "ccedit serve:", err)
			return exitConfig
		}
		o.State = dir
	}
	api, err := env.Connect(conn)
	if err != nil {
		fmt.Fprintln(env.Stderr, "ccedit serve:", err)
		return exitConfig
	}
	defer api.Close()
	o.API, o.Demo, o.Version, o.Log = api, conn.Demo, env.Version, env.Stderr
	return run(o, env)
}

// run starts the server and waits for a signal to stop it.
func run(o Options, env Env) int {
	sigs := env.Signals
	if sigs == nil {
		c := make(chan os.Signal, 2)
		signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
		defer signal.Stop(c)
		sigs = c
	}
	srv, err := Start(o)
	if err != nil {
		fmt.Fprintln(env.Stderr, "ccedit serve:", err)
		var le listenError
		if errors.As(err, &le) {
			return exitFailed
		}
		return exitConfig
	}
	srv.logf("listening on %s (state %s)", srv.Addr(), o.State)
	if env.Started != nil {
		env.Started(srv.Addr().String())
	}
	sig := <-sigs
	srv.logf("%v: ending every session (drafts kept)", sig)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.logf("%v", err)
		return exitFailed
	}
	return exitOK
}

// listenError is a failure to listen: the configuration was fine, the
// address was not to be had.
type listenError struct{ err error }

func (e listenError) Error() string { return e.err.Error() }
func (e listenError) Unwrap() error { return e.err }
