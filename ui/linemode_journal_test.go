package ui

import (
	"strings"
	"syscall"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The line mode keeps the same promises as the full screen: it says when
// drafts cannot be written, never offers to keep edits no draft holds, and
// reports them as not kept.
func TestLineModeSaysWhenDraftsCannotBeWritten(t *testing.T) {
	d := &disk{}
	d.set(syscall.EROFS)
	store := faultyStore(t, d)
	out, o := runLines(t, fakeapi.New(fakeapi.Options{}), fakeapi.MedicareLeadID, "city\nSkokie\nquit\n\n",
		func(c *Config) { c.Drafts = store })
	for _, want := range []string{"Warning: drafts cannot be written (read-only file system)",
		"no draft holds them (drafts cannot be written: read-only file system)", "Save them (s)"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Keep them in a draft") {
		t.Fatalf("offered to keep edits no draft holds:\n%s", out)
	}
	if o.Unsaved != 1 || o.DraftPath != "" || !strings.Contains(o.NotKept, "read-only file system") {
		t.Fatalf("outcome %+v", o)
	}
}
