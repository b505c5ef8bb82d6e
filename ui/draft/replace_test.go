package draft

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/carecycle/ccedit/forms"
)

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// After the first two writes, writes make no new files: the draft and its
// spare swap names, the spare holding the previous version; Delete removes
// both.
func TestWritesSwapWithASpare(t *testing.T) {
	s := open(t)
	d := func(v string) *Draft {
		return New(id, base(), forms.Edits{"city": forms.TextValue(v)}, time.Now())
	}
	for _, v := range []string{"Evanston", "Skokie"} {
		if err := s.Save(d(v)); err != nil {
			t.Fatal(err)
		}
	}
	spare := s.Path(id) + spareSuffix
	a, b := inode(t, s.Path(id)), inode(t, spare)
	if err := s.Save(d("Wilmette")); err != nil {
		t.Fatal(err)
	}
	if inode(t, s.Path(id)) != b || inode(t, spare) != a {
		t.Fatal("the write made a new file instead of swapping with the spare")
	}
	if got := load(t, s); got != "Wilmette" {
		t.Fatalf("draft %q", got)
	}
	if st, _ := os.Stat(spare); st.Mode().Perm() != 0o600 {
		t.Fatalf("spare mode %v", st.Mode())
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(s.Dir()); len(entries) != 0 {
		t.Fatalf("left after Delete: %v", entries)
	}
}

// A spare that is a symlink is never written through: it is replaced.
func TestSpareSymlinkIsNotFollowed(t *testing.T) {
	s := open(t)
	target := t.TempDir() + "/elsewhere"
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, s.Path(id)+spareSuffix); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(New(id, base(), forms.Edits{"city": forms.TextValue("Skokie")}, time.Now())); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatalf("wrote through the symlink: %q", b)
	}
	if got := load(t, s); got != "Skokie" {
		t.Fatalf("draft %q", got)
	}
}
