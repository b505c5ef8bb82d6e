package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Each run gets a fresh private directory of its own, gone after Remove
// with everything in it; what another run holds is never removed, and a
// directory left by a killed run goes once it is a day old.
func TestRunDirsBelongToOneRun(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "ccedit", "demo-drafts")
	now := time.Now()
	a, err := OpenRunDir(parent, now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenRunDir(parent, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Path() == b.Path() || filepath.Dir(a.Path()) != parent || !strings.HasPrefix(filepath.Base(a.Path()), "run-") {
		t.Fatalf("run directories %s and %s", a.Path(), b.Path())
	}
	for _, p := range []string{parent, a.Path()} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v", p, st, err)
		}
	}
	// The drafts of a run, and of a served run's agents, nested.
	s, err := Open(filepath.Join(a.Path(), "agents", "dana", "drafts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(New("3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01", nil, nil, now)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Left by runs long gone: one unlocked, one a live process holds; and
	// a fresh unlocked one, and a directory that is not a run's.
	old := now.Add(-2 * StaleRunDir)
	mk := func(name string, at time.Time) string {
		p := filepath.Join(parent, name)
		if err := os.MkdirAll(filepath.Join(p, "agents"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "agents", "x.draft"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale, held, fresh, other := mk("run-stale", old), mk("run-held", old), mk("run-fresh", now), mk("notes", old)
	holder, err := os.Open(held)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := unix.Flock(int(holder.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(a.Path(), old, old); err != nil { // a live run idle for two days
		t.Fatal(err)
	}
	c, err := OpenRunDir(parent, now)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Remove()
	for p, want := range map[string]bool{stale: false, held: true, fresh: true, other: true, a.Path(): true, b.Path(): true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", p, err == nil, want)
		}
	}

	if err := a.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.Path()); !os.IsNotExist(err) {
		t.Fatalf("after Remove: %v", err)
	}
	if err := a.Remove(); err != nil {
		t.Fatalf("a second Remove: %v", err)
	}
	b.Remove()

	// A parent open to others is refused.
	loose := filepath.Join(t.TempDir(), "ccedit", "demo-drafts")
	if err := os.MkdirAll(loose, 0o700); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(loose, 0o755)
	if _, err := OpenRunDir(loose, now); err == nil || !strings.Contains(err.Error(), "accessible to group or others") {
		t.Fatalf("loose parent: %v", err)
	}
}
