package serve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/ssh"

	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve/audit"
)

// allowedFlag reports whether an agent may give command cmd the flag
// name on the server. The connection flags (--demo, --base-url,
// --api-key-file, --debug) are not: the server's API and key are the only
// ones, and an agent names no file on the server. A flag not listed here
// (one added to the commands later) is refused until it is looked at.
func allowedFlag(cmd, name string) bool {
	switch name {
	case "json", "ascii", "help", "h":
		return true
	case "fields", "no-mask":
		return cmd == "get"
	case "yes", "y", "dry-run", "from":
		return cmd == "set"
	}
	return false
}

// checkArgs refuses what would make a command reach beyond the session:
// a connection flag, a flag serve does not know, and any file on the
// server (set's FIELD=@FILE and --from FILE, diff's FILE.json): only
// standard input, "-", may be read, and it is the agent's own stream.
// It is stricter than the commands' parser (a flag's value that looks
// like a flag is refused too), never looser. (A clean option in
// ui/script, files read only through a function serve gives, would make
// this list unnecessary.)
func checkArgs(args []string) error {
	cmd := args[0]
	ended := false // after "--", every argument is positional
	var positional []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if cmd == "set" {
			if _, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(v, "@") && v != "@-" {
				return errors.New("FIELD=@FILE reads a file on the server, which is not allowed here; use FIELD=@- and send the value on standard input")
			}
		}
		if ended || a == "-" || !strings.HasPrefix(a, "-") {
			positional = append(positional, a)
			continue
		}
		if a == "--" {
			ended = true
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "demo" || name == "base-url" || name == "api-key-file" || name == "debug":
			return fmt.Errorf("--%s is not available on this server: it uses its own API connection", name)
		case !allowedFlag(cmd, name):
			return fmt.Errorf("--%s is not available on this server (see ssh HOST %s --help)", name, cmd)
		case name == "from" || name == "fields":
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			if name == "from" && value != "-" {
				return errors.New("--from FILE reads a file on the server, which is not allowed here; use --from - and send the JSON on standard input")
			}
		}
	}
	if cmd == "diff" && len(positional) > 1 && positional[1] != "-" {
		return errors.New("diff FILE.json reads a file on the server, which is not allowed here; use - and send the JSON on standard input")
	}
	return nil
}

// command runs get, set or diff with the session's streams, on the
// server's connection, and returns its exit status.
func (s *Server) command(sess ssh.Session, a audit.Auditor, req request, l *session) int {
	errOut := sess.Stderr()
	if err := checkArgs(req.args); err != nil {
		fmt.Fprintf(errOut, "ccedit: %s\n", err)
		return script.ExitUsage
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	s.setStop(l, cancel)
	customer := ""
	if len(req.args) > 1 && uuidRE.MatchString(firstPositional(req.args[1:])) {
		customer = firstPositional(req.args[1:])
	}
	io := &script.IOStreams{In: sess, Out: sess, ErrOut: errOut}
	api := *s.o.API
	api.Client = s.o.API.Client.ForRequester(a.Who.Agent)
	api.KeyHint = "" // the server's key is not the agent's business
	api.Close = func() {}
	code := script.Run(ctx, req.args, script.Options{IO: io, Getenv: envLookup(sess.Environ()),
		Connect: func(c script.Connection) (*script.API, error) {
			if c.Demo || c.BaseURL != "" || c.KeyFile != "" || c.Debug != "" {
				return nil, errors.New("this server uses its own API connection; --demo, --base-url, --api-key-file and --debug are not available")
			}
			return &api, nil
		}})
	_ = a.Event(audit.Record{Event: audit.EventCommand, Mode: req.mode, Customer: customer, Exit: &code})
	return code
}

// firstPositional is the first argument that is not a flag: the customer
// ID, when the command was given one. Only used to name the customer in
// the audit trail, and only when it is a uuid.
func firstPositional(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}
