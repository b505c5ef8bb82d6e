package script

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/workflow"
)

// Exit codes of the commands.
const (
	ExitOK       = 0 // done, or nothing to change
	ExitAPI      = 1 // the API refused or could not be reached
	ExitUsage    = 2 // bad input or configuration, or "send?" answered no
	ExitConflict = 3 // someone else changed a field too: nothing was sent
	ExitInvalid  = 4 // a value is not valid for its field
)

// Connection is how a command was told to reach the API: its flags.
type Connection struct {
	Demo    bool   // --demo: the built-in fake API and its sample customers
	BaseURL string // --base-url; "" for $CARECYCLE_BASE_URL or the default
	KeyFile string // --api-key-file; "" for $CARECYCLE_API_KEY
	Debug   string // --debug FILE: a request log without customer data
	ASCII   bool   // --ascii: ASCII placeholders for unsafe characters
}

// API is an open connection to the customer API.
type API struct {
	Client  *apiclient.Client // with the API's rate limiter, as the editor's
	KeyHint string            // the key masked (cc_…abcd), for a rejected key's message
	Close   func()            // releases what was opened (the demo's server, the debug log); may be nil
	// Locks is the host's save locks (draft.SaveLocks): a save holds its
	// customer's from its re-read to its PATCH. nil: none could be opened.
	Locks workflow.Locker
}

// Options are what the commands need from main.
type Options struct {
	// IO are the streams the command reads and writes; required.
	IO *IOStreams
	// Getenv reads the environment (the locale); nil reads nothing.
	Getenv func(string) string
	// Connect opens the API by main's rules for the key and the base URL.
	// Its error is shown as it is and ends the command with ExitUsage.
	Connect func(Connection) (*API, error)
	// Clock waits out rate limits; nil is the wall clock.
	Clock workflow.Clock
	// Open opens a file the command was given (set's FIELD=@FILE and
	// --from FILE, diff's FILE.json); nil opens it with the operating
	// system. Standard input, by any of its names, never comes here. A
	// *FileRefused error (NoFiles) is said with how to send the contents
	// on standard input instead, and ends the command with ExitUsage.
	Open func(name string) (io.ReadCloser, error)
	// Audit, when set, writes set's audit trail (ccedit serve's): the
	// events the editor writes for a save, never a value (audit.go).
	Audit workflow.Auditor
	// OpenAudit opens the audit trail set's --audit FILE names (main's
	// rules for the file); nil: --audit is not available. close is called
	// once the command is done.
	OpenAudit func(path string) (a workflow.Auditor, close func(), err error)
}

// IsCommand reports whether name is one of the commands Run runs: get,
// set or diff.
func IsCommand(name string) bool {
	return name == "get" || name == "set" || name == "diff"
}

// Run runs the command args[0] (see IsCommand) with the rest of args as its
// flags and arguments, and returns its exit code.
func Run(ctx context.Context, args []string, o Options) int {
	e := &env{ctx: ctx, opts: o, io: o.IO, clock: o.Clock, s: forms.NewSchema()}
	if e.clock == nil {
		e.clock = workflow.SystemClock()
	}
	if e.opts.Getenv == nil {
		e.opts.Getenv = func(string) string { return "" }
	}
	e.setASCII(false)
	if len(args) == 0 || !IsCommand(args[0]) {
		e.errorf("the commands are get, set and diff")
		return ExitUsage
	}
	e.name = args[0]
	switch e.name {
	case "get":
		return runGet(e, args[1:])
	case "set":
		return runSet(e, args[1:])
	}
	return runDiff(e, args[1:])
}

// env is one command's run: its options, the schema and how to print.
type env struct {
	ctx   context.Context
	opts  Options
	io    *IOStreams
	clock workflow.Clock
	s     *forms.Schema
	th    *theme.Theme // plain: Safe only, no styles
	name  string       // the command
	// red holds the values this command gave, sent and loaded for the
	// fields it changes, to hide in texts ccedit did not write.
	red redactor
	// audit writes set's audit trail (audit.go); nil: none is kept.
	audit workflow.Auditor
}

