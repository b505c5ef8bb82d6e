package serve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/ssh"

	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve/audit"
	"github.com/carecycle/ccedit/ui/workflow"
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

// checkArgs looks for what would make a command reach beyond the session.
// flags is a connection flag or a flag serve does not know: the command
// is refused before it runs. files is a file on the server (set's
// FIELD=@FILE and --from FILE, diff's FILE.json; only standard input, "-",
// the agent's own stream, may be read): the commands refuse every file
// themselves (script.NoFiles) with their own words, so files is the second
// line of defence, held back until the command connects (command). Both
// are stricter than the commands' parser (a flag's value that looks like
// a flag is refused too), never looser.
func checkArgs(args []string) (flags, files error) {
	cmd := args[0]
	ended := false // after "--", every argument is positional
	var positional []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if cmd == "set" && files == nil {
			if _, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(v, "@") && v != "@-" {
				files = errors.New("FIELD=@FILE reads a file on the server, which is not allowed here; use FIELD=@- and send the value on standard input")
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
			return fmt.Errorf("--%s is not available on this server: it uses its own API connection", name), files
		case !allowedFlag(cmd, name):
			return fmt.Errorf("--%s is not available on this server (see ssh HOST %s --help)", name, cmd), files
		case name == "from" || name == "fields":
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			if name == "from" && value != "-" && files == nil {
				files = errors.New("--from FILE reads a file on the server, which is not allowed here; use --from - and send the JSON on standard input")
			}
		}
	}
	if cmd == "diff" && len(positional) > 1 && positional[1] != "-" && files == nil {
		files = errors.New("diff FILE.json reads a file on the server, which is not allowed here; use - and send the JSON on standard input")
	}
	return nil, files
}

// command runs get, set or diff with the session's streams, on the
// server's connection, and returns its exit status.
func (s *Server) command(sess ssh.Session, a audit.Auditor, req request, l *session) int {
	errOut := sess.Stderr()
	flagErr, fileErr := checkArgs(req.args)
	if flagErr != nil {
		fmt.Fprintf(errOut, "ccedit: %s\n", flagErr)
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
	api.KeyHint = workflow.ServerKey // refused: the administrator's to fix, nothing of it shown
	api.Close = func() {}
	code := script.Run(ctx, req.args, script.Options{IO: io, Getenv: envLookup(sess.Environ()), Open: script.NoFiles,
		Audit: commandAudit{a: a, s: s},
		Connect: func(c script.Connection) (*script.API, error) {
			switch {
			case c.Demo || c.BaseURL != "" || c.KeyFile != "" || c.Debug != "":
				return nil, errors.New("this server uses its own API connection; --demo, --base-url, --api-key-file and --debug are not available")
			case fileErr != nil: // the command read a file it should have refused: it goes no further
				return nil, fileErr
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

// commandAudit is a command's audit trail: the session's, whose failures
// go to the server's log; the agent is told only whom to tell (the trail
// and its path are the server's business).
type commandAudit struct {
	a audit.Auditor
	s *Server
}

// Record writes e about the session's agent. It implements
// workflow.Auditor.
func (c commandAudit) Record(e workflow.Event) error {
	if err := c.a.Record(e); err != nil {
		c.s.logf("agent %s: audit trail: %v", c.a.Who.Agent, err)
		return errors.New("tell the administrator of this jump host")
	}
	return nil
}
