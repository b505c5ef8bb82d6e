package ui

import (
	"context"
	"fmt"
	"time"
)

// The line mode's automatic logoff: the same promise as the full screen's
// (idle.go), for a conversation. With a timeout, input is read on its own
// goroutine so that a question can also end when the time is up: a
// warning first, then the session closes as if input had ended (the draft
// holds every change).

// lineIdle is the line mode's logoff state.
type lineIdle struct {
	timeout time.Duration // 0: none
	lines   chan lineRead // fed by the reading goroutine, once started
	closed  bool          // the timeout closed the session
}

// lineRead is one line of input, or its end.
type lineRead struct {
	text string
	ok   bool
}

// readLine reads the answer to q: at once with no timeout, otherwise
// waiting at most the timeout, with a warning (q asked again after it)
// before the end.
func (lm *lineMode) readLine(q string) (string, bool) {
	s := &lm.idle
	if s.timeout <= 0 {
		return lm.scan()
	}
	if s.closed {
		return "", false
	}
	if s.lines == nil {
		// Started at the first question, so input is read no earlier than
		// without a timeout.
		s.lines = make(chan lineRead)
		go func() {
			for {
				text, ok := lm.scan()
				s.lines <- lineRead{text, ok}
				if !ok {
					return
				}
			}
		}()
	}
	lead := min(time.Minute, s.timeout/2)
	if l, ok := lm.waitLine(s.timeout - lead); ok {
		return l.text, l.ok
	}
	lm.say("")
	lm.say("No input for %s: to protect this record, ccedit closes it at %s. Press Enter to stay.",
		humanDuration(s.timeout-lead), lm.clock.Now().Add(lead).In(lm.c.Zone).Format("15:04:05"))
	fmt.Fprint(lm.out, q+" ")
	if l, ok := lm.waitLine(lead); ok {
		return l.text, l.ok
	}
	s.closed = true
	lm.say("")
	lm.say("Closed after %s without input (automatic logoff).", humanDuration(s.timeout))
	return "", false
}

// waitLine waits up to d for a line; ok is false when the time ran out.
func (lm *lineMode) waitLine(d time.Duration) (lineRead, bool) {
	ctx, cancel := context.WithCancel(lm.ctx)
	defer cancel()
	up := make(chan struct{})
	go func() {
		if lm.clock.Sleep(ctx, d) == nil {
			close(up)
		}
	}()
	select {
	case l := <-lm.idle.lines:
		return l, true
	case <-up:
		return lineRead{}, false
	}
}
