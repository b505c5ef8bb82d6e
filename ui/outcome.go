package ui

import (
	"os"
	"syscall"

	"github.com/carecycle/ccedit/ui/workflow"
)

// Outcome is what main reports after the program ends: the session's exit
// report (what happened to each customer's edits, and how to open them
// again), and what only the process knows.
type Outcome struct {
	Report workflow.Report
	// Signal ended the program, if one did (SIGHUP also when the terminal
	// went away: Report.Ending.InputEnded).
	Signal os.Signal
	// Dump is the goroutine dump SIGQUIT asked for, taken before the
	// terminal was restored; main prints it.
	Dump []byte
}

// Outcome summarises the session for the exit message.
func (m Model) Outcome() Outcome {
	return Outcome{Signal: m.ending.sig, Report: m.c.Sess.Report(m.ending.report(m.idle, m.loadErr))}
}

// report is the session's Ending for what the root saw.
func (e ending) report(idle idleState, loadErr error) workflow.Ending {
	out := workflow.Ending{InputEnded: e.inputEnded, LoadError: loadErr}
	if s, ok := e.sig.(syscall.Signal); ok {
		out.Signal, out.SignalName = int(s), s.String()
	}
	if e.idleOut {
		out.IdleLogoff = idle.timeout
	}
	return out
}
