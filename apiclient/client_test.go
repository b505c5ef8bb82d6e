package apiclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const testKey = "cc_test_abcdef123456"
const id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"

func serve(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Options{BaseURL: srv.URL, APIKey: testKey, Timeout: 2 * time.Second, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, ct, body string, hdr ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestGetCustomerSendsKeyAndKeepsUnknownKeys(t *testing.T) {
	// Keys out of any order a map would give, and spelling JSON allows.
	body := `{"newField":true,"id":"` + id + `","firstName":"Ann","policies":[{"x":1}],"n":1.50}`
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != testKey || r.URL.Path != "/v2/customers/"+id || r.Method != "GET" {
			t.Errorf("request %s %s key=%q", r.Method, r.URL.Path, r.Header.Get("x-api-key"))
		}
		_, _ = io.WriteString(w, body+"\n")
	})
	cust, err := c.GetCustomer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if cust.Str("firstName") != "Ann" || string(cust.Fields["policies"]) != `[{"x":1}]` || cust.ID() != id {
		t.Fatalf("%+v", cust.Fields)
	}
	if string(cust.Raw) != body {
		t.Fatalf("raw record %s", cust.Raw)
	}
}

func TestUpdateCustomerSendsBody(t *testing.T) {
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != "PATCH" || r.Header.Get("Content-Type") != "application/json" || string(b) != `{"city":"Tacoma"}` {
			t.Errorf("%s %q %s", r.Method, r.Header.Get("Content-Type"), b)
		}
		_, _ = io.WriteString(w, `{"id":"`+id+`","city":"Tacoma"}`)
	})
	cust, err := c.UpdateCustomer(context.Background(), id, []byte(`{"city":"Tacoma"}`), nil)
	if err != nil || cust.Str("city") != "Tacoma" {
		t.Fatal(cust, err)
	}
}

