package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/ui/workflow"
)

// A session's event becomes one JSON line naming who, when, the customer,
// the fields and the status; the file is made 0600.
func TestAuditorWritesOneLinePerEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	log, err := Open(path, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	a := Auditor{Log: log, Who: Who{Agent: "dana", KeyFingerprint: "SHA256:abc", Remote: "127.0.0.1:5000", Session: "s1"}}
	if err := a.Record(workflow.Event{Kind: workflow.EventSave, CustomerID: "c1", Fields: []string{"firstName"}, Status: 200}); err != nil {
		t.Fatal(err)
	}
	code := 0
	if err := a.Event(Record{Event: EventLogout, Exit: &code}); err != nil {
		t.Fatal(err)
	}
	log.Close()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{
		`{"time":"2026-12-01T09:30:00Z","agent":"dana","keyFingerprint":"SHA256:abc","remote":"127.0.0.1:5000","session":"s1","event":"save","customer":"c1","fields":["firstName"],"status":200}`,
		`{"time":"2026-12-01T09:30:00Z","agent":"dana","keyFingerprint":"SHA256:abc","remote":"127.0.0.1:5000","session":"s1","event":"logout","exit":0}`,
	}
	if len(lines) != 2 || lines[0] != want[0] || lines[1] != want[1] {
		t.Fatalf("lines:\n%s", b)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not JSON: %s", l)
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	if err := a.Record(workflow.Event{Kind: workflow.EventOpen}); err == nil {
		t.Error("a write after Close succeeded")
	}
}

// The audit file cannot be aimed elsewhere: a symlink, a file others can
// read, a hard link are refused, and left as they were.
func TestAuditFileIsCheckedLikeTheDebugLog(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	_ = os.Symlink(victim, link)
	hard := filepath.Join(dir, "hard")
	_ = os.Link(victim, hard)
	open := filepath.Join(dir, "open")
	_ = os.WriteFile(open, nil, 0o644)
	for path, want := range map[string]string{link: "symlink", hard: "hard links", open: "open to group or others"} {
		if _, err := Open(path, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(path), err, want)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "x" {
		t.Errorf("the victim changed: %q", b)
	}
}
