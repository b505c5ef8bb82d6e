package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// timers records what the model asks Common.After for, instead of waiting.
type timers struct{ d []time.Duration }

func (ts *timers) after(d time.Duration, _ func(time.Time) tea.Msg) tea.Cmd {
	ts.d = append(ts.d, d)
	return nil
}

func (ts *timers) last() time.Duration { return ts.d[len(ts.d)-1] }

func TestIdleTimerStartsWithTheSession(t *testing.T) {
	for _, c := range []struct{ timeout, first time.Duration }{{15 * time.Minute, 14 * time.Minute}, {0, 0}, {90 * time.Second, 45 * time.Second}} {
		m := New(Config{CustomerID: fakeapi.MedicareLeadID, IdleTimeout: c.timeout})
		ts := &timers{}
		m.c.After = ts.after
		_ = m.Init()
		var idle []time.Duration
		for _, d := range ts.d {
			if d >= time.Second { // not the spinner's frames
				idle = append(idle, d)
			}
		}
		if c.timeout == 0 && len(idle) != 0 || c.timeout > 0 && (len(idle) != 1 || idle[0] != c.first) {
			t.Errorf("timeout %v: timers %v, want one of %v", c.timeout, idle, c.first)
		}
	}
}

// After the idle timeout with no key pressed the session ends the way
// SIGHUP ends it, the draft kept, after a warning a minute before. Keys
// only note the time: a timer that finds the agent was active sets itself
// again without changing the screen, so an idle program writes nothing.
func TestIdleLogoffWarnsThenEndsKeepingTheDraft(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	t0 := time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	now := t0
	h.m.c.Now = func() time.Time { return now }
	ts := &timers{}
	h.m.c.After = ts.after
	h.m.idle.timeout = 15 * time.Minute
	at := func(d time.Duration) { now = t0.Add(d) }

	h.goTo("city")
	h.typ("x") // the last key, at t0
	at(5 * time.Minute)
	h.typ("y")
	at(14 * time.Minute) // the first timer: 9 min idle
	before := h.raw()
	h.send(idleCheckMsg{})
	if h.raw() != before || len(ts.d) != 1 || ts.last() != 5*time.Minute {
		t.Fatalf("a timer with the agent active changed the screen or did not set itself again: %v", ts.d)
	}
	at(19 * time.Minute) // 14 min since the last key: the warning
	h.send(idleCheckMsg{})
	h.mustSee("No key pressed for 14 min", "closes it at 14:20:00", "Press any key to stay.")
	if ts.last() != time.Minute {
		t.Fatalf("timer %v", ts.last())
	}
	at(19*time.Minute + 30*time.Second)
	h.keys("tab") // the agent is back: the warning goes
	h.mustNotSee("No key pressed")
	at(20 * time.Minute)
	h.send(idleCheckMsg{}) // the warning's timer, now early
	h.mustNotSee("No key pressed")
	if h.quit || ts.last() != 13*time.Minute+30*time.Second {
		t.Fatalf("quit %v, timer %v", h.quit, ts.last())
	}
	at(33*time.Minute + 30*time.Second)
	h.send(idleCheckMsg{})
	h.mustSee("No key pressed")
	at(34*time.Minute + 30*time.Second)
	h.send(idleCheckMsg{})
	o := h.m.Outcome()
	if !h.quit || o.Report.Ending.IdleLogoff != 15*time.Minute || o.Report.Current.Unsaved != 1 || o.Report.Current.Draft == "" || o.Report.Current.NotKept != "" {
		t.Fatalf("quit %v, outcome %+v", h.quit, o)
	}
}
