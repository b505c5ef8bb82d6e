package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The demo's drafts belong to its run: its fake API starts afresh every
// run, so a draft of another run would be offered against a record reset
// under it. Two demos at once each have a private directory of their own
// (neither sees the other's lock or draft); within a run a draft works and
// the quit says how long it lasts; at exit it is gone, with the words to
// say so. A directory a killed run left is removed once a day old, never
// one a live run holds.
func TestE2EDemoDraftsEndWithTheDemo(t *testing.T) {
	bin, state, u := e2e(t)
	demoDir := filepath.Join(state, "ccedit", "demo-drafts")
	old := time.Now().Add(-48 * time.Hour)
	for _, name := range []string{"run-killed", "run-live"} {
		if err := os.MkdirAll(filepath.Join(demoDir, name), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(filepath.Join(demoDir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	live, err := os.Open(filepath.Join(demoDir, "run-live"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if err := unix.Flock(int(live.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	runs := func() []string {
		m, _ := filepath.Glob(filepath.Join(demoDir, "run-*"))
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		return m
	}

	// Kept open after the demo exits, for its whole output.
	u.start(80, 24, "XDG_STATE_HOME="+state+" LANG=C.UTF-8 TERM=xterm-256color "+bin+" --demo "+fakeapi.MedicareLeadID+
		"; printf '\\r\\nEXIT=%s\\r\\n' $?; sleep 30")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("!")
	u.wait("Chicago!")
	mine := ""
	for _, r := range runs() {
		if r != "run-live" {
			mine = r
		}
	}
	drafts, _ := filepath.Glob(filepath.Join(demoDir, mine, "*.draft"))
	st, err := os.Stat(filepath.Join(demoDir, mine))
	if len(runs()) != 2 || mine == "" || len(drafts) != 1 || err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("while the demo runs: runs %v, drafts %v, %v %v", runs(), drafts, st, err)
	}

	// A second demo at once, on the same customer: its own record, no lock
	// question, no draft offered.
	u2 := newTerminal(t)
	openDemo(t, u2, bin, state, "TERM=xterm-256color")
	if s := u2.screen(); strings.Contains(s, "Chicago!") || strings.Contains(s, "another") || strings.Contains(s, "earlier session") {
		t.Fatalf("the second demo sees the first's draft or lock:\n%s", s)
	}
	u2.keys("C-c")
	u2.waitExit()

	// Quitting ends the demo and its drafts: no draft is offered to keep.
	u.keys("C-c")
	u.wait(`The demo ends when you quit, and its drafts`)
	if s := u.screen(); strings.Contains(s, "keep them in a draft") {
		t.Fatalf("the quit question offers a draft that ends with the quit:\n%s", s)
	}
	u.typ("d")
	u.wait("EXIT=0")
	out := strings.Join(strings.Fields(ansi.Strip(string(u.finalOutput()))), " ")
	_, report, _ := strings.Cut(out, "ccedit: Margaret O'Connell:")
	if !strings.HasPrefix(report, " 1 unsaved change discarded.") || strings.Contains(report, ".draft") || strings.Contains(report, "To restore") {
		t.Fatalf("the exit report: %q", report)
	}
	if got := strings.Join(runs(), " "); got != "run-live" {
		t.Fatalf("after both demos: %q, want only the live run's", got)
	}
}
