package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/ui/workflow"
)

// failure shows a failed load or save in plain language; a rate limit
// counts down and retries by itself.
type failure struct {
	c      *Common
	ex     workflow.Explanation
	saving bool
	wait   int // seconds left before an automatic retry (429)
	tick   int // the countdown's generation: a stopped one's ticks are stale
	keys   failureKeys
	w, h   int
}

type failureKeys struct {
	Retry, Stop, Back, Quit key.Binding
}

// countdownMsg is one second of a rate-limit countdown.
type countdownMsg struct {
	f   *failure
	gen int
}

func newFailure(c *Common, ex workflow.Explanation, saving bool) *failure {
	f := &failure{c: c, ex: ex, saving: saving, wait: int(ex.Wait.Round(time.Second) / time.Second),
		keys: failureKeys{
			Retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
			Stop:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop the countdown")),
			Back:  key.NewBinding(key.WithKeys("esc", "ctrl+b"), key.WithHelp("esc", "back to editing")),
			Quit:  key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		}}
	if ex.Wait > 0 && f.wait == 0 {
		f.wait = 1
	}
	f.keys.Back.SetEnabled(saving)
	f.syncKeys()
	return f
}

// syncKeys enables the keys that mean something now: each key has one
// meaning on this screen.
func (f *failure) syncKeys() {
	f.keys.Retry.SetEnabled(f.ex.Retryable || f.ex.Wait > 0)
	if f.wait > 0 {
		f.keys.Retry.SetHelp("r", "retry now")
	} else {
		f.keys.Retry.SetHelp("r", "retry")
	}
	f.keys.Stop.SetEnabled(f.wait > 0)
}

// start begins the countdown when there is one.
func (f *failure) start() tea.Cmd {
	if f.wait <= 0 {
		return nil
	}
	gen := f.tick
	return f.c.After(time.Second, func(time.Time) tea.Msg { return countdownMsg{f: f, gen: gen} })
}

func (f *failure) setSize(w, h int) { f.w, f.h = w, h }

func (f *failure) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Retry, f.keys.Stop, f.keys.Back, f.keys.Quit}
}

func (f *failure) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

func (f *failure) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case countdownMsg:
		if msg.f != f || msg.gen != f.tick || f.wait <= 0 {
			return nil, nil
		}
		f.wait--
		if f.wait == 0 {
			return nil, retryMsg{saving: f.saving}
		}
		return f.start(), nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Retry):
			f.wait = 0
			return nil, retryMsg{saving: f.saving}
		case key.Matches(msg, f.keys.Stop):
			f.wait = 0 // r still retries
			f.tick++
			f.syncKeys()
		case key.Matches(msg, f.keys.Back):
			return nil, backToEditorMsg{}
		case key.Matches(msg, f.keys.Quit):
			return nil, quitRequestedMsg{}
		}
	}
	return nil, nil
}

func (f *failure) view() string {
	t := f.c.Theme
	w := f.w - 4
	lines := []string{""}
	for _, l := range wrap(t.Safe(f.ex.Title), w) {
		lines = append(lines, "  "+t.S.Error.Bold(true).Render(l))
	}
	if f.ex.Detail != "" {
		lines = append(lines, "")
		for _, l := range wrap(t.S.Subtle.Render(f.ex.DetailLabel()+": ")+t.Safe(f.ex.Detail), w) {
			lines = append(lines, "  "+l)
		}
	}
	if f.ex.Hint != "" {
		lines = append(lines, "")
		for _, l := range wrap(t.Safe(f.ex.Hint), w) {
			lines = append(lines, "  "+l)
		}
	}
	if f.wait > 0 {
		lines = append(lines, "", "  "+t.S.Warn.Render(fmt.Sprintf("Retrying in %d s%s", f.wait, t.G.Ellipsis)))
	}
	return strings.Join(lines, "\n")
}
