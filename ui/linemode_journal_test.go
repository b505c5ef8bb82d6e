package ui

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
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
		"No draft holds them (drafts cannot be written: read-only file system)", "s (review and save them now)"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Keep them in a draft") {
		t.Fatalf("offered to keep edits no draft holds:\n%s", out)
	}
	if o.Report.Current.Unsaved != 1 || o.Report.Current.Draft != "" || !strings.Contains(o.Report.Current.NotKept, "read-only file system") {
		t.Fatalf("outcome %+v", o)
	}
}

// A second line-mode session on a customer another session holds says who
// holds it, and quits unless the agent asks to go on without a draft.
func TestLineModeSecondSessionAsksFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "drafts")
	holder, err := draft.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := holder.Lock(fakeapi.MedicareLeadID); err != nil {
		t.Fatal(err)
	}
	second, _ := draft.Open(dir, nil)
	defer second.Close()
	fake := fakeapi.New(fakeapi.Options{})
	out, o := runLines(t, fake, fakeapi.MedicareLeadID, "q\n", func(c *Config) { c.Drafts = second })
	if !strings.Contains(out, "open in another ccedit session (pid ") || o.Report.Current.Unsaved != 0 || o.Report.Current.Draft != "" {
		t.Fatalf("quit: %+v\n%s", o, out)
	}
	out, o = runLines(t, fake, fakeapi.MedicareLeadID, "o\ncity\nSkokie\n", func(c *Config) { c.Drafts = second })
	if o.Report.Current.Unsaved != 1 || !strings.Contains(o.Report.Current.NotKept, "another ccedit session, pid") || second.Exists(fakeapi.MedicareLeadID) {
		t.Fatalf("without a draft: %+v\n%s", o, out)
	}
}
