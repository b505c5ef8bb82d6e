package apiclient

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// manualClock is a clock the test moves by hand, and a sleep that waits
// on it: every waiter sleeps until the test advances past its wake time
// (or its context ends), so which request goes when is decided by the
// limiter alone, never by the machine's speed.
type manualClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers map[chan struct{}]time.Time
	changed  chan struct{} // closed and replaced when the number of sleepers changes
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), sleepers: map[chan struct{}]time.Time{},
		changed: make(chan struct{})}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) notify() { close(c.changed); c.changed = make(chan struct{}) }

func (c *manualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ch := make(chan struct{})
	c.mu.Lock()
	if d <= 0 {
		c.mu.Unlock()
		return nil
	}
	c.sleepers[ch] = c.now.Add(d)
	c.notify()
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.sleepers, ch)
		c.notify()
		c.mu.Unlock()
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ch:
		return nil
	}
}

// Advance moves the clock and wakes the sleepers whose time has come.
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for ch, at := range c.sleepers {
		if !at.After(c.now) {
			close(ch)
			delete(c.sleepers, ch)
		}
	}
	c.notify()
}

// settle waits until exactly n goroutines sleep on the clock.
func (c *manualClock) settle(t *testing.T, n int) {
	t.Helper()
	c.settleFunc(t, n, func(sleeping int) bool { return sleeping == n })
}

// settleFunc waits until ok holds of the number of sleepers; want is
// what the failure message says was waited for.
func (c *manualClock) settleFunc(t *testing.T, want int, ok func(sleeping int) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		got, ch := len(c.sleepers), c.changed
		c.mu.Unlock()
		if ok(got) {
			return
		}
		select {
		case <-ch:
		case <-time.After(time.Millisecond): // ok may look at more than the clock
		case <-deadline:
			t.Fatalf("%d requests sleep on the clock, want %d", got, want)
		}
	}
}

// grant is one request let through: who sent it and when.
type grant struct {
	who string
	at  time.Time
}

// start sends a request of who through l in the background; it finishes
// at once (the answer is in) and reports on got.
func start(l *limiter, c *manualClock, who string, got chan<- grant) {
	go func() {
		finish, err := l.wait(context.Background(), who)
		if err != nil {
			panic(err)
		}
		at := c.Now()
		finish()
		got <- grant{who, at}
	}()
}

// One agent holding retry cannot starve the others: with the minute full
// and twenty of greedy's requests queued, dana's and lee's each go out
// with the next free places, in turn with greedy's, not after them.
func TestLimiterTakesRequestersInTurn(t *testing.T) {
	c := newManualClock()
	l := newLimiter(DefaultPerMinute, c.Now, c.Sleep)
	got := make(chan grant, 200)
	for i := range DefaultPerMinute { // the minute fills, a second apart
		start(l, c, "greedy", got)
		if g := <-got; g.who != "greedy" {
			t.Fatalf("request %d: %v", i, g)
		}
		c.Advance(time.Second)
	}
	for range 20 {
		start(l, c, "greedy", got)
	}
	c.settle(t, 20)
	start(l, c, "dana", got)
	c.settle(t, 21)
	start(l, c, "lee", got)
	c.settle(t, 22)
	if w := (&Client{limit: l, requester: "lee"}).Waiting(); !w.Waiting || w.Ahead != 2 || w.Queued != 22 ||
		!w.Since.Equal(c.Now()) || w.PerMinute != DefaultPerMinute {
		t.Errorf("lee's Waiting() = %+v, want waiting since now behind 2 requesters, 22 queued, %d a minute", w, DefaultPerMinute)
	}
	c.Advance(time.Second / 2) // not yet a place: the wait goes on, since when it began
	if w := (&Client{limit: l, requester: "greedy"}).Waiting(); !w.Waiting || !w.Since.Equal(c.Now().Add(-time.Second/2)) {
		t.Errorf("greedy's Waiting() = %+v, want waiting since half a second ago", w)
	}
	c.Advance(time.Second / 2) // the oldest place ends a second from now
	var order []string
	for waiting := 22; waiting > 0; waiting-- {
		c.Advance(time.Second) // the oldest place's minute ends: one goes out
		g := <-got
		order = append(order, g.who)
		c.settle(t, waiting-1)
		select {
		case extra := <-got:
			t.Fatalf("two requests went out for one free place: %v and %v", g, extra)
		default:
		}
	}
	if fmt.Sprint(order[:4]) != "[greedy dana lee greedy]" {
		t.Errorf("the first four out after the minute filled: %v, want greedy, dana, lee, greedy", order[:4])
	}
	if w := (&Client{limit: l, requester: "dana"}).Waiting(); w.Waiting || w.Queued != 0 {
		t.Errorf("dana's Waiting() after all went out = %+v", w)
	}
}

