package script

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/workflow"
)

// trail is an audit trail in memory; from the failAt-th event on (1 is the
// first), every write fails, as a full disk would.
type trail struct {
	events []workflow.Event
	failAt int
	rig    *rig // when set, each event notes how many PATCHes the fake had seen
	sent   []int
}

func (tr *trail) Record(e workflow.Event) error {
	if tr.failAt > 0 && len(tr.events)+1 >= tr.failAt {
		return errors.New("audit: write trail: no space left on device")
	}
	tr.events = append(tr.events, e)
	if tr.rig != nil {
		tr.sent = append(tr.sent, len(tr.rig.fake.Patches()))
	}
	return nil
}

// String is the events as "kind customer fields HTTP status", one after another.
func (tr *trail) String() string {
	var s []string
	for _, e := range tr.events {
		s = append(s, e.String())
	}
	return strings.Join(s, "; ")
}

// runAudited runs set with tr as Options.Audit.
func (r *rig) runAudited(tr *trail, stdin string, args ...string) (code int, out, errOut string) {
	ios, in, o, e := NewTestStreams()
	in.WriteString(stdin)
	opts := r.options(ios)
	opts.Audit = tr
	code = Run(context.Background(), args, opts)
	return code, o.String(), e.String()
}

// set writes the editor's events for a save, field names and status and
// never a value: open before anything is sent, then save, conflict or
// save-failed; a dry run and diff write nothing.
func TestSetWritesTheEditorsAuditEvents(t *testing.T) {
	r := newRig(t)
	tr := &trail{rig: r}
	if code, _, errOut := r.runAudited(tr, "", "set", lead, "city=Evanston", "middleName=", "--yes"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, want := tr.String(), "open "+lead+"; save "+lead+" middleName,city HTTP 200"; got != want {
		t.Fatalf("events %q, want %q", got, want)
	}
	if fmt.Sprint(tr.sent) != "[0 1]" {
		t.Fatalf("PATCHes seen as each event was written: %v, want open before the PATCH", tr.sent)
	}

	tr = &trail{}
	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 500, Body: `{"message":"db down"}`})
	if code, _, _ := r.runAudited(tr, "", "set", lead, "city=Skokie", "--yes"); code != ExitAPI {
		t.Fatalf("failed save: exit %d", code)
	}
	if got, want := tr.String(), "open "+lead+"; save-failed "+lead+" HTTP 500"; got != want {
		t.Fatalf("events %q, want %q", got, want)
	}

	tr = &trail{}
	other := newRig(t) // someone else saves right after the first read
	other.afterGet = func() { _ = other.fake.EditAsOtherUser(lead, map[string]any{"county": "Lake"}) }
	if code, _, _ := other.runAudited(tr, "", "set", lead, "county=DuPage", "--yes"); code != ExitConflict {
		t.Fatalf("conflict: exit %d", code)
	}
	if got, want := tr.String(), "open "+lead+"; conflict "+lead+" county"; got != want {
		t.Fatalf("events %q, want %q", got, want)
	}

	tr = &trail{}
	r.runAudited(tr, "", "set", lead, "city=Oak Park", "--dry-run")
	r.runAudited(tr, `{"city": "Oak Park"}`, "diff", lead, "-")
	if len(tr.events) != 0 {
		t.Fatalf("a dry run and diff wrote %q", tr)
	}
	for _, v := range []string{"Evanston", "Skokie", "DuPage", "Lake", "Chicago"} {
		if strings.Contains(fmt.Sprintf("%+v", tr.events), v) {
			t.Fatalf("an event holds %q", v)
		}
	}
}

// A trail that cannot be written stops the save before it starts (exit
// 1, nothing sent); one that fails on the save's own line says so after
// the save, which did happen, and fails the command; a rate limit's wait
// is not waited out for another attempt the trail could not record.
func TestSetStopsWhenTheAuditTrailCannotBeWritten(t *testing.T) {
	r := newRig(t)
	code, out, errOut := r.runAudited(&trail{failAt: 1}, "", "set", lead, "city=Evanston", "--yes")
	if code != ExitAPI || !strings.Contains(errOut, "ccedit: not sent: the audit trail could not be written (audit: write trail: no space left on device), and nothing is saved that it does not hold") ||
		strings.Contains(out, "Saved") {
		t.Fatalf("exit %d, %q, %q", code, out, errOut)
	}
	r.wantPatches()

	code, out, errOut = r.runAudited(&trail{failAt: 2}, "", "set", lead, "city=Evanston", "--yes")
	if code != ExitAPI || !strings.Contains(out, "Saved 1 field") ||
		!strings.Contains(errOut, "the audit trail could not be written (audit: write trail: no space left on device), so it does not hold what this command did") {
		t.Fatalf("exit %d, %q, %q", code, out, errOut)
	}
	r.wantPatches(`{"city":"Evanston"}`)

	r.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 429, Body: `{"retryAfter": 2}`})
	code, _, errOut = r.runAudited(&trail{failAt: 2}, "", "set", lead, "city=Skokie", "--yes")
	if code != ExitAPI || len(r.clock.slept) != 0 || !strings.Contains(errOut, "so it does not hold what this command did") {
		t.Fatalf("exit %d, waited %v: %q", code, r.clock.slept, errOut)
	}
	r.wantPatches(`{"city":"Evanston"}`, `{"city":"Skokie"}`) // answered 429, and not tried again
}

// --audit FILE opens the trail with main's rules (Options.OpenAudit), and
// is refused where the commands have a trail already or none can be
// opened.
func TestSetAuditFlag(t *testing.T) {
	r := newRig(t)
	tr := &trail{}
	var opened []string
	closed := 0
	run := func(o Options, args ...string) (int, string) {
		ios, _, _, e := NewTestStreams()
		o.IO = ios
		return Run(context.Background(), args, o), e.String()
	}
	opts := r.options(nil)
	opts.OpenAudit = func(path string) (workflow.Auditor, func(), error) {
		opened = append(opened, path)
		if path == "unsafe" {
			return nil, nil, errors.New("audit file unsafe is open to group or others (mode 0644); refusing to use it")
		}
		return tr, func() { closed++ }, nil
	}
	if code, errOut := run(opts, "set", lead, "city=Evanston", "--yes", "--audit", "trail.jsonl"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Join(opened, ",") != "trail.jsonl" || closed != 1 || len(tr.events) != 2 {
		t.Fatalf("opened %q, closed %d, events %q", opened, closed, tr)
	}
	if code, errOut := run(opts, "set", lead, "city=Skokie", "--yes", "--audit=unsafe"); code != ExitUsage || !strings.Contains(errOut, "refusing to use it") {
		t.Fatalf("unsafe file: exit %d: %s", code, errOut)
	}
	opts.Audit = tr
	if code, errOut := run(opts, "set", lead, "city=Skokie", "--yes", "--audit", "x"); code != ExitUsage || !strings.Contains(errOut, "--audit is not available here") {
		t.Fatalf("with Options.Audit: exit %d: %s", code, errOut)
	}
	r.wantPatches(`{"city":"Evanston"}`)
}
