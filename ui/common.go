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

// saveRounds bounds how often a save looks at the record again after a
// conflict answer or an ambiguous failure.
const saveRounds = 3

// saveCustomerCmd saves changes without overwriting anyone: it fetches the
// record, applies the three-way rule (forms.Merge), and PATCHes only what is
// still to send. A conflict sends nothing. After an ambiguous failure (the
// PATCH may have been applied) or a 409/412 it looks again instead of
// re-sending blindly: already applied is success, untouched is sent again,
// changed by someone else is a conflict.
func saveCustomerCmd(client *apiclient.Client, id string, changes []forms.Change, req int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*requestTimeout)
		defer cancel()
		pending := changes
		var already []forms.Change
		var lastErr error
		for round := 0; round < saveRounds; round++ {
			theirs, err := client.GetCustomer(ctx, id)
			if err != nil {
				if lastErr != nil {
					err = lastErr // the save's own failure says more
				}
				return customerSavedMsg{req: req, err: err, changes: changes}
			}
			mg := forms.Merge(pending, theirs.Fields)
			already = append(already, mg.Already...)
			if len(mg.Conflicts) > 0 {
				return conflictMsg{req: req, theirs: theirs, conflicts: mg.Conflicts}
			}
			if len(mg.Send) == 0 {
				return customerSavedMsg{req: req, cust: theirs, already: already}
			}
			cust, err := client.UpdateCustomer(ctx, id, forms.Patch(mg.Send), theirs)
			if err == nil {
				return customerSavedMsg{req: req, cust: cust, sent: mg.Send, already: already}
			}
			if !lookAgain(err) {
				return customerSavedMsg{req: req, err: err, changes: changes}
			}
			pending, lastErr = mg.Send, err
		}
		return customerSavedMsg{req: req, err: lastErr, changes: changes}
	}
}

// lookAgain reports whether a PATCH failure leaves the record's state
// unknown or changed: timeouts and resets after sending, 502/504, 409/412.
func lookAgain(err error) bool {
	e, ok := apiclient.AsError(err)
	if !ok {
		return false
	}
	switch {
	case e.Kind == apiclient.KindConflict:
		return true
	case e.Kind == apiclient.KindNetwork && e.Sent:
		return true
	case e.Kind == apiclient.KindServer && (e.Status == 502 || e.Status == 504):
		return true
	}
	return false
}

func listCustomersCmd(client *apiclient.Client, req int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		page, err := client.ListCustomers(ctx, "", 1, 100)
		return customersListedMsg{req: req, page: page, err: err}
	}
}
