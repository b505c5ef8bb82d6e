package script

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// testKey is the key the fakes in these tests accept.
const testKey = "cc_test_script_0001"

// lead is the seeded Medicare lead most tests edit.
const lead = fakeapi.MedicareLeadID

// rig is a fake API on loopback and the options that reach it, as main
// would wire them, with waits recorded instead of slept.
type rig struct {
	t     *testing.T
	fake  *fakeapi.Server
	url   string
	clock *fakeClock
	// afterGet, when set, runs once after the fake answers the first GET
	// of a customer: another agent saving while the command works.
	afterGet func()
	mu       sync.Mutex
	gets     int
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, fake: fakeapi.New(fakeapi.Options{Key: testKey, RateLimit: -1}), clock: &fakeClock{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.fake.ServeHTTP(w, req)
		if req.Method != http.MethodGet || !strings.HasPrefix(req.URL.Path, "/v2/customers/") {
			return
		}
		r.mu.Lock()
		r.gets++
		first, hook := r.gets == 1, r.afterGet
		r.mu.Unlock()
		if first && hook != nil {
			hook()
		}
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

// options are Run's options against the rig's fake over ios.
func (r *rig) options(ios *IOStreams) Options {
	return Options{IO: ios, Clock: r.clock, Getenv: func(k string) string {
		if k == "LANG" {
			return "C.UTF-8"
		}
		return ""
	}, Connect: func(c Connection) (*API, error) {
		if c.KeyFile == "missing" {
			return nil, errors.New("api key file: open missing: no such file or directory")
		}
		client, err := apiclient.New(apiclient.Options{BaseURL: r.url, APIKey: testKey, Timeout: 5 * time.Second,
			Sleep: func(context.Context, time.Duration) error { return nil }})
		if err != nil {
			return nil, err
		}
		return &API{Client: client, KeyHint: apiclient.MaskKey(testKey)}, nil
	}}
}

// run runs a command with stdin as its standard input, not on a terminal.
func (r *rig) run(stdin string, args ...string) (code int, out, errOut string) {
	ios, in, o, e := NewTestStreams()
	in.WriteString(stdin)
	code = Run(context.Background(), args, r.options(ios))
	return code, o.String(), e.String()
}

// runTTY runs a command on a terminal whose person answers with in.
func (r *rig) runTTY(in io.Reader, args ...string) (code int, out, errOut string) {
	ios, _, o, e := NewTestStreams()
	ios.In, ios.InTTY, ios.OutTTY = in, true, true
	code = Run(context.Background(), args, r.options(ios))
	return code, o.String(), e.String()
}

// wantPatches fails unless the fake received exactly these PATCH bodies.
func (r *rig) wantPatches(want ...string) {
	r.t.Helper()
	got := r.fake.Patches()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		r.t.Fatalf("PATCH bodies %q, want %q", got, want)
	}
}

// fakeClock records the waits asked of it and never sleeps.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// answerAfter is a person at the terminal: before the answer is read, act
// runs (someone else saves while the question is on screen).
type answerAfter struct {
	r    io.Reader
	act  func()
	done bool
}

func (a *answerAfter) Read(p []byte) (int, error) {
	if !a.done {
		a.done = true
		if a.act != nil {
			a.act()
		}
	}
	return a.r.Read(p)
}
