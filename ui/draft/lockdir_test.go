package draft

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// ccedit serve: each agent has a drafts directory of their own, and every
// agent's locks live in one shared directory, so two agents on one
// customer exclude each other, and the second is told the first one's
// name. Drafts stay each agent's own.
func TestASharedLockDirExcludesAgentsAndNamesThem(t *testing.T) {
	root := filepath.Join(t.TempDir(), "serve")
	locks := filepath.Join(root, "draft-locks")
	dana, err := OpenWith(filepath.Join(root, "agents", "dana", "drafts"), Options{Agent: "dana", LockDir: locks})
	if err != nil {
		t.Fatal(err)
	}
	defer dana.Close()
	lee, err := OpenWith(filepath.Join(root, "agents", "lee", "drafts"), Options{Agent: "lee", LockDir: locks})
	if err != nil {
		t.Fatal(err)
	}
	defer lee.Close()

	if err := dana.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(locks, lockName(id))); err != nil {
		t.Fatalf("the lock is not in the shared directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dana.Dir(), lockName(id))); !os.IsNotExist(err) {
		t.Fatalf("a lock file in dana's drafts directory: %v", err)
	}
	if !dana.Exists(id) || lee.Exists(id) {
		t.Fatalf("the draft is dana's alone: dana %v, lee %v", dana.Exists(id), lee.Exists(id))
	}

	var le *LockedError
	if err := lee.Lock(id); !errors.As(err, &le) || le.Holder.Agent != "dana" {
		t.Fatalf("lee's lock while dana has the customer: %v", err)
	}
	if got := le.Error(); got[:len("agent dana has this customer open")] != "agent dana has this customer open" {
		t.Errorf("the lock prompt's words: %q", got)
	}
	if err := lee.Save(draftWith("Chicago")); err == nil {
		t.Fatal("lee saved a draft of a customer dana holds")
	}

	dana.Unlock(id)
	if err := lee.Lock(id); err != nil {
		t.Fatalf("lee's lock once dana let go: %v", err)
	}
	if err := dana.Lock(id); !errors.As(err, &le) || le.Holder.Agent != "lee" {
		t.Fatalf("dana's lock while lee has the customer: %v", err)
	}
}

// The shared lock directory gets the drafts directory's checks: one open
// to others is refused, and no store is opened on it.
func TestAnUnsafeLockDirIsRefused(t *testing.T) {
	root := filepath.Join(t.TempDir(), "serve")
	locks := filepath.Join(root, "draft-locks")
	if err := os.MkdirAll(locks, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(locks, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := OpenWith(filepath.Join(root, "agents", "dana", "drafts"), Options{Agent: "dana", LockDir: locks})
	var ue *UnsafeError
	if !errors.As(err, &ue) || ue.Path != locks || s != nil {
		t.Fatalf("open with a lock directory open to others: %v", err)
	}
}
