package apiclient

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

type sleeps struct{ d []time.Duration }

func (s *sleeps) sleep(_ context.Context, d time.Duration) error { s.d = append(s.d, d); return nil }

func TestGetRetriesServerErrorsWithFullJitter(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{"id":"`+id+`"}`)
	}))
	defer srv.Close()
	sl := &sleeps{}
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Sleep: sl.sleep, Rand: func() float64 { return 0.5 }})
	if _, err := c.GetCustomer(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 || len(sl.d) != 2 || sl.d[0] != 500*time.Millisecond || sl.d[1] != time.Second {
		t.Fatalf("requests %d, sleeps %v", n.Load(), sl.d)
	}
}

func TestRetryLimitsAndWhatIsNeverRetried(t *testing.T) {
	for _, c := range []struct {
		name     string
		method   string
		status   int
		attempts int32
	}{
		{"GET 500 gives up after 4 retries", "GET", 500, 5},
		{"GET 404", "GET", 404, 1},
		{"GET 401", "GET", 401, 1},
		{"GET 403", "GET", 403, 1},
		{"GET 400", "GET", 400, 1},
		{"GET 422", "GET", 422, 1},
		{"GET 429 is the caller's", "GET", 429, 1},
		{"PATCH 502 is ambiguous: not re-sent", "PATCH", 502, 1},
		{"PATCH 500", "PATCH", 500, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.WriteHeader(c.status)
				_, _ = io.WriteString(w, `{"message":"m","code":"X"}`)
			}))
			defer srv.Close()
			sl := &sleeps{}
			cl, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Sleep: sl.sleep, Rand: func() float64 { return 1 }})
			if c.method == "GET" {
				_, _ = cl.GetCustomer(context.Background(), id)
			} else {
				_, _ = cl.UpdateCustomer(context.Background(), id, []byte(`{}`), nil)
			}
			if n.Load() != c.attempts {
				t.Fatalf("%d attempts, want %d", n.Load(), c.attempts)
			}
			for i, d := range sl.d {
				if ceil := min(time.Second<<i, 30*time.Second); d > ceil {
					t.Fatalf("sleep %d = %v over %v", i, d, ceil)
				}
			}
		})
	}
}

func TestPatchNotSentIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	sl := &sleeps{}
	c, _ := New(Options{BaseURL: url, APIKey: testKey, Sleep: sl.sleep})
	_, err := c.UpdateCustomer(context.Background(), id, []byte(`{}`), nil)
	if e, ok := AsError(err); !ok || e.Kind != KindNetwork || e.Sent || len(sl.d) != 4 {
		t.Fatalf("err %v, sleeps %d", err, len(sl.d))
	}
}

func TestLimiterKeepsFiftyEightPerRollingMinute(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id":"`+id+`"}`)
	}))
	defer srv.Close()
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var waited []time.Duration
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Now: func() time.Time { return now },
		Sleep: func(_ context.Context, d time.Duration) error {
			waited = append(waited, d)
			now = now.Add(d)
			return nil
		}})
	for i := 0; i < 58; i++ {
		if _, err := c.GetCustomer(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		now = now.Add(100 * time.Millisecond)
	}
	if len(waited) != 0 {
		t.Fatalf("waited before the limit: %v", waited)
	}
	if _, err := c.GetCustomer(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if len(waited) != 1 || waited[0] != 54200*time.Millisecond {
		t.Fatalf("59th request waited %v, want [54.2s]", waited)
	}
}

// clock is a virtual clock shared by the client and the fake: sleeping and
// network latency move it on, nothing really waits.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The fake counts a request when it arrives. However slow some requests
// are to arrive or to be answered, and with retries and a person pressing
// r again and again, it never sees more than 58 in any 60 s.
func TestServerNeverSeesMoreThanFiftyEightAMinute(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	fake := fakeapi.New(fakeapi.Options{Key: testKey, Now: clk.Now, RateLimit: -1})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	n := 0
	latency := roundTrip(func(r *http.Request) (*http.Response, error) {
		n++
		// Every seventh request is slow to arrive, every fifth slow to answer.
		if n%7 == 1 {
			clk.add(1500 * time.Millisecond)
		}
		resp, err := http.DefaultTransport.RoundTrip(r)
		if n%5 == 0 {
			clk.add(2 * time.Second)
		}
		return resp, err
	})
	c, err := New(Options{BaseURL: srv.URL, APIKey: testKey, Transport: latency, Now: clk.Now, Rand: func() float64 { return 0.01 },
		Sleep: func(_ context.Context, d time.Duration) error { clk.add(d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 150; i++ {
		if i%10 == 3 { // a 503 the client retries by itself
			fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 503, Body: `{"message":"busy"}`})
		}
		_, _ = c.GetCustomer(context.Background(), fakeapi.MedicareLeadID) // r, pressed again
		clk.add(50 * time.Millisecond)
	}
	reqs := fake.Requests()
	if len(reqs) < 160 {
		t.Fatalf("only %d requests reached the fake", len(reqs))
	}
	for i := range reqs {
		in := 0
		for _, r := range reqs[i:] {
			if r.At.Sub(reqs[i].At) < time.Minute {
				in++
			}
		}
		if in > 58 {
			t.Fatalf("the fake saw %d requests in the minute from request %d", in, i)
		}
	}
}

func TestConditionalPatchWithETag(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			w.Header().Set("ETag", `"v1"`)
			_, _ = io.WriteString(w, `{"id":"`+id+`"}`)
			return
		}
		if r.Header.Get("If-Match") != `"v1"` {
			t.Errorf("If-Match %q", r.Header.Get("If-Match"))
		}
		w.WriteHeader(412)
		_, _ = io.WriteString(w, `{"message":"changed","code":"PRECONDITION_FAILED"}`)
	}))
	defer srv.Close()
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Sleep: noSleep})
	cust, err := c.GetCustomer(context.Background(), id)
	if err != nil || cust.ETag != `"v1"` {
		t.Fatal(cust, err)
	}
	_, err = c.UpdateCustomer(context.Background(), id, []byte(`{"city":"x"}`), cust)
	if e, ok := AsError(err); !ok || e.Kind != KindConflict {
		t.Fatalf("412: %v", err)
	}
}