// However many requesters send however fast, no rolling minute holds more
// than the limit, counting each request from when it went out.
func TestLimiterKeepsEveryRollingMinuteUnderTheLimit(t *testing.T) {
	c := newManualClock()
	l := newLimiter(DefaultPerMinute, c.Now, c.Sleep)
	got := make(chan grant, 1000)
	var out []grant
	for range DefaultPerMinute { // the minute fills before anyone waits
		start(l, c, "filler", got)
		out = append(out, <-got)
	}
	const agents, each = 5, 40
	for a := range agents {
		for range each {
			start(l, c, fmt.Sprintf("agent%d", a), got)
		}
	}
	total := DefaultPerMinute + agents*each
	for len(out) < total {
		// Every request is either out or asleep until the clock moves.
		left := total - len(out)
		c.settleFunc(t, left, func(sleeping int) bool { return sleeping+len(got) == left })
		for len(got) > 0 {
			out = append(out, <-got)
		}
		if len(out) < total {
			c.Advance(7 * time.Second)
		}
	}
	for i := range out {
		n := 0
		for _, g := range out[i:] {
			if g.at.Sub(out[i].at) < time.Minute {
				n++
			}
		}
		if n > DefaultPerMinute {
			t.Fatalf("%d requests in the minute from %s, want at most %d", n, out[i].at.Format(time.TimeOnly), DefaultPerMinute)
		}
	}
	// The next minute's 58 places are shared in turn by the five agents
	// waiting: 11 or 12 each, whatever order they queued in.
	next := map[string]int{}
	for _, g := range out[DefaultPerMinute : 2*DefaultPerMinute] {
		next[g.who]++
	}
	for a := range agents {
		if n := next[fmt.Sprintf("agent%d", a)]; n < 11 || n > 12 {
			t.Errorf("agent%d sent %d of the next minute's %d requests, want 11 or 12: %v", a, n, DefaultPerMinute, next)
		}
	}
}

// A request whose context ends while it waits leaves the queue: it is
// not sent later, and it does not hold back those behind it.
func TestLimiterWaiterThatGivesUpLeavesTheQueue(t *testing.T) {
	c := newManualClock()
	l := newLimiter(1, c.Now, c.Sleep)
	finish, err := l.wait(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	finish()
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() { _, err := l.wait(ctx, "b"); errs <- err }()
	c.settle(t, 1)
	cancel()
	if err := <-errs; err == nil {
		t.Fatal("a cancelled wait returned no error")
	}
	if w := (&Client{limit: l, requester: "b"}).Waiting(); w.Waiting || w.Queued != 0 {
		t.Errorf("after giving up: %+v", w)
	}
	got := make(chan grant, 1)
	start(l, c, "c", got)
	c.settle(t, 1)
	c.Advance(time.Minute)
	if g := <-got; g.who != "c" {
		t.Errorf("next out: %v", g)
	}
}

// A request that gave up as it was granted its place sends nothing, so the
// place is given back at once, not counted for a minute.
func TestLimiterGivesBackAPlaceNotUsed(t *testing.T) {
	clock := newManualClock()
	l := newLimiter(1, clock.Now, clock.Sleep)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.wait(ctx, "ann"); err == nil {
		t.Fatal("a cancelled request was let through")
	}
	finish, err := l.wait(context.Background(), "bo")
	if err != nil {
		t.Fatalf("the place was not given back: %v", err)
	}
	finish()
}