// setASCII picks the glyphs Safe draws placeholders with: ASCII with
// --ascii or a locale that is not UTF-8.
func (e *env) setASCII(ascii bool) {
	g := theme.UnicodeGlyphs()
	if ascii || !theme.UTF8Locale(e.opts.Getenv) {
		g = theme.ASCIIGlyphs()
	}
	e.th = theme.NewPlain(g)
}

// safe makes server data harmless to print on a terminal.
func (e *env) safe(s string) string { return e.th.Safe(s) }

// serverText makes a text ccedit did not write (a server's message, a
// reason from another package, a Go error) fit for ErrOut: every value of
// this command hidden (redactor), an ellipsis in its place, and the rest
// made safe. The values are found in the raw text, before Safe changes it.
func (e *env) serverText(s string) string {
	pieces := e.red.split(s)
	for i, p := range pieces {
		pieces[i] = e.safe(p)
	}
	return strings.Join(pieces, e.th.G.Ellipsis)
}

// errorf writes one error line to ErrOut. It must not carry record values.
func (e *env) errorf(format string, a ...any) {
	fmt.Fprintf(e.io.ErrOut, "ccedit: "+format+"\n", a...)
}

// fieldError says why a field's value is refused: its API name, its label
// and ccedit's reason (the forms package's, which quotes no value), no
// value. The reason is not redacted: it may name the very text typed as
// an example or a bound ("must be one of: Lead, Active, Inactive" for
// "Activ"), which is ccedit's own word, not the value.
func (e *env) fieldError(f *forms.Field, reason string) {
	e.errorf("%s (%s): %s", f.Name, f.Label, e.safe(reason))
}

// serverFieldError is fieldError for the server's reason, which may quote
// the value it refuses: it is redacted (serverText).
func (e *env) serverFieldError(f *forms.Field, reason string) {
	e.errorf("%s (%s): %s", f.Name, f.Label, e.serverText(reason))
}

// flags starts a command's flag set with the connection flags every
// command takes; usage is printed, followed by the flags, for --help.
func (e *env) flags(usage string) (*flag.FlagSet, *Connection) {
	fs := flag.NewFlagSet("ccedit "+e.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse says what is wrong, without the value given
	fs.Usage = func() {
		fmt.Fprint(e.io.Out, usage)
		fs.VisitAll(func(f *flag.Flag) {
			name, help := flag.UnquoteUsage(f)
			fmt.Fprintf(e.io.Out, "  %s\n        %s\n", strings.TrimSpace("--"+f.Name+" "+name), help)
		})
	}
	c := &Connection{}
	fs.BoolVar(&c.Demo, "demo", false, "use the built-in fake API and its sample customers (reset on every run)")
	fs.StringVar(&c.BaseURL, "base-url", "", "API base `URL` (default $CARECYCLE_BASE_URL or "+apiclient.DefaultBaseURL+")")
	fs.StringVar(&c.KeyFile, "api-key-file", "", "read the API key from `PATH` (must not be readable by group or others)")
	fs.StringVar(&c.Debug, "debug", "", "write a request log (no customer data, no key) to `FILE`")
	fs.BoolVar(&c.ASCII, "ascii", false, "show unsafe characters with ASCII placeholders (also when the locale is not UTF-8)")
	return fs, c
}

// parse reads flags wherever they stand among the arguments, as gh does
// (`ccedit set ID city=Chicago --yes`), and returns the other arguments in
// order; "--" ends the flags. ok is false when the command is over: --help
// was printed (ExitOK) or the flags were wrong (ExitUsage).
func (e *env) parse(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {} // errors get one line, not the whole help
	defer func() { fs.Usage = usage }()
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return nil, ExitOK, false
		}
		if err != nil {
			e.errorf("%s; see ccedit %s --help", flagProblem(err), e.name)
			return nil, ExitUsage, false
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), 0, true
		}
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// flagQuoted is a value the flag package quotes in its messages ("invalid
// boolean value \"Maggie\" for -yes"). A constant in all but syntax.
var flagQuoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// flagProblem is the flag package's message without the value it quotes:
// an argument meant as a value (--yes=Maggie) is not repeated on ErrOut.
func flagProblem(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "bad flag syntax: ") {
		return "bad flag syntax"
	}
	return strings.Join(strings.Fields(flagQuoted.ReplaceAllString(msg, "")), " ")
}

