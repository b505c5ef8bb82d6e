package draft

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/carecycle/ccedit/forms"
)

// Staged writes reach the disk only on Flush, the last one per customer
// wins, and a direct Save or Delete replaces what was staged.
func TestStageAndFlush(t *testing.T) {
	s := open(t)
	d := func(v string) *Draft {
		return New(id, base(), forms.Edits{"firstName": forms.TextValue(v)}, time.Now())
	}
	s.Stage(d("Mag"))
	s.Stage(d("Maggie"))
	if _, err := os.Stat(s.Path(id)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("staged draft on disk before Flush: %v", err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s); got != "Maggie" {
		t.Fatalf("flushed %q", got)
	}
	if err := s.Flush(); err != nil { // nothing staged: nothing done
		t.Fatal(err)
	}

	s.Stage(d("Peggy"))
	if err := s.Delete(id); err != nil { // e.g. the agent discards the draft
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(id); !errors.Is(err, ErrNone) {
		t.Fatalf("a staged write outlived a Delete: %v", err)
	}

	s.StageDelete(id)
	if err := s.Save(d("Meg")); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s); got != "Meg" {
		t.Fatalf("a staged delete outlived a Save: %q", got)
	}
}

// A staged write that fails stays staged and is tried again.
func TestFailedFlushIsRetried(t *testing.T) {
	full := false
	s, err := OpenWith(filepath.Join(t.TempDir(), "state", "ccedit", "drafts"), Options{Fault: func(step Step) error {
		if full && step == StepWrite {
			return syscall.ENOSPC
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	s.Stage(New(id, base(), forms.Edits{"city": forms.TextValue("Skokie")}, time.Now()))
	full = true
	if err := s.Flush(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("flush on a full disk: %v", err)
	}
	full = false
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s); got != "Skokie" {
		t.Fatalf("after the retry: %q", got)
	}
}

func load(t *testing.T, s *Store) string {
	t.Helper()
	got, err := s.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return got.Edits["firstName"].Text + got.Edits["city"].Text
}

func base() map[string]json.RawMessage {
	return map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`)}
}
