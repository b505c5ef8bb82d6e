package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// limitClock is a clock the test moves by hand, for a client's rate
// limiter and the line mode alike: a sleep ends only when the test moves
// the clock past its end (or its context ends), so which request goes
// when is the limiter's decision alone, never the machine's speed.
type limitClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers map[chan struct{}]time.Time
}

func newLimitClock() *limitClock {
	return &limitClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), sleepers: map[chan struct{}]time.Time{}}
}

func (c *limitClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *limitClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	ch := make(chan struct{})
	c.mu.Lock()
	c.sleepers[ch] = c.now.Add(d)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.sleepers, ch)
		c.mu.Unlock()
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ch:
		return nil
	}
}

// advance moves the clock on and wakes the sleepers whose time has come.
func (c *limitClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for ch, at := range c.sleepers {
		if !at.After(c.now) {
			close(ch)
			delete(c.sleepers, ch)
		}
	}
}

// settle waits until n goroutines sleep on the clock.
func (c *limitClock) settle(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.mu.Lock()
		got := len(c.sleepers)
		c.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sleep on the clock, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// saturated is a client on a loopback fake whose rate limit is used up:
// the minute is full of requests sent a second apart, so that one place
// comes free each second from the next whole minute on.
func saturated(t *testing.T) (*apiclient.Client, *limitClock) {
	t.Helper()
	srv := httptest.NewServer(fakeapi.New(fakeapi.Options{RateLimit: -1}))
	t.Cleanup(srv.Close)
	clock := newLimitClock()
	client, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey, Timeout: 5 * time.Second,
		Now: clock.Now, Sleep: clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	for i := range apiclient.DefaultPerMinute {
		if i > 0 {
			clock.advance(time.Second)
		}
		if _, err := client.GetCustomer(context.Background(), fakeapi.MedicareLeadID); err != nil {
			t.Fatal(err)
		}
	}
	return client, clock
}

// The wait screen says, at each tick, why the request has not gone out:
// behind how many other agents' requests, then the API's own limit, and
// nothing once it is on its way; never what was true only before.
func TestWaitScreenSaysWhoGoesFirst(t *testing.T) {
	client, clock := saturated(t)
	done := make(chan string, 4)
	for i, who := range []string{"ann", "bo", "cy", "dana"} {
		go func() {
			_, err := client.ForRequester(who).GetCustomer(context.Background(), fakeapi.MedicareLeadID)
			if err != nil {
				who += ": " + err.Error()
			}
			done <- who
		}()
		clock.settle(t, i+1) // in this order, behind each other
	}
	c := newCommon(Config{Client: client.ForRequester("dana")})
	w := newWait(c, "Loading customer "+fakeapi.MedicareLeadID)
	w.setSize(80, 24)
	tick := func() string {
		t.Helper()
		w.update(spinner.TickMsg{ID: w.spin.m.ID()})
		return strings.Join(strings.Fields(w.view()), " ")
	}
	if v := w.view(); strings.Contains(v, "Waiting") {
		t.Fatalf("said before asking the client:\n%s", v)
	}
	for _, step := range []struct{ out, says string }{
		{"", "Waiting for the shared rate limit: 3 other agents' requests go first."},
		{"ann", "Waiting for the shared rate limit: 2 other agents' requests go first."},
		{"bo", "Waiting for the shared rate limit: 1 other agent's request goes first."},
		{"cy", "Waiting for the API's rate limit (58 requests a minute)."},
	} {
		switch step.out {
		case "": // the minute is still full
		case "ann":
			clock.advance(3 * time.Second) // the first place's minute ends: one goes out
		default:
			clock.advance(time.Second) // and the next
		}
		if step.out != "" {
			if got := <-done; got != step.out {
				t.Fatalf("%s went out, want %s", got, step.out)
			}
		}
		if v := tick(); !strings.Contains(v, step.says) || strings.Count(v, "Waiting for") != 1 {
			t.Fatalf("after %q went out the screen says:\n%s\nwant %q", step.out, v, step.says)
		}
		w.update(spinner.TickMsg{ID: w.spin.m.ID() + 1000}) // another spinner's tick changes nothing
	}
	clock.advance(time.Second)
	if got := <-done; got != "dana" {
		t.Fatalf("%s went out, want dana", got)
	}
	if v := tick(); strings.Contains(v, "Waiting for") || !strings.Contains(v, "Loading customer") {
		t.Fatalf("once the request went out the screen says:\n%s", v)
	}
}

// The line mode, which blocks while a request waits, says once that it
// waits for the rate limit, when the wait has lasted a second, and goes
// on when the request goes out.
func TestLineModeSaysOnceWhenItWaitsForTheRateLimit(t *testing.T) {
	client, clock := saturated(t)
	in := &heldInput{r: strings.NewReader("quit\n"), stop: make(chan struct{})}
	t.Cleanup(func() { close(in.stop) })
	var out lockedBuffer
	done := make(chan Outcome, 1)
	go func() {
		done <- runLineMode(context.Background(), Config{Client: client, CustomerID: fakeapi.MedicareLeadID, ASCII: true},
			clock, in, &out)
	}()
	const says = "Waiting for the API's rate limit (58 requests a minute)."
	clock.settle(t, 2) // the load, waiting for a place; the line mode's watch
	for range 3 {      // three quarters of a second: too short to mention
		clock.advance(ratePoll)
		clock.settle(t, 2)
	}
	if strings.Contains(out.String(), "Waiting") {
		t.Fatalf("said before a second had passed:\n%s", out.String())
	}
	clock.advance(ratePoll)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), says); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after a second the line mode says:\n%q", out.String())
		}
	}
	clock.settle(t, 1) // said: the watch is over, the load still waits
	if got := out.String(); got != says+"\n" {
		t.Fatalf("after a second the line mode says:\n%q", got)
	}
	clock.advance(time.Minute) // a place: the load goes out
	o := <-done
	if o.Report.Ending.LoadError != nil || strings.Count(out.String(), "Waiting for") != 1 ||
		!strings.Contains(out.String(), "Customer Margaret O'Connell ("+fakeapi.MedicareLeadID+") loaded.") {
		t.Fatalf("%+v\n%s", o, out.String())
	}
}

// The search says so too while its request waits on the limit.
func TestSearchSaysItWaitsForTheRateLimit(t *testing.T) {
	client, clock := saturated(t)
	done := make(chan struct{})
	go func() {
		_, _ = client.ForRequester("ann").GetCustomer(context.Background(), fakeapi.MedicareLeadID)
		close(done)
	}()
	clock.settle(t, 1)
	c := newCommon(Config{Client: client.ForRequester("dana")})
	s := newSearch(c, "")
	s.setSize(80, 24)
	s.loading = true
	s.update(spinner.TickMsg{ID: s.spin.m.ID()})
	if v := s.view(); !strings.Contains(v, "Searching") || strings.Contains(v, "Waiting") {
		t.Fatalf("dana waits for nothing yet:\n%s", v)
	}
	go func() { _, _ = client.ForRequester("dana").GetCustomer(context.Background(), fakeapi.MedicareLeadID) }()
	clock.settle(t, 2)
	s.update(spinner.TickMsg{ID: s.spin.m.ID()})
	if v := s.view(); !strings.Contains(v, "1 other agent's request goes first") {
		t.Fatalf("the search does not say it waits:\n%s", v)
	}
	clock.advance(2 * time.Minute)
	<-done
}
