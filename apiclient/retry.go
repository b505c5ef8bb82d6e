package apiclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// retryPolicy is exponential backoff with full jitter: attempt n waits a
// random time in [0, min(cap, base·2ⁿ)).
type retryPolicy struct {
	base, cap time.Duration
	max       int
	sleep     func(context.Context, time.Duration) error
	rand      func() float64
}

func (p retryPolicy) backoff(attempt int) time.Duration {
	ceil := p.base << attempt
	if ceil > p.cap || ceil <= 0 {
		ceil = p.cap
	}
	return time.Duration(p.rand() * float64(ceil))
}

func (p retryPolicy) pause(ctx context.Context, attempt int) error {
	return p.sleep(ctx, p.backoff(attempt))
}

// Sleep waits d or until ctx is done, returning ctx.Err() in that case and
// nil otherwise. It is the client's default Options.Sleep, and one copy
// of it is enough for every package that waits on a context.
func Sleep(ctx context.Context, d time.Duration) error {
	// A done ctx wins even when d is up too: select would pick one of two
	// ready cases at random.
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// debugLog writes one line per request with no customer data: the
// customer ID in paths is masked and no body, header or key is written.
type debugLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

func newDebugLog(w io.Writer, now func() time.Time) *debugLog {
	if w == nil {
		return nil
	}
	return &debugLog{w: w, now: now}
}

var idInPath = regexp.MustCompile(`/v2/customers/[^/?]+`)

func (d *debugLog) request(method, path string, attempt int, resp *http.Response, err error, took time.Duration, n int) {
	if d == nil {
		return
	}
	path = idInPath.ReplaceAllString(path, "/v2/customers/{id}")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i] + "?…" // search terms can be names
	}
	status := "-"
	if resp != nil {
		status = fmt.Sprint(resp.StatusCode)
	}
	outcome := "ok"
	if e, ok := AsError(err); ok {
		outcome = fmt.Sprintf("kind=%d sent=%v", e.Kind, e.Sent)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "%s %s %s attempt=%d status=%s %s took=%s bytes=%d\n",
		d.now().UTC().Format(time.RFC3339Nano), method, path, attempt+1, status, outcome, took.Round(time.Millisecond), n)
}
