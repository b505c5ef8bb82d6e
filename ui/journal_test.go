package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// disk is a drafts directory whose writes can be made to fail as on a
// read-only or full filesystem (draft.Options.Fault).
type disk struct{ err atomic.Pointer[error] }

func (d *disk) set(err error) { d.err.Store(&err) }

func (d *disk) step(st draft.Step) error {
	p := d.err.Load()
	if p == nil || *p == nil {
		return nil
	}
	if *p == syscall.ENOSPC && st != draft.StepCreate && st != draft.StepWrite {
		return nil // a full disk still renames, removes and syncs
	}
	return *p
}

func faultyStore(t *testing.T, d *disk) *draft.Store {
	t.Helper()
	s, err := draft.OpenWith(filepath.Join(t.TempDir(), "drafts"), draft.Options{Fault: d.step})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func draftCity(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := draft.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d.Edits["city"].Text
}

// On a read-only drafts directory the session says so from the start,
// never offers to keep edits in a draft, and the outcome says they were
// not kept.
func TestReadOnlyDraftsAreSaidAndNeverOfferedToKeep(t *testing.T) {
	d := &disk{}
	d.set(syscall.EROFS)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(faultyStore(t, d)))
	h.mustSee("Drafts cannot be written (read-only file system)", "only in memory")
	h.goTo("city")
	h.typ("x")
	h.keys("ctrl+c")
	h.mustSee("No draft holds them", "read-only file system", "s  Review and save them now", "d  Discard them and quit")
	h.mustNotSee("keep them in a draft")
	h.typ("y") // the old "keep in a draft" answer does nothing now
	h.keys("ctrl+c")
	if h.quit {
		t.Fatal("quit with edits nothing keeps")
	}
	h.typ("n")
	h.send(SignalMsg{Signal: syscall.SIGHUP})
	o := h.m.Outcome()
	if !h.quit || o.Report.Current.Unsaved != 1 || o.Report.Current.Draft != "" || !strings.Contains(o.Report.Current.NotKept, "read-only file system") {
		t.Fatalf("outcome %+v", o)
	}
}

// A disk that fills up after the first edits: the banner shows, the quit
// dialog offers to save now, the draft keeps what was written before, and
// saving clears it all.
func TestFullDiskMidSession(t *testing.T) {
	d := &disk{}
	store := faultyStore(t, d)
	h := newHarness(t, fakeapi.MedicareLeadID, withDrafts(store))
	h.goTo("city")
	h.keys("ctrl+u")
	h.typ("Evanston")
	h.mustNotSee("Drafts cannot be written")
	d.set(syscall.ENOSPC)
	h.typ("ABC")
	h.mustSee("Drafts cannot be written (no space left on device)")
	if got := draftCity(t, store.Path(fakeapi.MedicareLeadID)); got != "Evanston" {
		t.Fatalf("draft holds %q", got)
	}
	h.keys("ctrl+c")
	h.mustNotSee("keep them in a draft")
	o := h.m.Outcome()
	if o.Report.Current.Draft != store.Path(fakeapi.MedicareLeadID) || !strings.Contains(o.Report.Current.NotKept, "no space left") {
		t.Fatalf("outcome while the disk is full: %+v", o)
	}
	h.typ("s") // review and save now
	h.mustSee("Review: 1 change to send", `"Chicago" → "EvanstonABC"`)
	h.keys("enter")
	h.wantPatches(`{"city":"EvanstonABC"}`)
	h.mustNotSee("Drafts cannot be written")
	if store.Exists(fakeapi.MedicareLeadID) {
		t.Fatal("draft left after the save")
	}
	// Space again: edits are journaled, and quitting keeps them.
	d.set(nil)
	h.typ("!")
	h.keys("ctrl+c")
	h.mustSee("y  Quit and keep them in a draft")
	h.typ("y")
	if o := h.m.Outcome(); !h.quit || o.Report.Current.NotKept != "" || o.Report.Current.Draft == "" {
		t.Fatalf("outcome %+v", o)
	}
}

// A second session on a customer another session has open is told who
// holds it and since when, and opens without a draft only if the agent
// agrees: the first session's draft is never touched.
func TestSecondSessionOnACustomerAsksFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "drafts")
	open := func() *draft.Store {
		s, err := draft.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	storeA, storeB := open(), open() // two processes' stores
	defer storeB.Close()
	a := newHarness(t, fakeapi.MedicareLeadID, withDrafts(storeA))
	a.goTo("city")
	a.keys("ctrl+u")
	a.typ("Evanston")

	b := newHarness(t, fakeapi.MedicareLeadID, withDrafts(storeB), withFake(a.fake))
	b.mustSee("This customer is open in another ccedit session.", "pid "+itoa(os.Getpid()), "since", "o  Open it without a draft")
	if b.m.ed != nil {
		t.Fatal("opened before the agent agreed")
	}
	if o := b.m.Outcome(); o.Report.Current.Draft != "" { // ended here, it reports nothing of A's draft
		t.Fatalf("outcome at the prompt: %+v", o)
	}
	b.typ("o")
	b.mustSee("No draft is kept in this session", "only in memory")
	b.goTo("email")
	b.keys("ctrl+u")
	b.typ("b@example.org")
	b.keys("ctrl+s", "enter")
	b.mustSee("Saved 1 field: Email.")
	if got := draftCity(t, storeA.Path(fakeapi.MedicareLeadID)); got != "Evanston" {
		t.Fatalf("A's draft holds %q after B's save", got)
	}
	b.goTo("county")
	b.typ("!")
	b.send(SignalMsg{Signal: syscall.SIGHUP})
	if o := b.m.Outcome(); o.Report.Current.Draft != "" || !strings.Contains(o.Report.Current.NotKept, "another ccedit session, pid") {
		t.Fatalf("B's outcome %+v", o)
	}

	// A is killed (its lock goes with it); a third session looks again
	// and is offered A's draft.
	c := newHarness(t, fakeapi.MedicareLeadID, withDrafts(open()), withFake(a.fake))
	c.mustSee("This customer is open in another ccedit session.")
	c.typ("r")
	c.mustSee("Looked again: it is still open there.")
	storeA.Close()
	c.typ("r")
	c.mustSee("Unsaved changes from an earlier session: 1 field.", "City (city)")
	c.typ("r")
	c.mustSee("Restored 1 unsaved change")
	if c.value("city") != "Evanston" {
		t.Fatalf("city %q", c.value("city"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