// args parses fs from args (see parse), sets the glyphs, and checks that
// there are between least and most other arguments (most < 0: no limit), the
// first a customer ID; need is the error when there are not. It returns
// the ID and all the other arguments.
func (e *env) args(fs *flag.FlagSet, conn *Connection, args []string, least, most int, need string) (id string, pos []string, code int, ok bool) {
	pos, code, ok = e.parse(fs, args)
	if !ok {
		return "", nil, code, false
	}
	e.setASCII(conn.ASCII)
	if len(pos) < least || most >= 0 && len(pos) > most {
		e.errorf("%s", need)
		return "", nil, ExitUsage, false
	}
	if id, ok = e.customerID(pos[0]); !ok {
		return "", nil, ExitUsage, false
	}
	return id, pos, 0, true
}

// uuidRE is the API's pattern for a customer ID. A compiled pattern is
// immutable and safe for concurrent use: a constant in all but syntax.
var uuidRE = regexp.MustCompile(forms.UUIDPattern)

// mistypedIDRE is what a customer ID with a typo looks like: hex digits
// and dashes, about as long as a uuid. A constant in all but syntax, as
// uuidRE.
var mistypedIDRE = regexp.MustCompile(`^[0-9a-fA-F-]{30,40}$`)

// customerID checks that id is a uuid, as the API requires. The argument
// is repeated only when it looks like a mistyped ID: in its place may
// stand a FIELD=VALUE or a value put first, which must not reach ErrOut.
func (e *env) customerID(id string) (string, bool) {
	id = strings.TrimSpace(id)
	switch {
	case uuidRE.MatchString(id):
		return id, true
	case mistypedIDRE.MatchString(id):
		e.errorf("%q is not a customer ID; expected a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08", id)
	case strings.Contains(id, "="):
		e.errorf("the first argument is FIELD=VALUE, not a customer ID: the customer ID comes first")
	default:
		e.errorf("the first argument is not a customer ID; expected a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08")
	}
	return "", false
}

// connect opens the API; a failure is bad configuration.
func (e *env) connect(c *Connection) (*API, bool) {
	if e.opts.Connect == nil {
		e.errorf("no way to reach the API was configured")
		return nil, false
	}
	api, err := e.opts.Connect(*c)
	if err != nil {
		e.errorf("%s", e.safe(err.Error()))
		return nil, false
	}
	if api.Close == nil {
		api.Close = func() {}
	}
	return api, true
}

// fieldNamesHint says how fields are named, after a name that is none.
const fieldNamesHint = "name a field by its API name (dateOfBirth), its label as ccedit get shows it (Date of birth) or a short name (dob, zip)"

// field finds a field by its API name, its label or one of its aliases
// (dob, zip), in any case: exactly, never by a part of a name, for a
// script must not change a field it did not name.
func (e *env) field(name string) *forms.Field {
	name = strings.TrimSpace(name)
	if f := e.s.Field(name); f != nil {
		return f
	}
	for i := range e.s.Fields() {
		f := &e.s.Fields()[i]
		if strings.EqualFold(f.Name, name) || strings.EqualFold(f.Label, name) {
			return f
		}
		for _, a := range f.Aliases {
			if strings.EqualFold(a, name) {
				return f
			}
		}
	}
	return nil
}
