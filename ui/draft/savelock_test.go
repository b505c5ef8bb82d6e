package draft

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openSaveLocks(t *testing.T) *SaveLocks {
	t.Helper()
	l, err := OpenSaveLocks(filepath.Join(t.TempDir(), "state", "ccedit", "locks"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// Two saves of one customer in one process: the second waits until the
// first releases; a save of another customer does not wait.
func TestASecondSaveInTheProcessWaits(t *testing.T) {
	l := openSaveLocks(t)
	release, err := l.Lock(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		r, err := l.Lock(context.Background(), strings.ToUpper(id)) // the same customer
		if err == nil {
			defer r()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("the second save did not wait: %v", err)
	case <-time.After(150 * time.Millisecond):
	}
	other, err := l.Lock(context.Background(), "8b7c6d5e-4f3a-4b2c-8d1e-0f9a8b7c6d02")
	if err != nil {
		t.Fatalf("another customer's lock: %v", err)
	}
	other()
	release()
	release() // a second call is harmless
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second save still waits after the first released")
	}
	st, err := os.Lstat(filepath.Join(l.path, saveLockName(id)))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the lock file: %v %v", st, err)
	}
	if strings.Contains(st.Name(), id) {
		t.Fatal("customer data in the lock file's name")
	}
}

// A context that ends while another save holds the lock ends the wait
// with an error that says so and wraps the context's.
func TestADeadlineEndsTheWait(t *testing.T) {
	l := openSaveLocks(t)
	release, err := l.Lock(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = l.Lock(ctx, id)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "another save of this customer holds its save lock") {
		t.Fatalf("lock with a deadline: %v", err)
	}
	if took := time.Since(start); took < 50*time.Millisecond || took > 2*time.Second {
		t.Fatalf("the wait took %v", took)
	}
}

const saveLockHelperEnv = "CCEDIT_TEST_SAVE_LOCK_DIR"

// TestSaveLockHelperProcess is the other process of
// TestASaveInAnotherProcessWaits: it holds the save lock for a moment.
func TestSaveLockHelperProcess(t *testing.T) {
	dir := os.Getenv(saveLockHelperEnv)
	if dir == "" {
		t.Skip("run by TestASaveInAnotherProcessWaits")
	}
	l, err := OpenSaveLocks(dir)
	if err != nil {
		t.Fatal(err)
	}
	release, err := l.Lock(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	time.Sleep(300 * time.Millisecond)
	if err := os.WriteFile(releasingMark(dir), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	release()
}

// Two processes saving one customer: the second waits for the first.
func TestASaveInAnotherProcessWaits(t *testing.T) {
	l := openSaveLocks(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveLockHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), saveLockHelperEnv+"="+l.path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "locked" {
		t.Fatalf("the other process: %q %v", lines.Text(), lines.Err())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.Lock(ctx, id); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("locked while the other process holds it: %v", err)
	}
	release, err := l.Lock(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// The other process marks that it is releasing just before it does:
	// a lock taken before then finds no mark.
	if _, err := os.Stat(releasingMark(l.path)); err != nil {
		t.Fatalf("locked before the other process released: %v", err)
	}
}

func releasingMark(lockDir string) string { return filepath.Join(filepath.Dir(lockDir), "releasing") }

// A save lock file that is a hard link or a symlink is refused, and what
// it points at is untouched; so is an unsafe lock directory.
func TestUnfitSaveLocksAreRefused(t *testing.T) {
	l := openSaveLocks(t)
	lock := filepath.Join(l.path, saveLockName(id))
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(victim, lock); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Lock(context.Background(), id); err == nil || !strings.Contains(err.Error(), lock+" has 2 links") {
		t.Fatalf("hard-linked lock file: %v", err)
	}
	_ = os.Remove(lock)
	if err := os.Symlink(victim, lock); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Lock(context.Background(), id); err == nil || !strings.Contains(err.Error(), lock+" is a symlink") {
		t.Fatalf("symlinked lock file: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatal("the victim was changed")
	}
	if st, _ := os.Stat(victim); st.Mode().Perm() != 0o600 {
		t.Fatalf("the victim's mode changed: %v", st.Mode())
	}

	root := t.TempDir()
	real := filepath.Join(root, "real")
	_ = os.Mkdir(real, 0o700)
	_ = os.Symlink(real, filepath.Join(root, "locks"))
	var ue *UnsafeError
	if _, err := OpenSaveLocks(filepath.Join(root, "locks")); !errors.As(err, &ue) || !strings.Contains(err.Error(), "save lock directory") ||
		!strings.Contains(err.Error(), "is a symlink") {
		t.Fatalf("symlinked directory: %v", err)
	}
	open := filepath.Join(root, "open")
	_ = os.Mkdir(open, 0o755)
	_ = os.Chmod(open, 0o755)
	if _, err := OpenSaveLocks(open); !errors.As(err, &ue) || !strings.Contains(err.Error(), "group or others (mode 0755)") {
		t.Fatalf("0755 directory: %v", err)
	}
	l.Close()
	if _, err := l.Lock(context.Background(), id); err == nil {
		t.Fatal("a lock taken after Close")
	}
}
