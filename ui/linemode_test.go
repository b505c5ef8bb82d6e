package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func runLines(t *testing.T, fake *fakeapi.Server, id, script string, opts ...func(*Config)) (string, Outcome) {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Client: client, CustomerID: id, ASCII: true}
	for _, o := range opts {
		o(&cfg)
	}
	var out bytes.Buffer
	o := RunLineMode(cfg, strings.NewReader(script), &out)
	return out.String(), o
}

func TestLineModeEditsReviewsAndSavesOnlyChanges(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	out, o := runLines(t, fake, fakeapi.MedicareLeadID, strings.Join([]string{
		"list consent",
		"first name", "Maggie",
		"edit status", "2",
		"edit do not call", "yes",
		"middleName", "-",
		"annual income", "12.5", "", // refused: not a whole number; Enter keeps it
		"review",
		"save", "yes",
		"quit",
	}, "\n")+"\n")
	for _, want := range []string{
		"Customer Margaret O'Connell (" + fakeapi.MedicareLeadID + ") loaded.",
		"Consent (0 unsaved):", `(doNotCall): No`,
		`First name: "Margaret" -> "Maggie" (unsaved).`,
		"Choose (1 Lead, 2 Active, 3 Inactive, 4 not set), or Enter to keep:",
		`Middle name: "Anne" -> null (cleared) (unsaved).`,
		"Not accepted: whole numbers only (no cents or decimals). Annual income is unchanged; type it again, or Enter to keep it.",
		"4 changes would be sent as PATCH",
		`Body: {"status":"Active","firstName":"Maggie","middleName":null,"doNotCall":true}`,
		"Saved 4 fields: Status, First name, Middle name, Do not call.",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if got := fake.Patches(); len(got) != 1 || got[0] != `{"status":"Active","firstName":"Maggie","middleName":null,"doNotCall":true}` {
		t.Fatalf("PATCH %q", got)
	}
	if o.Report.Saved != 4 || o.Report.Current.Unsaved != 0 {
		t.Fatalf("outcome %+v", o)
	}
	if strings.ContainsAny(out, "\x1b") {
		t.Fatal("line mode wrote an escape sequence")
	}
}

func TestLineModeConflictAndHostileData(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	// Another agent saves the same field after the record was loaded.
	script := strings.Join([]string{"city", "Springfield", "save", "yes", "m", "yes", "list identity", "quit"}, "\n") + "\n"
	out, _ := lineModeWithEdit(t, fake, fakeapi.HostileID, script, map[string]any{"city": "Shelbyville"})
	for _, want := range []string{
		"Someone else changed 1 of these fields since they were loaded. Nothing was sent.",
		`City (city): loaded "Springfield<U+009B>31m^?", theirs "Shelbyville", mine "Springfield".`,
		`Saved 1 field: City.`,
		`Eve^[[2J^[[H^[]0;pwned^G`,
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e\u009b") {
		t.Fatal("data reached the output raw")
	}
	if got := fake.Patches(); len(got) != 1 || got[0] != `{"city":"Springfield"}` {
		t.Fatalf("PATCH %q", got)
	}
}

// lineModeWithEdit runs the line mode; the fake's record is changed as
// another user right after the first line of input is read.
func lineModeWithEdit(t *testing.T, fake *fakeapi.Server, id, script string, edit map[string]any) (string, Outcome) {
	t.Helper()
	r := &editAfterFirstLine{r: strings.NewReader(script), edit: func() { _ = fake.EditAsOtherUser(id, edit) }}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client, _ := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	var out bytes.Buffer
	o := RunLineMode(Config{Client: client, CustomerID: id, ASCII: true}, r, &out)
	return out.String(), o
}

type editAfterFirstLine struct {
	r    *strings.Reader
	edit func()
	done bool
}

func (e *editAfterFirstLine) Read(p []byte) (int, error) {
	if !e.done {
		e.done = true
		e.edit()
	}
	return e.r.Read(p)
}

// Line mode says values as it asks them (integers bare, a cleared field as
// null) and quits with the full screen's letters: y keeps, d discards, n stays.
func TestLineModeValuesAndQuitLetters(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	out, o := runLines(t, fake, fakeapi.MedicareLeadID, strings.Join([]string{
		"annual income", "52,000",
		"list coverage",
		"middle name", "-",
		"list identity",
		"quit", "n",
		"quit", "d",
	}, "\n")+"\n", func(c *Config) { c.Drafts = newStore(t) })
	for _, want := range []string{"(annualIncome): 52000 (changed)", "(middleName): null (cleared) (changed)",
		"They are kept in the draft; none of them has been sent. Type y (quit and keep them in a draft for next time), d (discard them and quit) or n (keep editing):"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `(annualIncome): "52000"`) || o.Report.Current.Unsaved != 0 || strings.Count(out, "Quit with 2 unsaved changes?") != 2 {
		t.Fatalf("unsaved %d:\n%s", o.Report.Current.Unsaved, out)
	}
}

// With no ID, line mode searches and opens by number; switching keeps the
// first customer's changes in its draft and the outcome names it.
func TestLineModeFindAndOpen(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	store := newStore(t)
	out, o := runLines(t, fake, "", strings.Join([]string{
		"city", // nothing open yet
		"find (312) 555-0142",
		"open 1",
		"city", "Skokie",
		"find Kim",
		"open 1",
		"quit",
	}, "\n")+"\n", func(c *Config) { c.Drafts = store })
	for _, want := range []string{
		"Open a customer first: find TEXT, then open N.",
		"1 of 1 customers:", "1. Margaret O'Connell, +13125550142, Chicago, IL",
		"Customer Margaret O'Connell (" + fakeapi.MedicareLeadID + ") loaded.",
		"Margaret O'Connell: 1 unsaved change kept in a draft; open it again to restore them.",
		"Customer Harold Kim (" + fakeapi.CustomDataID + ") loaded.",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if o.Report.Current.ID != fakeapi.CustomDataID || len(o.Report.Others) != 1 || o.Report.Others[0].ID != fakeapi.MedicareLeadID {
		t.Fatalf("outcome %+v", o)
	}
}

// A refused value asks again: the corrected value that follows is taken as
// the value, not as a command.
func TestLineModeAsksAgainAfterARefusedValue(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	out, o := runLines(t, fake, fakeapi.MedicareLeadID, "timezone\npac\nPacific\nquit\nd\n")
	if !strings.Contains(out, "Not accepted") || strings.Contains(out, `No field matches "Pacific"`) {
		t.Fatalf("the retry was not read as the value:\n%s", out)
	}
	if !strings.Contains(out, `America/Chicago (Central) -> America/Los_Angeles (Pacific)`) || o.Report.Current.Discarded != 1 {
		t.Fatalf("outcome %+v\n%s", o.Report.Current, out)
	}
}

// ctrl+c in the line mode, as on the full screen, first says how to leave;
// a second one stops at once with the edits in the draft, and only when a
// draft holds them: without one, ctrl+c never ends the session.
func TestLineModeCtrlCAsksFirst(t *testing.T) {
	for _, withDraft := range []bool{true, false} {
		srv := httptest.NewServer(fakeapi.New(fakeapi.Options{}))
		t.Cleanup(srv.Close)
		client, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey})
		if err != nil {
			t.Fatal(err)
		}
		sigs := make(chan os.Signal, 1)
		cfg := Config{Client: client, CustomerID: fakeapi.MedicareLeadID, ASCII: true, Signals: sigs}
		if withDraft {
			cfg.Drafts = newStore(t)
		}
		in, feed := io.Pipe()
		t.Cleanup(func() { feed.Close() })
		out := &syncBuffer{}
		done := make(chan Outcome, 1)
		go func() { done <- RunLineMode(cfg, in, out) }()
		waitOut := func(want string) {
			t.Helper()
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(out.String(), want) {
				select {
				case o := <-done:
					t.Fatalf("ended (%+v) before %q:\n%s", o.Report.Current, want, out.String())
				case <-time.After(time.Millisecond):
				}
				if time.Now().After(deadline) {
					t.Fatalf("never said %q:\n%s", want, out.String())
				}
			}
		}
		fmt.Fprint(feed, "edit city\nSkokie\n")
		waitOut("(unsaved)")
		if !withDraft {
			for range 2 {
				sigs <- os.Interrupt
				waitOut("no draft would keep your 1 unsaved change")
			}
			fmt.Fprint(feed, "quit\n")
			waitOut("Quit with 1 unsaved change? No draft holds them")
			feed.Close()
			if o := <-done; o.Report.Ending.Signal != 0 {
				t.Fatalf("ctrl+c ended a session whose edits no draft holds: %+v", o.Report)
			}
			continue
		}
		sigs <- os.Interrupt
		waitOut("ctrl+c again stops at once, keeping them in the draft")
		sigs <- os.Interrupt
		o := <-done
		if o.Report.Ending.Signal != int(syscall.SIGINT) || o.Report.Current.Unsaved != 1 || o.Report.Current.Draft == "" {
			t.Fatalf("outcome %+v", o.Report)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the line mode writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Opening the customer already open keeps its edits as they are: they
// are not offered back as an earlier session's draft.
func TestLineModeOpenTheSameCustomerAgain(t *testing.T) {
	store := newStore(t)
	out, o := runLines(t, fakeapi.New(fakeapi.Options{}), fakeapi.MedicareLeadID,
		"city\nSkokie\nopen "+fakeapi.MedicareLeadID+"\nd\nquit\ny\n", func(c *Config) { c.Drafts = store })
	if strings.Contains(out, "earlier session") || !strings.Contains(out, "is open already") || o.Report.Current.Unsaved != 1 {
		t.Fatalf("unsaved %d:\n%s", o.Report.Current.Unsaved, out)
	}
}