func TestDebugLogHoldsNoCustomerDataOrKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id":"`+id+`","firstName":"Margaret","mbiNumber":"1EG4TE5MK73"}`)
	}))
	defer srv.Close()
	var log bytes.Buffer
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Debug: &log, Sleep: noSleep})
	_, _ = c.GetCustomer(context.Background(), id)
	_, _ = c.UpdateCustomer(context.Background(), id, []byte(`{"firstName":"Peggy"}`), nil)
	_, _ = c.ListCustomers(context.Background(), "Margaret", 1, 10)
	out := log.String()
	if strings.Count(out, "\n") != 3 || !strings.Contains(out, "GET /v2/customers/{id} attempt=1 status=200") {
		t.Fatalf("log:\n%s", out)
	}
	for _, secret := range []string{id, testKey, "Margaret", "Peggy", "1EG4TE5MK73"} {
		if strings.Contains(out, secret) {
			t.Fatalf("debug log holds %q:\n%s", secret, out)
		}
	}
}

func TestConditionalPatchWithLastModified(t *testing.T) {
	const lm = "Sat, 28 Nov 2026 12:00:00 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			w.Header().Set("Last-Modified", lm)
			_, _ = io.WriteString(w, `{"id":"`+id+`"}`)
			return
		}
		if r.Header.Get("If-Unmodified-Since") != lm || r.Header.Get("If-Match") != "" {
			t.Errorf("preconditions %q %q", r.Header.Get("If-Unmodified-Since"), r.Header.Get("If-Match"))
		}
		w.WriteHeader(409)
		_, _ = io.WriteString(w, `{"message":"conflict","code":"CONFLICT"}`)
	}))
	defer srv.Close()
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Sleep: noSleep})
	cust, _ := c.GetCustomer(context.Background(), id)
	if _, err := c.UpdateCustomer(context.Background(), id, []byte(`{}`), cust); err == nil {
		t.Fatal("409 accepted")
	} else if e, _ := AsError(err); e.Kind != KindConflict {
		t.Fatalf("409: kind %d", e.Kind)
	}
}

// TLS is always verified: a server with a certificate the system does not
// trust is refused, and nothing lets the client skip the check.
func TestTLSIsVerified(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("request reached a server with an untrusted certificate")
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, APIKey: testKey, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCustomer(context.Background(), id)
	if e, ok := AsError(err); !ok || e.Kind != KindNetwork || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("untrusted certificate: %v", err)
	}
}
