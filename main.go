// Command ccedit edits one CareCycle customer record in the terminal and
// saves only the fields that changed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/charmbracelet/colorprofile"
	"golang.org/x/term"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/keyprompt"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve"
	"github.com/carecycle/ccedit/ui/tty"
	"github.com/carecycle/ccedit/ui/workflow"
)

const version = "0.1.0"

// Exit codes of the editor (ui.Exit…, documented there); the commands'
// are script.Exit….
const (
	exitOK    = ui.ExitOK
	exitError = ui.ExitError
	exitUsage = ui.ExitUsage
)

const usage = `ccedit edits one CareCycle customer record and saves only what changed.

Usage:
  ccedit [flags]                  search for a customer, then edit
  ccedit [flags] find TEXT        search for TEXT (a name, phone, e-mail, city)
  ccedit [flags] CUSTOMER_ID      edit this customer
  ccedit --demo [...]             the same, on built-in sample customers
  ccedit get|set|diff [flags] CUSTOMER_ID ...    without a screen, for scripts
  ccedit serve --agents FILE [flags]             the editor as an SSH service (ccedit serve --help)

Examples:
  CARECYCLE_API_KEY=cc_... ccedit 497f6eca-6276-4993-bfeb-53cbbbba6f08
  ccedit --accessible 497f6eca-6276-4993-bfeb-53cbbbba6f08   # line by line, for screen readers
  ccedit --api-key-file ~/.config/ccedit/key 497f6eca-6276-4993-bfeb-53cbbbba6f08
  ccedit --demo              # try it on built-in sample customers, no key needed
  ccedit get 497f6eca-6276-4993-bfeb-53cbbbba6f08 --json
  ccedit set 497f6eca-6276-4993-bfeb-53cbbbba6f08 annualIncome=52,000 --yes
  ccedit get --help          # and set --help, diff --help: the commands' flags

The API key comes from CARECYCLE_API_KEY, or --api-key-file (a file only you
can read); otherwise ccedit asks for it. It is never taken as a flag value.

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stderr)) }

func run(args []string, getenv func(string) string, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		// serve holds the key for every agent: never asked for, only read.
		return serve.Main(args[1:], serve.Env{Getenv: getenv, Stderr: stderr, Version: version,
			Connect: func(c script.Connection) (*script.API, error) {
				api, _, err := dial(c, getenv, true)
				return api, err
			}})
	}
	if len(args) > 0 && script.IsCommand(args[0]) {
		// get, set and diff take their own flags, after the command.
		ios := script.System()
		ios.ErrOut = stderr
		return script.Run(context.Background(), args, script.Options{IO: ios, Getenv: getenv, OpenAudit: openAudit,
			Connect: func(c script.Connection) (*script.API, error) {
				api, _, err := dial(c, getenv, getenv("TERM") == "dumb")
				return api, err
			}})
	}
	fs := flag.NewFlagSet("ccedit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.VisitAll(func(f *flag.Flag) {
			name, help := flag.UnquoteUsage(f)
			fmt.Fprintf(stderr, "  %s\n        %s\n", strings.TrimSpace("--"+f.Name+" "+name), help)
		})
	}
	keyFile := fs.String("api-key-file", "", "read the API key from `PATH` (must not be readable by group or others)")
	baseURL := fs.String("base-url", "", "API base `URL` (default $CARECYCLE_BASE_URL or "+apiclient.DefaultBaseURL+")")
	demo := fs.Bool("demo", false, "run against a built-in fake API with sample customers")
	ascii := fs.Bool("ascii", false, "draw with ASCII characters only")
	accessible := fs.Bool("accessible", false, "line-by-line mode for screen readers (also when TERM=dumb)")
	discard := fs.Bool("discard-draft", false, "delete this customer's saved draft before opening it")
	debugFile := fs.String("debug", "", "write a debug log (requests and timings; no customer data, no key) to `FILE`")
	noMask := fs.Bool("no-mask", false, "show Medicare, Medicaid and VA numbers and birth dates whole (they are masked but for their last characters or year)")
	idleFlag := fs.Duration("idle-timeout", defaultIdle, "close the customer after this long with no key pressed (0: never; also $CCEDIT_IDLE_TIMEOUT)")
	auditFile := fs.String("audit", "", "append an audit trail (who opened and saved which customer, never a value) to `FILE`")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(os.Stdout, "ccedit", version)
		return exitOK
	}
	id, query := strings.TrimSpace(fs.Arg(0)), ""
	switch {
	case script.IsCommand(id):
		fmt.Fprintf(stderr, "ccedit: the flags of %s come after it: ccedit %s [flags] CUSTOMER_ID (see ccedit %s --help)\n", id, id, id)
		return exitUsage
	case id == "find":
		id, query = "", strings.Join(fs.Args()[1:], " ")
		if strings.TrimSpace(query) == "" {
			fmt.Fprintln(stderr, "ccedit: find needs something to search for: a name, a phone number, an e-mail (see ccedit --help)")
			return exitUsage
		}
	case fs.NArg() > 1:
		fmt.Fprintln(stderr, "ccedit: give one CUSTOMER_ID, or find TEXT (see ccedit --help)")
		return exitUsage
	case id != "" && !regexp.MustCompile(forms.UUIDPattern).MatchString(id):
		fmt.Fprintf(stderr, "ccedit: %q is not a customer ID; expected a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08 (to search: ccedit find TEXT)\n", id)
		return exitUsage
	}
	idle, err := idleTimeout(fs, *idleFlag, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitUsage
	}
	lineMode := *accessible || getenv("TERM") == "dumb"
	if !lineMode && (!term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd()))) {
		fmt.Fprintln(stderr, "ccedit: needs an interactive terminal (stdin and stdout must be a TTY); try --accessible for line-by-line use")
		return exitUsage
	}
	// The way the agent chose to see it comes back with the customer.
	var seeing []string
	for flag, on := range map[string]bool{"--accessible": *accessible, "--ascii": *ascii, "--no-mask": *noMask} {
		if on {
			seeing = append(seeing, flag)
		}
	}
	slices.Sort(seeing)
	reopen := reopenCommand(*demo, *baseURL, seeing...)
	if !lineMode && !tty.Guarded(getenv) && getenv("CCEDIT_NO_GUARD") == "" {
		// The editor runs as the guard's child: whatever ends it, the
		// terminal is restored and the record cleared (ui/tty/guard.go).
		again := ""
		if id != "" {
			again = reopen(id)
		}
		code, err := tty.Guard(tty.GuardOptions{Args: args, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Reopen: again})
		if err != nil {
			fmt.Fprintln(stderr, "ccedit:", err)
			return exitError
		}
		return code
	}

	api, code, err := dial(script.Connection{Demo: *demo, BaseURL: *baseURL, KeyFile: *keyFile, Debug: *debugFile, ASCII: *ascii},
		getenv, lineMode)
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return code
	}
	defer api.Close()

	discardID := ""
	if *discard {
		discardID = id
	}
	drafts, closeDrafts, err := openDrafts(getenv, *demo, discardID)
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitUsage
	}
	defer closeDrafts() // the customer's lock, and the directory (the demo's: removed)
	var auditor workflow.Auditor
	if *auditFile != "" {
		a, closeLog, err := openAudit(*auditFile)
		if err != nil {
			fmt.Fprintln(stderr, "ccedit:", err)
			return exitUsage
		}
		defer closeLog()
		auditor = a
	}

	environ := os.Environ()
	profile := theme.ColorProfile(colorprofile.Detect(os.Stdout, environ), environ)
	cfg := ui.Config{Client: api.Client, Locks: api.Locks, Reopen: reopen, CustomerID: id, Query: query, NoMask: *noMask, Demo: *demo, Version: version, Drafts: drafts,
		ASCII: *ascii || !theme.UTF8Locale(getenv), KeyHint: api.KeyHint,
		Mono: profile <= colorprofile.Ascii, IdleTimeout: idle, Audit: auditor}
	if lineMode {
		sigs := make(chan os.Signal, 4)
		signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
		defer signal.Stop(sigs)
		cfg.Signals = sigs
		out := ui.RunLineMode(cfg, os.Stdin, os.Stdout)
		if *demo {
			out.Report.Demo = workflow.DemoEnded // its drafts go with it (openDrafts)
		}
		return report(out, stderr)
	}
	// Every signal goes to the editor, which keeps the draft and restores
	// the terminal (Go's default for SIGHUP and SIGQUIT would not).
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTSTP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	out, err := ui.RunFullScreen(cfg, ui.Terminal{In: os.Stdin, Out: os.Stdout, Profile: profile, Signals: sigs,
		Guard: tty.Editor(getenv)})
	if *demo {
		out.Report.Demo = workflow.DemoEnded // its drafts go with it (openDrafts)
	}
	var crash *ui.Crash
	if errors.As(err, &crash) {
		// The terminal is restored: where the edits are, then the bug. The
		// stack, not the panic's value: a value may quote a record, and
		// standard error may go to a log.
		report(out, stderr)
		fmt.Fprintf(stderr, "ccedit: the editor failed (a bug in ccedit); its stack follows (no values).\n%s", crash.Stack)
		return exitError
	}
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitError
	}
	return report(out, stderr)
}

// dial opens the API as c says, for the editor and the commands alike: the
// demo's in-process fake, or the base URL (flag, CARECYCLE_BASE_URL, the
// default) with the key apiKey finds. Close stops what was started. On
// failure code is the exit code: exitError when the demo could not start,
// exitUsage for configuration.
func dial(c script.Connection, getenv func(string) string, lineMode bool) (api *script.API, code int, err error) {
	opts := apiclient.Options{UserAgent: "ccedit/" + version}
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	if c.Debug != "" {
		f, err := openDebug(c.Debug)
		if err != nil {
			return nil, exitUsage, err
		}
		closers = append(closers, func() { _ = f.Close() })
		opts.Debug = f
	}
	if c.Demo {
		url, stop, err := fakeapi.Listen(fakeapi.New(fakeapi.Options{}))
		if err != nil {
			return nil, exitError, err
		}
		closers = append(closers, stop)
		opts.BaseURL, opts.APIKey = url, fakeapi.DemoKey
	} else {
		// The URL first: a refused one must not cost the agent typing the key.
		opts.BaseURL = firstNonEmpty(c.BaseURL, getenv("CARECYCLE_BASE_URL"), apiclient.DefaultBaseURL)
		if _, err := apiclient.CheckBaseURL(opts.BaseURL); err != nil {
			return nil, exitUsage, err
		}
		key, err := apiKey(c.KeyFile, getenv, lineMode, c.ASCII, verifyKey(opts))
		if err != nil {
			return nil, exitUsage, err
		}
		opts.APIKey = key
	}
	client, err := apiclient.New(opts)
	if err != nil {
		return nil, exitUsage, err
	}
	locks, closeLocks, err := openSaveLocks(getenv, c.Demo)
	if err != nil {
		return nil, exitUsage, err
	}
	closers = append(closers, closeLocks)
	return &script.API{Client: client, KeyHint: apiclient.MaskKey(opts.APIKey), Close: closeAll, Locks: locks}, exitOK, nil
}

// reopenCommand returns how to open a customer again on this same API: the
// demo, or the base URL given (any password in it left out), with the
// flags that chose how to see it (--accessible: a screen reader's user
// must not be sent back to the full screen).
func reopenCommand(demo bool, baseURL string, seeing ...string) func(id string) string {
	return func(id string) string {
		parts := []string{"ccedit"}
		if demo {
			parts = append(parts, "--demo")
		}
		parts = append(parts, seeing...)
		if baseURL != "" {
			if u, err := url.Parse(baseURL); err == nil {
				baseURL = u.Redacted()
			}
			parts = append(parts, "--base-url", baseURL)
		}
		return strings.Join(append(parts, id), " ")
	}
}

// report prints the session's exit report (ui.Outcome.Text) wrapped to
// the terminal's width, and returns its exit code (ui.Outcome.ExitCode).
func report(out ui.Outcome, stderr io.Writer) int {
	fmt.Fprint(stderr, out.Text(termWidth(stderr)))
	return out.ExitCode()
}

// termWidth is the width of the terminal w writes to, 80 when it is not
// one.
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols >= 20 {
			return cols
		}
	}
	return 80
}

// openDrafts opens the draft directory, removes drafts older than a week,
// and deletes the draft of discardID if given (--discard-draft), unless
// another session has that customer open. The demo's drafts belong to
// this run alone (demoDrafts). done closes the store (and removes the
// demo's drafts). An unsafe directory is an error; one that cannot be
// written is not: the session says so on screen.
func openDrafts(getenv func(string) string, demo bool, discardID string) (s *draft.Store, done func(), err error) {
	if demo {
		return demoDrafts(getenv)
	}
	dir, err := draft.DefaultDir(getenv, "drafts")
	if err != nil {
		return nil, nil, err
	}
	if s, err = draft.Open(dir, nil); err != nil {
		return nil, nil, err
	}
	_, _ = s.Prune(draft.MaxAge)
	if discardID != "" {
		if err := s.Remove(discardID); err != nil {
			s.Close()
			return nil, nil, fmt.Errorf("--discard-draft: %w", err)
		}
	}
	return s, func() { s.Close() }, nil
}

// apiKey reads the key from a private file, the environment, or a prompt
// (line by line in lineMode, ASCII-only with ascii), and checks its form;
// a typed key is also checked by verify, and asked for again when the API
// refuses it. The key is never echoed.
func apiKey(file string, getenv func(string) string, lineMode, ascii bool, verify func(context.Context, string) error) (string, error) {
	var key string
	switch {
	case file != "":
		st, err := os.Stat(file)
		if err != nil {
			return "", fmt.Errorf("api key file: %w", err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			return "", fmt.Errorf("api key file %s is readable by others (mode %04o); run: chmod 600 %s", file, st.Mode().Perm(), file)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("api key file: %w", err)
		}
		key = strings.TrimSpace(string(b))
	case getenv("CARECYCLE_API_KEY") != "":
		key = strings.TrimSpace(getenv("CARECYCLE_API_KEY"))
	case term.IsTerminal(int(os.Stdin.Fd())):
		g := theme.UnicodeGlyphs()
		if ascii || !theme.UTF8Locale(getenv) {
			g = theme.ASCIIGlyphs()
		}
		environ := os.Environ()
		mono := theme.ColorProfile(colorprofile.Detect(os.Stderr, environ), environ) <= colorprofile.Ascii
		return keyprompt.Prompt(context.Background(), os.Stdin, os.Stderr, theme.New(true, g, mono), lineMode, verify)
	}
	return key, apiclient.CheckKey(key)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
