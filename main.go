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
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"golang.org/x/term"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/keyprompt"
)

const version = "0.1.0"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // could not load, or the program failed
	exitUsage = 2 // bad arguments or configuration
)

const usage = `ccedit edits one CareCycle customer record and saves only what changed.

Usage:
  ccedit [flags] CUSTOMER_ID
  ccedit --demo [CUSTOMER_ID]

Examples:
  CARECYCLE_API_KEY=cc_... ccedit 497f6eca-6276-4993-bfeb-53cbbbba6f08
  ccedit --accessible 497f6eca-6276-4993-bfeb-53cbbbba6f08   # line by line, for screen readers
  ccedit --api-key-file ~/.config/ccedit/key 497f6eca-6276-4993-bfeb-53cbbbba6f08
  ccedit --demo              # try it on built-in sample customers, no key needed

The API key comes from CARECYCLE_API_KEY, or --api-key-file (a file only you
can read); otherwise ccedit asks for it. It is never taken as a flag value.

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stderr)) }

func run(args []string, getenv func(string) string, stderr io.Writer) int {
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
	id := strings.TrimSpace(fs.Arg(0))
	if fs.NArg() > 1 || (id == "" && !*demo) {
		fmt.Fprintln(stderr, "ccedit: give exactly one CUSTOMER_ID (see ccedit --help)")
		return exitUsage
	}
	if id != "" && !regexp.MustCompile(forms.UUIDPattern).MatchString(id) {
		fmt.Fprintf(stderr, "ccedit: %q is not a customer ID; expected a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08\n", id)
		return exitUsage
	}
	lineMode := *accessible || getenv("TERM") == "dumb"
	if !lineMode && (!term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd()))) {
		fmt.Fprintln(stderr, "ccedit: needs an interactive terminal (stdin and stdout must be a TTY); try --accessible for line-by-line use")
		return exitUsage
	}

	opts := apiclient.Options{UserAgent: "ccedit/" + version}
	if *debugFile != "" {
		f, err := openDebug(*debugFile)
		if err != nil {
			fmt.Fprintln(stderr, "ccedit:", err)
			return exitUsage
		}
		defer f.Close()
		opts.Debug = f
	}
	if *demo {
		url, stop, err := fakeapi.Listen(fakeapi.New(fakeapi.Options{}))
		if err != nil {
			fmt.Fprintln(stderr, "ccedit:", err)
			return exitError
		}
		defer stop()
		opts.BaseURL, opts.APIKey = url, fakeapi.DemoKey
	} else {
		key, err := apiKey(*keyFile, getenv, lineMode, *ascii)
		if err != nil {
			fmt.Fprintln(stderr, "ccedit:", err)
			return exitUsage
		}
		opts.APIKey = key
		opts.BaseURL = firstNonEmpty(*baseURL, getenv("CARECYCLE_BASE_URL"), apiclient.DefaultBaseURL)
	}
	client, err := apiclient.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitUsage
	}

	reopen := reopenCommand(*demo, *baseURL)
	discardID := ""
	if *discard {
		discardID = id
	}
	drafts, err := openDrafts(getenv, *demo, discardID)
	if err != nil {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitUsage
	}

	environ := os.Environ()
	profile := theme.ColorProfile(colorprofile.Detect(os.Stdout, environ), environ)
	cfg := ui.Config{Client: client, CustomerID: id, Demo: *demo, Version: version, Drafts: drafts,
		ASCII: *ascii || !theme.UTF8Locale(getenv), KeyHint: apiclient.MaskKey(opts.APIKey),
		Mono: profile <= colorprofile.Ascii}
	if lineMode {
		return report(ui.RunLineMode(cfg, os.Stdin, os.Stdout), reopen, stderr)
	}
	model := ui.New(cfg)
	// Bubble Tea handles SIGINT and SIGTERM but not SIGHUP (the SSH link
	// dropping), and Go's default for SIGHUP exits at once. All three go to
	// the model, which writes the draft and quits, restoring the terminal.
	p := model.NewProgram(os.Stdout, tea.WithoutSignalHandler(), tea.WithColorProfile(profile))
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		p.Send(ui.SignalMsg{Signal: sig})
		time.AfterFunc(3*time.Second, p.Kill) // a dead terminal must not keep us
	}()
	final, err := p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintln(stderr, "ccedit:", err)
		return exitError
	}
	m, ok := final.(ui.Model)
	if !ok {
		return exitError
	}
	return report(m.Outcome(), reopen, stderr)
}

// reopenCommand returns how to open a customer again on this same API: the
// demo, or the base URL given (any password in it left out).
func reopenCommand(demo bool, baseURL string) func(id string) string {
	return func(id string) string {
		parts := []string{"ccedit"}
		if demo {
			parts = append(parts, "--demo")
		}
		if baseURL != "" {
			if u, err := url.Parse(baseURL); err == nil {
				baseURL = u.Redacted()
			}
			parts = append(parts, "--base-url", baseURL)
		}
		return strings.Join(append(parts, id), " ")
	}
}

// report prints what happened to the agent's edits and picks the exit code.
func report(out ui.Outcome, reopen func(id string) string, stderr io.Writer) int {
	code := exitOK
	if s, ok := out.Signal.(syscall.Signal); ok {
		fmt.Fprintf(stderr, "ccedit: stopped by signal %d (%s).\n", int(s), s)
		code = 128 + int(s)
	}
	switch {
	case out.LoadError != nil:
		// The error holds the server's message: sanitize it like the UI does.
		safe := theme.NewPlain(theme.ASCIIGlyphs()).Safe(out.LoadError.Error())
		fmt.Fprintln(stderr, "ccedit: the customer was not loaded:", safe)
		return exitError
	case out.Unsaved > 0 && out.DraftPath != "":
		fmt.Fprintf(stderr, "ccedit: %s kept in the draft %s\n", count(out.Unsaved, "unsaved change is", "unsaved changes are"), out.DraftPath)
		fmt.Fprintf(stderr, "        run  %s  to restore them.\n", reopen(out.CustomerID))
	case out.Unsaved > 0:
		fmt.Fprintf(stderr, "ccedit: %s discarded; nothing else was sent.\n", count(out.Unsaved, "unsaved change", "unsaved changes"))
	case out.DraftPath != "":
		fmt.Fprintf(stderr, "ccedit: the draft from an earlier session is kept at %s\n", out.DraftPath)
	case out.Saved > 0:
		fmt.Fprintf(stderr, "ccedit: saved %s.\n", count(out.Saved, "field", "fields"))
	}
	return code
}

// count says "1 field" or "3 fields".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// openDrafts opens the draft directory (the demo keeps its own), removes
// drafts older than a week, and deletes the draft of discardID if given
// (--discard-draft).
func openDrafts(getenv func(string) string, demo bool, discardID string) (*draft.Store, error) {
	sub := "drafts"
	if demo {
		sub = "demo-drafts"
	}
	dir, err := draft.DefaultDir(getenv, sub)
	if err != nil {
		return nil, err
	}
	s, err := draft.Open(dir, nil)
	if err != nil {
		return nil, err
	}
	_, _ = s.Prune(draft.MaxAge)
	if discardID != "" {
		if err := s.Delete(discardID); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// openDebug opens the debug log for appending, private to this user.
func openDebug(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("debug log: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("debug log: %w", err)
	}
	return f, nil
}

// apiKey reads the key from a private file, the environment, or a prompt
// (line by line in lineMode, ASCII-only with ascii), and checks its form.
// The key is never echoed.
func apiKey(file string, getenv func(string) string, lineMode, ascii bool) (string, error) {
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
		return keyprompt.Prompt(context.Background(), os.Stdin, os.Stderr, theme.New(true, g, mono), lineMode, nil)
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
