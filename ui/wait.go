package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/ui/workflow"
)

// wait is the screen shown while a load or a save is in flight: a bubbles
// spinner and what is happening, and, while the request waits for the
// rate limit every agent of the key shares, that it does and behind how
// many (asked of the client at each tick of the spinner: what it says is
// true as of the last tick). Results go to the root, which replaces it.
type wait struct {
	c    *Common
	what string
	rate string // workflow.WaitText of the last tick; "" when not waiting
	spin spin
	w, h int
}

func newWait(c *Common, what string) *wait {
	return &wait{c: c, what: what, spin: newSpin(c)}
}

func (s *wait) start() tea.Cmd            { return s.spin.start() }
func (s *wait) setSize(w, h int)          { s.w, s.h = w, h }
func (s *wait) ShortHelp() []key.Binding  { return nil }
func (s *wait) FullHelp() [][]key.Binding { return nil }

func (s *wait) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if t, ok := msg.(spinner.TickMsg); ok && t.ID == s.spin.m.ID() && s.c.Client != nil {
		s.rate = workflow.WaitText(s.c.Client.Waiting())
	}
	return s.spin.update(msg), nil
}

func (s *wait) view() string {
	v := "\n  " + s.spin.view() + " " + s.c.Theme.Safe(s.what) + s.c.Theme.G.Ellipsis
	if s.rate != "" { // ccedit's own words: wrapped, never cut
		w := s.w
		if w < 20 {
			w = 80
		}
		v += "\n\n" + strings.Join(workflow.Wrap(s.rate, w-1, "  ", "  "), "\n")
	}
	return v
}

// spin is a bubbles spinner whose ticks are scheduled through Common.After
// rather than the spinner's own tea.Tick: tests drive time by hand through
// After, and a spinner that is not on screen must not tick (an idle
// program writes nothing).
type spin struct {
	c *Common
	m spinner.Model
}

func newSpin(c *Common) spin {
	return spin{c: c, m: spinner.New(spinner.WithSpinner(spinner.Spinner{Frames: c.Theme.G.Spinner, FPS: 120 * time.Millisecond}),
		spinner.WithStyle(c.Theme.S.Title))}
}

func (s *spin) start() tea.Cmd {
	id := s.m.ID()
	return s.c.After(s.m.Spinner.FPS, func(t time.Time) tea.Msg { return spinner.TickMsg{ID: id, Time: t} })
}

// update advances the spinner on its own ticks and schedules the next one.
func (s *spin) update(msg tea.Msg) tea.Cmd {
	t, ok := msg.(spinner.TickMsg)
	if !ok || t.ID != s.m.ID() {
		return nil
	}
	s.m, _ = s.m.Update(t) // its own next tick is replaced by ours
	return s.start()
}

func (s *spin) view() string { return s.m.View() }
