package draft

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A hard link at the lock file's name (ln ~/victim <hash>.lock) is refused
// before anything is written: the file it is another name for keeps its
// content and mode, and no draft is saved through the lock.
func TestAHardLinkedLockFileIsRefusedUnwritten(t *testing.T) {
	s := open(t)
	defer s.Close()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(s.Dir(), lockName(id))
	if err := os.Link(victim, lock); err != nil {
		t.Fatal(err)
	}
	err := s.Lock(id)
	if err == nil || !strings.Contains(err.Error(), lock) || !strings.Contains(err.Error(), "has 2 links") {
		t.Fatalf("lock through a hard link: %v", err)
	}
	if err := s.Save(draftWith("Evanston")); err == nil || s.Exists(id) {
		t.Fatalf("a draft was saved without its lock: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Fatalf("the victim was written: %q", b)
	}
	if st, _ := os.Stat(victim); st.Mode().Perm() != 0o600 || st.Size() != int64(len("precious\n")) {
		t.Fatalf("the victim changed: %v, %d bytes", st.Mode(), st.Size())
	}
	// Once the link is gone, the lock works again.
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
}

// A lock file that is a symlink, open to others, not a regular file or
// another user's is refused, with what is wrong with which file, and left
// as it was.
func TestUnfitLockFilesAreRefused(t *testing.T) {
	s := open(t)
	defer s.Close()
	lock := filepath.Join(s.Dir(), lockName(id))

	target := filepath.Join(t.TempDir(), "target")
	_ = os.WriteFile(target, []byte("keep"), 0o600)
	if err := os.Symlink(target, lock); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(id); err == nil || !strings.Contains(err.Error(), lock+" is a symlink") {
		t.Fatalf("symlinked lock file: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatal("the symlink's target was written")
	}
	_ = os.Remove(lock)

	if err := os.WriteFile(lock, []byte("someone's"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(lock, 0o644)
	if err := s.Lock(id); err == nil || !strings.Contains(err.Error(), "mode 0644") {
		t.Fatalf("0644 lock file: %v", err)
	}
	if b, _ := os.ReadFile(lock); string(b) != "someone's" {
		t.Fatalf("the refused lock file was written: %q", b)
	}
	_ = os.Remove(lock)

	if err := os.Mkdir(lock, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(id); err == nil || !strings.Contains(err.Error(), lock) || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("directory as lock file: %v", err)
	}
	_ = os.Remove(lock)

	if os.Geteuid() == 0 {
		_ = os.WriteFile(lock, nil, 0o600)
		if err := os.Chown(lock, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if err := s.Lock(id); err == nil || !strings.Contains(err.Error(), "another user (uid 4242)") {
			t.Fatalf("another user's lock file: %v", err)
		}
		_ = os.Remove(lock)
	}
	if err := s.Lock(id); err != nil {
		t.Fatalf("a fit lock file: %v", err)
	}
	var le *LockedError
	if errors.As(s.Lock(id), &le) {
		t.Fatal("the store's own lock refused")
	}
}
