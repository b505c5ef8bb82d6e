package ui

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// heldInput gives its script, then blocks (an agent who stopped typing)
// until the test ends.
type heldInput struct {
	r    io.Reader
	stop chan struct{}
}

func (h *heldInput) Read(p []byte) (int, error) {
	if n, err := h.r.Read(p); err != io.EOF {
		return n, err
	}
	<-h.stop
	return 0, io.EOF
}

// lockedBuffer is output written by one goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// handClock is a clock whose idle waits end only when the test says.
type handClock struct{ up chan struct{} }

func (c handClock) Now() time.Time { return time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC) }
func (c handClock) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-c.up:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The line mode logs off too: a warning, then the session closes keeping
// the draft. Time moves only when the test says, after the program has
// answered everything typed.
func TestLineModeIdleLogoff(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client, _ := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	store := newStore(t)
	in := &heldInput{r: strings.NewReader("city\nSkokie\n"), stop: make(chan struct{})}
	t.Cleanup(func() { close(in.stop) })
	clock := handClock{up: make(chan struct{})}
	var out lockedBuffer
	done := make(chan Outcome, 1)
	go func() {
		done <- runLineMode(context.Background(), Config{Client: client, CustomerID: fakeapi.MedicareLeadID, ASCII: true,
			Drafts: store, IdleTimeout: 15 * time.Minute}, clock, in, &out)
	}()
	waitFor := func(s string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.String(), s) {
			if time.Now().After(deadline) {
				t.Fatalf("output never said %q:\n%s", s, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor(`City: "Chicago" -> "Skokie" (unsaved).` + "\n> ")
	clock.up <- struct{}{}
	waitFor("No input for 14 min: to protect this record, ccedit closes it at 14:01:00. Press Enter to stay.\n> ")
	clock.up <- struct{}{}
	o := <-done
	if !strings.Contains(out.String(), "Closed after 15 min without input (automatic logoff).") {
		t.Fatalf("output:\n%s", out.String())
	}
	if o.Report.Ending.IdleLogoff != 15*time.Minute || o.Report.Current.Unsaved != 1 || o.Report.Current.Draft == "" || o.Report.Current.NotKept != "" {
		t.Fatalf("outcome %+v", o)
	}
}
