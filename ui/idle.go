package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The automatic logoff (HIPAA §164.312(a)(2)(iii)): after the idle timeout
// with no key pressed, the session ends as SIGHUP ends it (draft kept,
// screen cleared, terminal restored), after a warning.
//
// One timer is outstanding at a time, and keys never start one: a key only
// notes the time. When the timer fires it looks at how long it has been
// since the last key and either sets itself again for the rest of the
// time (nothing on screen changes, so nothing is written to the terminal),
// shows the warning, or ends the session.

// idleCheckMsg is the idle timer firing.
type idleCheckMsg struct{}

// idleState is the logoff's state in the root model.
type idleState struct {
	timeout time.Duration // 0: no automatic logoff
	last    time.Time     // the last key or paste; zero: none yet
	warning bool          // the warning is on screen
}

// warnLead is how long before the logoff the warning shows: a minute, or
// half the timeout when that is shorter.
func (s idleState) warnLead() time.Duration { return min(time.Minute, s.timeout/2) }

// idleStart sets the timer for the first time (from Init).
func (m Model) idleStart() tea.Cmd {
	if m.idle.timeout <= 0 {
		return nil
	}
	return m.idleAfter(m.idle.timeout - m.idle.warnLead())
}

func (m Model) idleAfter(d time.Duration) tea.Cmd {
	return m.c.After(d, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// touch notes a key or paste: the agent is there. It takes down the warning.
func (m *Model) touch() {
	m.idle.last = m.c.Now()
	m.idle.warning = false
}

// onIdleCheck is the timer firing: set it again, warn, or end the session.
func (m Model) onIdleCheck() (Model, tea.Cmd) {
	s := m.idle
	if s.timeout <= 0 {
		return m, nil
	}
	now := m.c.Now()
	if s.last.IsZero() { // no key yet: idle since the first timer was set
		m.idle.last = now.Add(-(s.timeout - s.warnLead()))
	}
	idle := now.Sub(m.idle.last)
	switch {
	case idle >= s.timeout:
		m.ending.idleOut = true
		return m.leave()
	case idle >= s.timeout-s.warnLead():
		m.idle.warning = true
		return m, m.idleAfter(s.timeout - idle)
	}
	return m, m.idleAfter(s.timeout - s.warnLead() - idle)
}

// idleWarning is the banner shown during the warning, or "".
func (m Model) idleWarning() string {
	if !m.idle.warning {
		return ""
	}
	at := m.idle.last.Add(m.idle.timeout).In(m.c.Zone).Format("15:04:05")
	return fmt.Sprintf("No key pressed for %s: to protect this record, ccedit closes it at %s. Press any key to stay.",
		humanDuration(m.idle.timeout-m.idle.warnLead()), at)
}

// humanDuration says a duration for people: "14 min", "2 min 30 s", "45 s".
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d%time.Minute != 0:
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}
