package ui

import (
	"context"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/draft"
)

// Config is what main hands the UI.
type Config struct {
	Client     *apiclient.Client
	CustomerID string // empty: open the picker (demo)
	Demo       bool
	ASCII      bool   // draw ASCII only
	Mono       bool   // the terminal shows no colour: mark with reverse video
	KeyHint    string // the key in use, masked (cc_…abcd), for 401 messages
	Version    string
	Drafts     *draft.Store // nil: no drafts (tests that do not look at them)
}

// Common is the dependencies every screen shares, passed down by pointer.
type Common struct {
	Client  *apiclient.Client
	Schema  *forms.Schema
	Theme   *theme.Theme
	themes  [2]*theme.Theme // light, dark: built once
	Width   int
	Height  int
	Demo    bool
	KeyHint string
	Version string
	Drafts  *draft.Store
	Now     func() time.Time
	Zone    *time.Location // for times shown to the agent
	// After schedules a message; tests replace it to drive time by hand.
	After func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

func newCommon(cfg Config) *Common {
	g := theme.UnicodeGlyphs()
	if cfg.ASCII {
		g = theme.ASCIIGlyphs()
	}
	c := &Common{Client: cfg.Client, Schema: forms.NewSchema(), Demo: cfg.Demo, KeyHint: cfg.KeyHint,
		Version: cfg.Version, Width: 80, Height: 24, After: tea.Tick, Drafts: cfg.Drafts, Now: time.Now, Zone: time.Local}
	c.themes = [2]*theme.Theme{theme.New(false, g, cfg.Mono), theme.New(true, g, cfg.Mono)}
	c.Theme = c.themes[1]
	return c
}

// setDark picks the theme for the terminal's background.
func (c *Common) setDark(dark bool) {
	if dark {
		c.Theme = c.themes[1]
	} else {
		c.Theme = c.themes[0]
	}
}

// Messages carrying async results. Each carries the request id it answers
// so that a stale result (the agent retried or moved on) is dropped.
type (
	customerLoadedMsg struct {
		req  int
		cust *apiclient.Customer
		err  error
	}
	customerSavedMsg struct {
		req     int
		cust    *apiclient.Customer
		err     error
		changes []forms.Change // what the agent asked to save
		sent    []forms.Change // what the PATCH carried
		already []forms.Change // already on the server: not sent
	}
	conflictMsg struct {
		req       int
		theirs    *apiclient.Customer
		conflicts []forms.Conflict
	}
	customersListedMsg struct {
		req  int
		page *apiclient.Page
		err  error
	}
	spinTickMsg  struct{ req int }
	countdownMsg struct{ req int }
)

// SignalMsg tells the program that SIGHUP, SIGTERM or SIGINT arrived: it
// writes the draft and quits, so the terminal is restored on the way out.
type SignalMsg struct{ Signal os.Signal }

// requestTimeout bounds each command; the client has its own timeout too.
const requestTimeout = 30 * time.Second

func loadCustomerCmd(client *apiclient.Client, id string, req int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		cust, err := client.GetCustomer(ctx, id)
		return customerLoadedMsg{req: req, cust: cust, err: err}
	}
}

func listCustomersCmd(client *apiclient.Client, req int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		page, err := client.ListCustomers(ctx, "", 1, 100)
		return customersListedMsg{req: req, page: page, err: err}
	}
}
