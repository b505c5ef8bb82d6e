package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// wait is the screen shown while a load or a save is in flight: a bubbles
// spinner and what is happening. Results go to the root, which replaces it.
type wait struct {
	c    *Common
	what string
	spin spin
	w, h int
}

func newWait(c *Common, what string) *wait {
	return &wait{c: c, what: what, spin: newSpin(c)}
}

func (s *wait) start() tea.Cmd                        { return s.spin.start() }
func (s *wait) setSize(w, h int)                      { s.w, s.h = w, h }
func (s *wait) ShortHelp() []key.Binding              { return nil }
func (s *wait) FullHelp() [][]key.Binding             { return nil }
func (s *wait) update(msg tea.Msg) (tea.Cmd, tea.Msg) { return s.spin.update(msg), nil }

func (s *wait) view() string {
	return "\n  " + s.spin.view() + " " + s.c.Theme.Safe(s.what) + s.c.Theme.G.Ellipsis
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
