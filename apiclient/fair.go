package apiclient

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// limiter keeps the client at or under perMinute requests in any rolling
// minute, retries included, by waiting before a request that would pass it.
//
// The server counts a request when it arrives, somewhere between when it
// was sent and when its answer came back; a request sent at once but slow
// to arrive would let a later one share its minute. So a request holds its
// place in the window from when it is sent until a minute after its answer
// came back (or it failed); in flight, it holds it throughout.
//
// One limiter may serve many people (ccedit serve: every agent's session
// shares the server's key and so its 60 a minute). Requests that must wait
// queue per requester, and a free place goes to the requesters in turn,
// one request each: an agent pressing retry again and again queues behind
// every other agent's waiting request, never ahead of them.
type limiter struct {
	mu        sync.Mutex
	perMinute int
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	held      []*slot
	queues    map[string][]*waiter // per requester, oldest first
	turn      []string             // requesters with a request waiting; the first is served next
}

// slot is one request in the window: done is set, with at, when its answer
// came back.
type slot struct {
	at   time.Time
	done bool
}

// waiter is one request waiting for a place. granted is set, under mu,
// when it is given one; wake then ends its sleep.
type waiter struct {
	granted *slot
	wake    context.CancelFunc
	since   time.Time // when it began to wait
}

func newLimiter(perMinute int, now func() time.Time, sleep func(context.Context, time.Duration) error) *limiter {
	return &limiter{perMinute: perMinute, now: now, sleep: sleep, queues: map[string][]*waiter{}}
}

// wait blocks until a request of requester who may be sent and returns the
// function that marks it finished; call it once the answer (or the
// failure) is in.
func (l *limiter) wait(ctx context.Context, who string) (finish func(), err error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l.mu.Lock()
	w := &waiter{wake: cancel, since: l.now()}
	if len(l.queues[who]) == 0 {
		l.turn = append(l.turn, who)
	}
	l.queues[who] = append(l.queues[who], w)
	for {
		l.admit()
		if s := w.granted; s != nil {
			if err := ctx.Err(); err != nil {
				// Granted as it gave up: nothing will be sent, so the
				// place goes back rather than counting for a minute.
				l.release(s)
				l.mu.Unlock()
				return nil, fmt.Errorf("waiting for the rate limit: %w", err)
			}
			l.mu.Unlock()
			return func() { l.finish(s) }, nil
		}
		d := l.untilFree()
		l.mu.Unlock()
		err := l.sleep(wctx, d)
		l.mu.Lock()
		if w.granted == nil && err != nil && ctx.Err() != nil {
			l.leave(who, w)
			l.mu.Unlock()
			return nil, fmt.Errorf("waiting for the rate limit: %w", err)
		}
	}
}

// admit drops the places whose minute is over and gives the free ones to
// the waiting requesters in turn, one request each. Called with mu held.
func (l *limiter) admit() {
	now := l.now()
	keep := l.held[:0]
	for _, s := range l.held {
		if !s.done || now.Sub(s.at) < time.Minute {
			keep = append(keep, s)
		}
	}
	clear(l.held[len(keep):]) // drop the references the slice no longer holds
	l.held = keep
	for len(l.held) < l.perMinute && len(l.turn) > 0 {
		who := l.turn[0]
		l.turn = l.turn[1:]
		q := l.queues[who]
		w := q[0]
		if len(q) == 1 {
			delete(l.queues, who)
		} else {
			l.queues[who] = q[1:]
			l.turn = append(l.turn, who) // to the back: the others go first
		}
		w.granted = &slot{at: now}
		l.held = append(l.held, w.granted)
		w.wake()
	}
}

// untilFree is how long until a place may come free: when the oldest
// finished request's minute ends, or shortly when all are in flight.
// Called with mu held.
func (l *limiter) untilFree() time.Duration {
	now := l.now()
	d := time.Second // all in flight: look again shortly
	first := true
	for _, s := range l.held {
		if left := time.Minute - now.Sub(s.at); s.done && (first || left < d) {
			d, first = left, false
		}
	}
	return d
}

// release gives back a place granted to a request that will not be sent.
// Called with mu held.
func (l *limiter) release(s *slot) {
	for i, x := range l.held {
		if x == s {
			l.held = append(l.held[:i], l.held[i+1:]...)
			return
		}
	}
}

// leave takes a waiter that gave up out of the queue. Called with mu held.
func (l *limiter) leave(who string, w *waiter) {
	q := l.queues[who]
	for i, x := range q {
		if x == w {
			q = append(q[:i:i], q[i+1:]...)
			break
		}
	}
	if len(q) > 0 {
		l.queues[who] = q
		return
	}
	delete(l.queues, who)
	for i, x := range l.turn {
		if x == who {
			l.turn = append(l.turn[:i:i], l.turn[i+1:]...)
			break
		}
	}
}

// finish starts the minute s holds from now.
func (l *limiter) finish(s *slot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.at, s.done = l.now(), true
}

// Wait is what a requester's next request waits for: the rate limit that
// every requester of one client shares.
type Wait struct {
	// Waiting is true while a request of this requester waits for the
	// rate limit.
	Waiting bool
	// Ahead is how many other requesters will send one request each before
	// this one sends its next.
	Ahead int
	// Queued is how many requests, of every requester, are waiting.
	Queued int
	// Since is when this requester's oldest waiting request began to
	// wait, on the client's clock; zero when none waits.
	Since time.Time
	// PerMinute is the limit: requests in any rolling minute, all
	// requesters together.
	PerMinute int
}

// waiting says where who stands in the queue.
func (l *limiter) waiting(who string) Wait {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := Wait{PerMinute: l.perMinute}
	for _, q := range l.queues {
		w.Queued += len(q)
	}
	for i, x := range l.turn {
		if x == who {
			w.Waiting, w.Ahead, w.Since = true, i, l.queues[who][0].since
		}
	}
	return w
}

// ForRequester returns a client that shares c's connections and its rate
// limit, and sends for requester name: when requests must wait for the
// rate limit, the limiter serves the requesters in turn, one request each,
// so that one requester's many requests cannot hold back another's.
// ccedit serve gives each agent one.
func (c *Client) ForRequester(name string) *Client {
	cp := *c
	cp.requester = name
	return &cp
}

// Waiting says whether a request of this client's requester is waiting for
// the rate limit it shares with other requesters, and behind how many of
// them: for a screen to say why nothing happens yet.
func (c *Client) Waiting() Wait { return c.limit.waiting(c.requester) }
