package draft

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/forms"
)

const id = "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state", "ccedit", "drafts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveLoadDelete(t *testing.T) {
	s := open(t)
	base := map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`), "firstName": json.RawMessage(`"Margaret"`)}
	d := New(id, base, forms.Edits{"firstName": forms.TextValue("Maggie"), "middleName": forms.NullValue()}, time.Now())
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(s.Path(id))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("draft file mode %v %v", st.Mode(), err)
	}
	dst, _ := os.Stat(s.Dir())
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", dst.Mode())
	}
	if strings.Contains(s.Path(id), id) || strings.Contains(s.Path(id), "Margaret") {
		t.Fatal("customer data in the path")
	}
	got, err := s.Load(strings.ToUpper(id))
	if err != nil {
		t.Fatal(err)
	}
	e := got.FormEdits()
	if e["firstName"] != forms.TextValue("Maggie") || !e["middleName"].Null || string(got.Base["firstName"]) != `"Margaret"` {
		t.Fatalf("round trip: %+v", got)
	}
	entries, _ := os.ReadDir(s.Dir())
	if len(entries) != 2 || entries[0].Name() != filepath.Base(s.Path(id)) || !strings.HasSuffix(entries[1].Name(), ".lock") {
		t.Fatalf("left temporary files: %v", entries) // the draft and the lock this store holds
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(id); !errors.Is(err, ErrNone) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal("deleting no draft must not fail")
	}
}

func TestCorruptDraftIsKeptAside(t *testing.T) {
	s := open(t)
	if err := os.WriteFile(s.Path(id), []byte(`{"version":1,"customerId":`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load(id)
	var ce *CorruptError
	if !errors.As(err, &ce) {
		t.Fatalf("err %v", err)
	}
	if b, err := os.ReadFile(ce.KeptAt); err != nil || string(b) != `{"version":1,"customerId":` {
		t.Fatalf("kept copy: %q %v", b, err)
	}
	if _, err := s.Load(id); !errors.Is(err, ErrNone) {
		t.Fatalf("the corrupt file must be out of the way: %v", err)
	}
	// A draft for another customer under this name is not trusted either.
	other := New("8b7c6d5e-4f3a-4b2c-8d1e-0f9a8b7c6d02", map[string]json.RawMessage{}, nil, time.Now())
	b, _ := json.Marshal(other)
	_ = os.WriteFile(s.Path(id), encodeRecord(1, b), 0o600)
	if _, err := s.Load(id); !errors.As(err, &ce) || !strings.Contains(err.Error(), "another customer") {
		t.Fatalf("mismatched id: %v", err)
	}
}

func TestUnsafeDirectoriesAreRefused(t *testing.T) {
	root := t.TempDir()
	open := filepath.Join(root, "open")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(open, nil); err == nil || !strings.Contains(err.Error(), "group or others") {
		t.Fatalf("0755 dir: %v", err)
	}
	real := filepath.Join(root, "real")
	_ = os.Mkdir(real, 0o700)
	link := filepath.Join(root, "link")
	_ = os.Symlink(real, link)
	if _, err := Open(link, nil); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("symlink dir: %v", err)
	}
	if os.Getuid() == 0 {
		other := filepath.Join(root, "other")
		_ = os.Mkdir(other, 0o700)
		if err := os.Chown(other, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(other, nil); err == nil || !strings.Contains(err.Error(), "another user") {
			t.Fatalf("foreign dir: %v", err)
		}
	}
	s, _ := Open(real, nil)
	_ = os.WriteFile(s.Path(id), []byte(`{}`), 0o644)
	if _, err := s.Load(id); err == nil || !strings.Contains(err.Error(), "group or others") {
		t.Fatalf("0644 draft file: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestPruneOldDrafts(t *testing.T) {
	s := open(t)
	_ = s.Save(New(id, map[string]json.RawMessage{}, nil, time.Now()))
	old := filepath.Join(s.Dir(), "0123.json")
	_ = os.WriteFile(old, []byte(`{}`), 0o600)
	eightDays := time.Now().Add(-8 * 24 * time.Hour)
	_ = os.Chtimes(old, eightDays, eightDays)
	n, err := s.Prune(MaxAge)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d %v", n, err)
	}
	if _, err := os.Stat(s.Path(id)); err != nil {
		t.Fatal("a fresh draft was pruned")
	}
}

func TestDefaultDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if d, _ := DefaultDir(env(map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/h"}), "drafts"); d != "/x/state/ccedit/drafts" {
		t.Error(d)
	}
	if d, _ := DefaultDir(env(map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/h"}), "drafts"); d != "/h/.local/state/ccedit/drafts" {
		t.Error(d)
	}
}
