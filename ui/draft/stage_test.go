package draft

import (
	"encoding/json"
	"errors"
	"os"
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
	s := open(t)
	s.Stage(New(id, base(), forms.Edits{"city": forms.TextValue("Skokie")}, time.Now()))
	if err := os.Chmod(s.Dir(), 0o500); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// root writes anyway: make the directory unusable another way.
		if err := os.Chmod(s.Dir(), 0o700); err != nil {
			t.Fatal(err)
		}
		moved := s.Dir() + ".away"
		if err := os.Rename(s.Dir(), moved); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(); err == nil {
			t.Fatal("no error writing into a missing directory")
		}
		if err := os.Rename(moved, s.Dir()); err != nil {
			t.Fatal(err)
		}
	} else {
		if err := s.Flush(); err == nil {
			t.Fatal("no error writing into a read-only directory")
		}
		if err := os.Chmod(s.Dir(), 0o700); err != nil {
			t.Fatal(err)
		}
	}
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

// A staged draft is encoded as json.Marshal encodes it, its base kept
// from one write to the next, and made again for another base.
func TestStagedEncodingIsJSONMarshal(t *testing.T) {
	s := open(t)
	b := base()
	b["firstName"] = json.RawMessage(`"Margaret"`)
	for _, d := range []*Draft{
		New(id, b, forms.Edits{"firstName": forms.TextValue(`Mag "base":null`)}, time.Now()),
		New(id, b, forms.Edits{"firstName": forms.TextValue("Maggie")}, time.Now()),
		New(id, base(), forms.Edits{"city": forms.NullValue()}, time.Now()),
	} {
		got, err := s.encode(d, true)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(d)
		if string(got) != string(want) {
			t.Fatalf("encoded\n%s\nwant\n%s", got, want)
		}
	}
}
