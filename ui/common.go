package ui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// Config is what main hands the UI.
type Config struct {
	Client     *apiclient.Client
	CustomerID string // empty: open the search
	Query      string // the search to start with (ccedit find TEXT)
	Demo       bool
	// DemoShared says the demo outlives this session (ccedit serve
	// --demo: its drafts last until the server stops); a local demo ends
	// when its session does, and its drafts with it.
	DemoShared bool
	// Reopen is the command that opens a customer again, for the exit
	// report; nil: "ccedit ID".
	Reopen  func(id string) string
	ASCII   bool   // draw ASCII only
	Mono    bool   // the terminal shows no colour: mark with reverse video
	KeyHint string // the key in use, masked (cc_…abcd), for 401 messages
	Version string
	Drafts  *draft.Store // nil: no drafts (tests that do not look at them)
	// Locks is the host's save locks: a save holds its customer's from its
	// re-read to its PATCH; nil: none.
	Locks workflow.Locker
	// Audit writes the audit trail (ccedit serve, or --audit); nil: none.
	Audit  workflow.Auditor
	NoMask bool // show identifiers and birth dates whole (--no-mask)
	// IdleTimeout ends the session after this long with no key pressed,
	// as SIGHUP would, with a warning first; 0 never does.
	IdleTimeout time.Duration
	// Suspender stops the program on SuspendMsg (SIGTSTP) and takes the
	// terminal back on SIGCONT (tty.Suspender); nil: no suspending.
	Suspender tea.ExecCommand
	// Signals carries SIGHUP, SIGTERM and SIGINT to the line mode, which
	// ends the session on them as the full screen does; nil: none. (The
	// full screen takes them through Terminal.)
	Signals <-chan os.Signal
}

// Common is the dependencies every screen shares, passed down by pointer
// (after soft-serve's common.Common). Screens read it; only the root
// changes it (size, theme).
type Common struct {
	Client  *apiclient.Client
	Schema  *forms.Schema
	Theme   *theme.Theme
	themes  [2]*theme.Theme // light, dark: built once
	dark    bool            // the terminal's background, as reported
	Width   int
	Height  int
	Demo    bool
	KeyHint string
	Version string
	Drafts  *draft.Store
	Locks   workflow.Locker
	// Sess is the customer session: its rules (open, drafts, save, quit,
	// the exit report) live there, not in the screens or the root.
	Sess *workflow.Session
	// Mask hides identifiers (MBI, Medicaid, VA numbers) and birth dates
	// but their last characters or year, except where the agent looks on
	// purpose: the focused field, or after the reveal key (Reveal).
	Mask   bool
	Reveal bool // identifiers shown whole (ctrl+v on any screen), until toggled back
	Now    func() time.Time
	Zone   *time.Location // for times shown to the agent
	// After schedules a message; tests replace it to drive time by hand.
	After func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// frames paces drawing and flushes drafts before frames (frames.go);
	// nil when no program draws (tests): drafts are then written at once.
	frames *frames
	drawn  drawnLines // header, rule and footer as last drawn (view.go)
	// suspender is Config.Suspender.
	suspender tea.ExecCommand
}

func newCommon(cfg Config) *Common {
	g := theme.UnicodeGlyphs()
	if cfg.ASCII {
		g = theme.ASCIIGlyphs()
	}
	c := &Common{Client: cfg.Client, Schema: forms.NewSchema(), Demo: cfg.Demo, KeyHint: cfg.KeyHint,
		Version: cfg.Version, Width: 80, Height: 24, After: tea.Tick, Drafts: cfg.Drafts, Now: time.Now, Zone: time.Local,
		Mask: !cfg.NoMask, suspender: cfg.Suspender, Locks: cfg.Locks}
	c.Sess = workflow.NewSession(workflow.SessionOptions{Client: cfg.Client, Schema: c.Schema, Drafts: cfg.Drafts,
		Locks: cfg.Locks, Reopen: cfg.Reopen, Audit: cfg.Audit, Demo: cfg.Demo, DemoEndsOnQuit: cfg.Demo && !cfg.DemoShared, Now: func() time.Time { return c.Now() },
		Zone: func() *time.Location { return c.Zone }})
	c.themes = [2]*theme.Theme{theme.New(false, g, cfg.Mono), theme.New(true, g, cfg.Mono)}
	c.Theme, c.dark = c.themes[1], true
	return c
}

// setDark picks the theme for the terminal's background.
func (c *Common) setDark(dark bool) {
	c.dark = dark
	if dark {
		c.Theme = c.themes[1]
	} else {
		c.Theme = c.themes[0]
	}
}

// help returns a bubbles help model drawn with the theme's styles.
func (c *Common) help() help.Model {
	t := c.Theme
	h := help.New()
	h.ShortSeparator = "  " // two spaces: the footer must fit in 80 columns
	h.FullSeparator = "   "
	h.Ellipsis = t.G.Ellipsis
	h.Styles = help.Styles{
		Ellipsis:       t.S.HelpDesc,
		ShortKey:       t.S.HelpKey,
		ShortDesc:      t.S.HelpDesc,
		ShortSeparator: t.S.HelpDesc,
		FullKey:        t.S.HelpKey,
		FullDesc:       t.S.HelpDesc,
		FullSeparator:  t.S.HelpDesc,
	}
	return h
}

// SignalMsg tells the program that SIGHUP, SIGTERM or SIGINT arrived: it
// writes the draft and quits, so the terminal is restored on the way out.
type SignalMsg struct{ Signal os.Signal }

// InputEndedMsg tells the program that its input ended (the terminal went
// away: end of file, or an error reading it). It ends the session as
// SIGHUP does, at once rather than at the idle logoff.
type InputEndedMsg struct{ Err error }

// SuspendMsg asks the program to suspend (SIGTSTP): it releases the
// terminal, stops, and redraws everything once continued (fg).
type SuspendMsg struct{}

// resumedMsg says the program was continued after a suspend.
type resumedMsg struct{ err error }

// huhTheme is the theme for huh dialogs: the styles built once in package
// theme, for the background the terminal reported. huh would use its light
// styles until the field itself saw a tea.BackgroundColorMsg, which a
// dialog opened later never does; this hands it a pointer, nothing built.
func (c *Common) huhTheme() huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return c.Theme.Huh.Theme(c.dark) })
}
