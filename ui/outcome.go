package ui

import (
	"fmt"
	"os"
	"syscall"

	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/workflow"
)

// Exit statuses of the editor, the local program's and each session of
// ccedit serve alike (the commands have their own: script.Exit…).
const (
	// ExitOK: done. Saved, or quit (unsaved changes kept in a draft, and
	// the report says where), also after the idle logoff.
	ExitOK = 0
	// ExitError: the customer could not be loaded, unsaved changes could
	// not be kept, or the editor failed.
	ExitError = 1
	// ExitUsage: bad arguments or configuration.
	ExitUsage = 2
	// ExitSignal plus n is the status after signal n ended the session:
	// 129 SIGHUP (a dropped link), 143 SIGTERM, 131 SIGQUIT.
	ExitSignal = 128
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

// ExitCode is the exit status for o: ExitSignal+n after signal n,
// ExitError when the customer could not be loaded or unsaved changes
// could not be kept (unless a signal says more), else ExitOK.
func (o Outcome) ExitCode() int {
	code := ExitOK
	if s, ok := o.Signal.(syscall.Signal); ok {
		code = ExitSignal + int(s)
	}
	switch {
	case o.Dump != nil:
		return ExitSignal + int(syscall.SIGQUIT)
	case o.Report.Ending.LoadError != nil:
		return ExitError
	case o.Report.Unkept() && code == ExitOK:
		return ExitError
	}
	return code
}

// Text is what o says on the agent's terminal once the editor has let it
// go: the exit report for a terminal width columns wide (80 when narrower
// than 20), each sentence after "ccedit: ", in ASCII with names and server
// words sanitized; after SIGQUIT, the goroutine dump instead.
func (o Outcome) Text(width int) string {
	if o.Dump != nil {
		// The terminal is restored: the dump is readable, and then the
		// shell's prompt follows it.
		return fmt.Sprintf("ccedit: stopped by SIGQUIT; the goroutine dump follows.\n%s", o.Dump)
	}
	if width < 20 {
		width = 80
	}
	safe := theme.NewPlain(theme.ASCIIGlyphs()).Safe
	return o.Report.Text(width, "ccedit: ", safe)
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
