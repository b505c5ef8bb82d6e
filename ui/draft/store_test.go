package draft

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/carecycle/ccedit/forms"
)

func draftWith(city string) *Draft {
	base := map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "city": json.RawMessage(`"Chicago"`)}
	return New(id, base, forms.Edits{"city": forms.TextValue(city)}, time.Now())
}

func city(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d.Edits["city"].Text
}

// A draft that is refused for what it is (open to others, a symlink) is
// moved aside as it is, and the next draft never replaces it.
func TestRefusedDraftIsMovedAsideNotReplaced(t *testing.T) {
	s := open(t)
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(s.Path(id), 0o644); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(s.Dir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	_, err = s2.Load(id)
	var ce *CorruptError
	if !errors.As(err, &ce) || !ce.Refused || !strings.Contains(err.Error(), "mode 0644") {
		t.Fatalf("0644 draft: %v", err)
	}
	if err := s2.Save(draftWith("Skokie")); err != nil {
		t.Fatal(err)
	}
	if city(t, ce.KeptAt) != "Evanston" || city(t, s2.Path(id)) != "Skokie" {
		t.Fatal("the refused draft was replaced")
	}
	if st, _ := os.Stat(ce.KeptAt); st.Mode().Perm() != 0o644 {
		t.Fatalf("the kept draft was changed: mode %v", st.Mode())
	}

	// A symlink in place of the draft: moved aside itself, its target
	// neither read nor touched.
	target := filepath.Join(t.TempDir(), "elsewhere")
	_ = os.WriteFile(target, []byte("not mine"), 0o600)
	_ = os.Remove(s2.Path(id))
	if err := os.Symlink(target, s2.Path(id)); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Load(id); !errors.As(err, &ce) || !ce.Refused || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("symlink draft: %v", err)
	}
	if l, err := os.Readlink(ce.KeptAt); err != nil || l != target {
		t.Fatalf("the symlink was not kept aside: %q %v", l, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "not mine" {
		t.Fatal("the symlink's target was touched")
	}
}

// A file at the draft's name that the store neither wrote nor read is moved
// aside before a draft is renamed over it, and never deleted.
func TestAFileTheStoreDidNotWriteIsNeverReplaced(t *testing.T) {
	s := open(t)
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(s.Dir(), "foreign")
	_ = os.WriteFile(foreign, []byte(`{"someone":"else"}`), 0o600)
	if err := os.Rename(foreign, s.Path(id)); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(s.Path(id)); string(b) != `{"someone":"else"}` {
		t.Fatal("Delete removed a file the store did not write")
	}
	if err := s.Save(draftWith("Skokie")); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(s.Path(id) + ".kept-*")
	if len(kept) != 1 {
		t.Fatalf("kept aside: %v", kept)
	}
	if b, _ := os.ReadFile(kept[0]); string(b) != `{"someone":"else"}` || city(t, s.Path(id)) != "Skokie" {
		t.Fatal("the foreign file was replaced")
	}
}

// The directory ccedit creates above the drafts is checked like the drafts
// directory: a symlink, or a directory others can write, is refused.
func TestTheParentDirectoryIsChecked(t *testing.T) {
	state := t.TempDir()
	parent := filepath.Join(state, "ccedit")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(parent, 0o777)
	if _, err := Open(filepath.Join(parent, "drafts"), nil); err == nil || !strings.Contains(err.Error(), "writable by group or others (mode 0777)") {
		t.Fatalf("0777 parent: %v", err)
	}
	if os.Getuid() == 0 {
		_ = os.Chmod(parent, 0o700)
		if err := os.Chown(parent, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(filepath.Join(parent, "drafts"), nil); err == nil || !strings.Contains(err.Error(), "another user (uid 4242)") {
			t.Fatalf("foreign parent: %v", err)
		}
	}
	state2 := t.TempDir()
	real := t.TempDir()
	if err := os.Symlink(real, filepath.Join(state2, "ccedit")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(state2, "ccedit", "drafts"), nil); err == nil || !strings.Contains(err.Error(), "is a symlink") {
		t.Fatalf("symlinked parent: %v", err)
	}
	if entries, _ := os.ReadDir(real); len(entries) != 0 {
		t.Fatalf("created %v behind the symlink", entries)
	}
}

// Swapping the drafts directory, or its parent, under a running session
// does not redirect its writes: they go through the handle opened at start.
func TestSwappingTheDirectoryDoesNotRedirectWrites(t *testing.T) {
	state := t.TempDir()
	dir := filepath.Join(state, "ccedit", "drafts")
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	trap := t.TempDir()
	if err := os.Symlink(trap, dir); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	if city(t, filepath.Join(dir+".moved", filepath.Base(s.Path(id)))) != "Evanston" {
		t.Fatal("the draft is not in the directory opened at start")
	}
	parent := filepath.Join(state, "ccedit")
	if err := os.Rename(parent, parent+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(trap, parent); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(draftWith("Skokie")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(trap); len(entries) != 0 {
		t.Fatalf("writes went to the swapped-in directory: %v", entries)
	}
}

// faulty is a disk that can be made read-only or full while a store uses it.
type faulty struct{ err atomic.Value }

func (f *faulty) set(err error) { f.err.Store(&err) }
func (f *faulty) step(st Step) error {
	p, _ := f.err.Load().(*error)
	if p == nil || *p == nil {
		return nil
	}
	if *p == syscall.ENOSPC && st != StepCreate && st != StepWrite {
		return nil // a full disk still renames, removes and syncs
	}
	return *p
}

// A directory that cannot be written is known at open, not at the first
// edit; a disk that fills up later makes Health say so, and the draft on
// disk keeps the last edits that were written.
func TestHealthFollowsWhatTheDiskDoes(t *testing.T) {
	disk := &faulty{}
	disk.set(syscall.EROFS)
	dir := filepath.Join(t.TempDir(), "ccedit", "drafts")
	_ = os.MkdirAll(dir, 0o700)
	s, err := OpenWith(dir, Options{Fault: disk.step})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Health(); !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "cannot be written") {
		t.Fatalf("health at open on a read-only disk: %v", err)
	}
	if err := s.Save(draftWith("Evanston")); !errors.Is(err, syscall.EROFS) || s.Health() == nil {
		t.Fatalf("save on a read-only disk: %v", err)
	}
	disk.set(nil)
	if err := s.Save(draftWith("Evanston")); err != nil || s.Health() != nil {
		t.Fatalf("save once writable: %v, health %v", err, s.Health())
	}
	disk.set(syscall.ENOSPC)
	if err := s.Save(draftWith("EvanstonABC")); !errors.Is(err, syscall.ENOSPC) || !errors.Is(s.Health(), syscall.ENOSPC) {
		t.Fatalf("save on a full disk: %v, health %v", err, s.Health())
	}
	if got := city(t, s.Path(id)); got != "Evanston" {
		t.Fatalf("the draft holds %q", got)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(entries) != 0 {
		t.Fatalf("temporary files left: %v", entries)
	}
	// A draft directory that cannot even be created is not refused: the
	// session runs, and Health says why drafts fail.
	disk.set(syscall.EROFS)
	s2, err := OpenWith(filepath.Join(t.TempDir(), "ccedit", "drafts"), Options{Fault: disk.step})
	if err != nil || !errors.Is(s2.Health(), syscall.EROFS) || s2.Exists(id) {
		t.Fatalf("uncreatable directory: %v, health %v", err, s2.Health())
	}
	if _, err := s2.Load(id); !errors.Is(err, ErrNone) {
		t.Fatalf("load: %v", err)
	}
}

// One session per customer holds the draft's lock; another is told who and
// since when, and can neither write nor delete the draft.
func TestOneSessionPerCustomerHoldsTheDraft(t *testing.T) {
	a := open(t)
	if err := a.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	b, err := Open(a.Dir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Lock(id)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || time.Since(le.Holder.Since) > time.Minute {
		t.Fatalf("second lock: %v (%+v)", err, le)
	}
	for name, op := range map[string]func() error{
		"save":   func() error { return b.Save(draftWith("Skokie")) },
		"delete": func() error { return b.Delete(id) },
		"remove": func() error { return b.Remove(id) },
		"load":   func() error { _, err := b.Load(id); return err },
	} {
		if err := op(); !errors.As(err, &le) {
			t.Errorf("%s while another holds the lock: %v", name, err)
		}
	}
	if city(t, a.Path(id)) != "Evanston" {
		t.Fatal("the holder's draft was changed")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if locks, _ := filepath.Glob(filepath.Join(a.Dir(), "*.lock")); len(locks) != 0 {
		t.Fatalf("lock file left after Close: %v", locks)
	}
	if d, err := b.Load(id); err != nil || d.Edits["city"].Text != "Evanston" {
		t.Fatalf("after the holder ended: %v", err)
	}
	// A draft another session holds is not pruned, however old.
	old := time.Now().Add(-8 * 24 * time.Hour)
	_ = os.Chtimes(b.Path(id), old, old)
	c, _ := Open(a.Dir(), nil)
	defer c.Close()
	if n, _ := c.Prune(MaxAge); n != 0 || !c.Exists(id) {
		t.Fatalf("pruned %d drafts held by another session", n)
	}
}
