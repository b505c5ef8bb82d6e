package ui

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/carecycle/ccedit/ui/workflow"
)

// The line mode's input: answers are read on their own goroutine, so that a
// question also ends when a signal arrives (SIGHUP, SIGTERM, SIGINT: the
// session ends as the full screen's does, its edits in the draft and the
// exit report said) or when the automatic logoff's time is up (a warning
// first, then the session closes as if input had ended).

// lineInput is the line mode's input state.
type lineInput struct {
	timeout time.Duration    // the idle logoff; 0: none
	signals <-chan os.Signal // from main; nil: none
	lines   chan lineRead    // fed by the reading goroutine, once started
	closed  bool             // the idle logoff closed the session
	eof     bool             // the input itself ended: nothing more comes
	// interrupted: ctrl+c came once since the last line; a second one
	// ends the session (the first only says how to leave).
	interrupted bool
	sig         os.Signal // the signal that ended it
}

// lineRead is one line of input, or its end.
type lineRead struct {
	text string
	ok   bool
}

// ended reports whether no more answers can be read.
func (in *lineInput) ended() bool { return in.closed || in.eof || in.sig != nil }

// ending says how the input ended, for the exit report.
func (in *lineInput) ending() workflow.Ending {
	var e workflow.Ending
	if s, ok := in.sig.(syscall.Signal); ok {
		e.Signal, e.SignalName = int(s), s.String()
	}
	if in.closed {
		e.IdleLogoff = in.timeout
	}
	return e
}

// readLine reads the answer to q: waiting, with a timeout, at most that
// long, with a warning (q asked again after it) before the end.
func (lm *lineMode) readLine(q string) (string, bool) {
	in := &lm.input
	if in.ended() {
		return "", false
	}
	if in.lines == nil {
		in.lines = make(chan lineRead)
		go func() {
			for {
				text, ok := lm.scan()
				in.lines <- lineRead{text, ok}
				if !ok {
					return
				}
			}
		}()
	}
	if in.timeout <= 0 {
		l, _ := lm.waitLine(-1)
		return l.text, l.ok
	}
	lead := min(time.Minute, in.timeout/2)
	if l, ok := lm.waitLine(in.timeout - lead); ok || in.ended() {
		return l.text, l.ok
	}
	lm.say("")
	lm.say("No input for %s: to protect this record, ccedit closes it at %s. Press Enter to stay.",
		humanDuration(in.timeout-lead), lm.clock.Now().Add(lead).In(lm.c.Zone).Format("15:04:05"))
	fmt.Fprint(lm.out, q+" ")
	if l, ok := lm.waitLine(lead); ok || in.ended() {
		return l.text, l.ok
	}
	in.closed = true
	lm.say("")
	lm.say("Closed after %s without input (automatic logoff).", humanDuration(in.timeout))
	return "", false
}

// waitLine waits up to d (forever when d < 0) for a line; ok is false when
// the time ran out or a signal came (then in.sig is set).
func (lm *lineMode) waitLine(d time.Duration) (lineRead, bool) {
	ctx, cancel := context.WithCancel(lm.ctx)
	defer cancel()
	up := make(chan struct{})
	if d >= 0 {
		go func() {
			if lm.clock.Sleep(ctx, d) == nil {
				close(up)
			}
		}()
	}
	select {
	case l := <-lm.input.lines:
		// The reader sends the end once and stops: remember it, or the
		// next question would wait for a line that never comes.
		lm.input.eof = lm.input.eof || !l.ok
		lm.input.interrupted = false
		return l, true
	case sig := <-lm.input.signals:
		if sig == os.Interrupt {
			// ctrl+c out of habit: as on the full screen, nothing ends
			// without a question. The answer is an empty line, which
			// never loses anything (Enter keeps a field; a question that
			// could lose data asks again). A second ctrl+c stops at once
			// only when that loses nothing: no unsaved change, or a draft
			// that holds them.
			if hint, stops := lm.interruptHint(); !stops || !lm.input.interrupted {
				lm.input.interrupted = true
				lm.say("")
				lm.say("%s", hint)
				return lineRead{ok: true}, true
			}
		}
		lm.input.sig = sig
		return lineRead{}, false
	case <-up:
		return lineRead{}, false
	}
}

// interruptHint says what ctrl+c does now, and whether a second one stops
// the session: only when no unsaved change would be lost by it.
func (lm *lineMode) interruptHint() (string, bool) {
	q := lm.s.QuitQuestion()
	switch {
	case q.Unsaved == 0 && !q.Saving:
		return "(ctrl+c: type quit to leave; ctrl+c again stops at once.)", true
	case q.Offers(workflow.QuitKeep):
		return "(ctrl+c: type quit to leave, with the question about unsaved changes; ctrl+c again stops at once, keeping them in the draft.)", true
	}
	return fmt.Sprintf("(ctrl+c: no draft would keep your %s: type save to send them, or quit to leave with the question.)",
		workflow.Plural(q.Unsaved, "unsaved change", "unsaved changes")), false
}