func TestErrorsByStatus(t *testing.T) {
	cases := []struct {
		name  string
		h     http.HandlerFunc
		kind  Kind
		check func(*testing.T, *Error)
	}{
		{"401", reply(401, "application/json", `{"message":"Invalid or missing API key","code":"UNAUTHORIZED"}`), KindUnauthorized, nil},
		{"403", reply(403, "application/json", `{"message":"no","code":"FORBIDDEN"}`), KindForbidden, nil},
		{"404", reply(404, "application/json", `{"message":"Customer not found","code":"NOT_FOUND"}`), KindNotFound, nil},
		{"422", reply(422, "application/json", `{"message":"Validation failed","code":"VALIDATION_ERROR","errors":[{"path":["firstName"],"message":"too long","code":"too_big","received":"x"}]}`),
			KindValidation, func(t *testing.T, e *Error) {
				if len(e.Issues) != 1 || e.Issues[0].Field() != "firstName" || e.Issues[0].Message != "too long" {
					t.Errorf("issues %+v", e.Issues)
				}
			}},
		{"400 as validation", reply(400, "application/json", `{"message":"bad","code":"VALIDATION_ERROR","errors":[{"path":[0],"message":"m"}]}`),
			KindValidation, func(t *testing.T, e *Error) {
				if len(e.Issues) != 1 || e.Issues[0].Field() != "" {
					t.Errorf("issues %+v", e.Issues)
				}
			}},
		{"429 body", reply(429, "application/json", `{"message":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED","retryAfter":42}`),
			KindRateLimited, func(t *testing.T, e *Error) {
				if e.RetryAfter != 42*time.Second {
					t.Errorf("retry after %v", e.RetryAfter)
				}
			}},
		{"429 header larger", reply(429, "application/json", `{"retryAfter":5}`, "Retry-After", "9"),
			KindRateLimited, func(t *testing.T, e *Error) {
				if e.RetryAfter != 9*time.Second {
					t.Errorf("retry after %v", e.RetryAfter)
				}
			}},
		{"429 clamped", reply(429, "application/json", `{"retryAfter":100000}`), KindRateLimited, func(t *testing.T, e *Error) {
			if e.RetryAfter != 300*time.Second {
				t.Errorf("retry after %v", e.RetryAfter)
			}
		}},
		{"500", reply(500, "application/json", `{"message":"boom","code":"INTERNAL_ERROR"}`), KindServer, nil},
		{"502 html", reply(502, "text/html", `<html><body>Bad Gateway</body></html>`), KindServer, func(t *testing.T, e *Error) {
			if e.Err == nil || !strings.Contains(e.Err.Error(), "text/html") {
				t.Errorf("err %v", e.Err)
			}
		}},
		{"200 html", reply(200, "text/html", `<html>login</html>`), KindBadResponse, nil},
		{"200 empty", reply(200, "application/json", ``), KindBadResponse, nil},
		{"200 null", reply(200, "application/json", `null`), KindBadResponse, nil},
		{"200 truncated", reply(200, "application/json", `{"id":"`+id+`","firstN`), KindBadResponse, nil},
		{"200 wrong id type", reply(200, "application/json", `{"id":7}`), KindBadResponse, nil},
		{"302", reply(302, "", ``, "Location", "https://elsewhere.example/"), KindBadResponse, nil},
		{"huge", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"id":"`+id+`","x":"`+strings.Repeat("a", MaxBodyBytes)+`"}`)
		}, KindBadResponse, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := serve(t, tc.h)
			_, err := c.GetCustomer(context.Background(), id)
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("error %T %v", err, err)
			}
			if e.Kind != tc.kind {
				t.Fatalf("kind %d, want %d (%v)", e.Kind, tc.kind, e)
			}
			if strings.Contains(e.Error(), testKey) {
				t.Fatal("error text holds the key")
			}
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}

func TestNetworkErrorAndTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
	}))
	defer srv.Close()
	c, _ := New(Options{BaseURL: srv.URL, APIKey: testKey, Timeout: 50 * time.Millisecond, Sleep: noSleep})
	_, err := c.GetCustomer(context.Background(), id)
	if e, ok := AsError(err); !ok || e.Kind != KindNetwork || !e.Sent {
		t.Fatalf("timeout: %#v", err)
	}
	srv2 := httptest.NewServer(http.NotFoundHandler())
	url := srv2.URL
	srv2.Close()
	c2, _ := New(Options{BaseURL: url, APIKey: testKey, Sleep: noSleep})
	_, err = c2.UpdateCustomer(context.Background(), id, []byte(`{}`), nil)
	if e, ok := AsError(err); !ok || e.Kind != KindNetwork || e.Sent {
		t.Fatalf("refused: %#v", err)
	}
}

func TestNewRefusesUnsafeConfig(t *testing.T) {
	for _, c := range []struct{ url, key string }{
		{"http://api.carecycle.ai", testKey},
		{"http://10.0.0.5:8080", testKey},
		{"ftp://x", testKey},
		{"https://api.carecycle.ai", ""},
		{"https://api.carecycle.ai", "sk_live_123"},
	} {
		if _, err := New(Options{BaseURL: c.url, APIKey: c.key}); err == nil {
			t.Errorf("New(%q, %q) accepted", c.url, c.key)
		} else if c.key != "" && strings.Contains(err.Error(), c.key) {
			t.Errorf("error echoes the key: %v", err)
		}
	}
	for _, u := range []string{"http://127.0.0.1:9", "http://[::1]:9", "http://localhost:9", "https://api.carecycle.ai"} {
		if _, err := New(Options{BaseURL: u, APIKey: testKey}); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
	if got := MaskKey(testKey); got != "cc_…3456" {
		t.Errorf("MaskKey = %q", got)
	}
	if !errors.Is(&Error{Err: context.Canceled}, context.Canceled) {
		t.Error("Unwrap")
	}
}

func noSleep(context.Context, time.Duration) error { return nil }

// A base URL with a password, a query or a fragment is refused, and the
// message never repeats the password or the query.
func TestBaseURLRefusesUserInfoQueryAndFragment(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"http://user:s3cretpw@127.0.0.1:8080", "user name or password"},
		{"https://user:s3cretpw@api.carecycle.ai", "user name or password"},
		{"https://user@api.carecycle.ai", "user name or password"},
		{"http://127.0.0.1:8080?token=s3cretpw", "?query"},
		{"http://127.0.0.1:8080/?", "?query"},
		{"http://127.0.0.1:8080#s3cretpw", "#fragment"},
		{"http://127.0.0.1:8080/#", "#fragment"},
		{"ftp://user:s3cretpw@x", "want https://host"},
		{"http://user:s3cret pw@127.0.0.1", "not a valid URL"},
	} {
		_, err := New(Options{BaseURL: c.url, APIKey: testKey})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.url, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "user:") {
			t.Errorf("%s: the error repeats the secret: %v", c.url, err)
		}
	}
	if _, err := CheckBaseURL("https://api.carecycle.ai/v2-proxy/"); err != nil {
		t.Errorf("a path is fine: %v", err)
	}
}

// A key with a control byte cannot go in a header: it is refused as
// configuration, before any request, rather than failing five times as a
// network error.
func TestKeyWithControlBytesIsRefused(t *testing.T) {
	for _, k := range []string{"cc_abc\x01def", "cc_abc\x7fdef", "cc_abcé", "cc_abc\x00"} {
		if err := CheckKey(k); err == nil || !strings.Contains(err.Error(), "control or non-ASCII") || strings.Contains(err.Error(), "abc") {
			t.Errorf("%q: %v", k, err)
		}
	}
	if err := CheckKey("cc_live_AZaz09-_.~+/="); err != nil {
		t.Errorf("printable key refused: %v", err)
	}
}

// A record whose id is not the one asked for is refused, for a GET and for
// a PATCH's answer alike: shown or saved under the requested id, it would
// put one person's data in another's record.
func TestAnswerForAnotherCustomerIsRefused(t *testing.T) {
	const other = "5e505642-1111-4222-8333-444455556666"
	c := serve(t, reply(200, "application/json", `{"id":"`+other+`","firstName":"Someone Else"}`))
	_, err := c.GetCustomer(context.Background(), id)
	e, ok := AsError(err)
	if !ok || e.Kind != KindWrongRecord || !strings.Contains(err.Error(), "497f6eca…") || !strings.Contains(err.Error(), "5e505642…") {
		t.Fatalf("GET: %v", err)
	}
	if strings.Contains(err.Error(), "Someone") {
		t.Fatalf("the error holds record data: %v", err)
	}
	_, err = c.UpdateCustomer(context.Background(), id, []byte(`{"city":"x"}`), nil)
	if e, ok := AsError(err); !ok || e.Kind != KindWrongRecord || !e.Sent {
		t.Fatalf("PATCH: %v", err)
	}
	// The same id in capitals is the same customer.
	c = serve(t, reply(200, "application/json", `{"id":"`+strings.ToUpper(id)+`"}`))
	if _, err := c.GetCustomer(context.Background(), id); err != nil {
		t.Fatalf("upper-case id: %v", err)
	}
}
