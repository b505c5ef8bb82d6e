package ui

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/carecycle/ccedit/ui/workflow"
)

// One exit status for every way a session ends, locally and over ccedit
// serve alike.
func TestOutcomeExitCode(t *testing.T) {
	kept := workflow.Customer{ID: "id-1", Unsaved: 1, Draft: "/d"}
	lost := workflow.Customer{ID: "id-1", Unsaved: 1, NotKept: "the draft could not be written"}
	for _, c := range []struct {
		name string
		o    Outcome
		want int
	}{
		{"quit", Outcome{Report: workflow.Report{Current: kept}}, ExitOK},
		{"not loaded", Outcome{Report: workflow.Report{Ending: workflow.Ending{LoadError: errors.New("404")}}}, ExitError},
		{"edits lost", Outcome{Report: workflow.Report{Current: lost}}, ExitError},
		{"hangup", Outcome{Signal: syscall.SIGHUP, Report: workflow.Report{Current: kept}}, 129},
		{"terminated, edits lost", Outcome{Signal: syscall.SIGTERM, Report: workflow.Report{Current: lost}}, 143},
		{"SIGQUIT", Outcome{Signal: syscall.SIGQUIT, Dump: []byte("goroutine 1")}, 131},
	} {
		if got := c.o.ExitCode(); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
	if got := (Outcome{Signal: syscall.SIGQUIT, Dump: []byte("goroutine 1 [running]:\n")}).Text(80); got != "ccedit: stopped by SIGQUIT; the goroutine dump follows.\ngoroutine 1 [running]:\n" {
		t.Errorf("the dump's text %q", got)
	}
	if got := (Outcome{Report: workflow.Report{Current: workflow.Customer{ID: "id-1", Name: "\x1b]0;x\x07Ann", Unsaved: 1, Draft: "/d", Reopen: "r"}}}).Text(0); strings.ContainsAny(got, "\x1b\x07") ||
		!strings.HasPrefix(got, "ccedit: ") {
		t.Errorf("the report's text %q", got)
	}
}
