package workflow

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/forms"
)

// newFake serves a seeded fake API on loopback and returns it with a client
// whose backoff waits are skipped.
func newFake(t *testing.T, o fakeapi.Options) (*fakeapi.Server, *apiclient.Client) {
	t.Helper()
	return newFakeVia(t, o, nil)
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newFakeVia is newFake with the client's requests going through wrap,
// which can fail them the way a network would.
func newFakeVia(t *testing.T, o fakeapi.Options, wrap func(http.RoundTripper) http.RoundTripper) (*fakeapi.Server, *apiclient.Client) {
	t.Helper()
	if o.RateLimit == 0 {
		o.RateLimit = -1
	}
	fake := fakeapi.New(o)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	var rt http.RoundTripper
	if wrap != nil {
		rt = wrap(http.DefaultTransport)
	}
	c, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey, Timeout: 5 * time.Second,
		Transport: rt, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return fake, c
}

// load fetches id from the fake, failing the test on error.
func load(t *testing.T, c *apiclient.Client, id string) *apiclient.Customer {
	t.Helper()
	cust, err := Load(context.Background(), c, id)
	if err != nil {
		t.Fatalf("load %s: %v", id, err)
	}
	return cust
}

// fakeClock records the waits asked of it and never sleeps. When cancel
// is set, Sleep cancels the context first, as an agent pressing ctrl+c
// during a wait would.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	slept  []time.Duration
	cancel context.CancelFunc
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	cancel := c.cancel
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

// field returns the display index of name, failing the test when unknown.
func field(t *testing.T, s *forms.Schema, name string) int {
	t.Helper()
	i := s.Index(name)
	if i < 0 {
		t.Fatalf("no field %q", name)
	}
	return i
}

// names lists the API names of changes, in order.
func names(cs []forms.Change) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field.Name
	}
	return strings.Join(out, ",")
}
