package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// A 2xx answer with nothing readable keeps its real status and says the
// request was sent: a PATCH answered so may have been stored, and the
// caller reads the record again to know. Neither method is re-sent.
func TestUnreadableSuccessKeepsStatusAndSent(t *testing.T) {
	for _, a := range []struct {
		name, ct, body string
		status         int
		want           string
	}{
		{"204 no content", "", "", 204, "HTTP 204: empty response body (no content type)"},
		{"200 empty", "application/json", "", 200, "HTTP 200: empty response body"},
		{"200 html", "text/html; charset=utf-8", "<html>" + secret + "</html>", 200, "HTTP 200: response is not a JSON object (text/html)"},
	} {
		for _, method := range []string{"GET", "PATCH"} {
			t.Run(a.name+" "+method, func(t *testing.T) {
				var n atomic.Int32
				c := serve(t, func(w http.ResponseWriter, r *http.Request) {
					n.Add(1)
					if a.ct != "" {
						w.Header().Set("Content-Type", a.ct)
					}
					w.WriteHeader(a.status)
					_, _ = io.WriteString(w, a.body)
				})
				var err error
				op := "load customer"
				if method == "GET" {
					_, err = c.GetCustomer(context.Background(), id)
				} else {
					op = "save customer"
					_, err = c.UpdateCustomer(context.Background(), id, []byte(`{"city":"Tacoma"}`), nil)
				}
				e, ok := AsError(err)
				if !ok || e.Kind != KindBadResponse || e.Status != a.status || !e.Sent || e.Op != op {
					t.Fatalf("got %#v", err)
				}
				if want := op + ": " + a.want; err.Error() != want {
					t.Fatalf("error %q, want %q", err, want)
				}
				if n.Load() != 1 {
					t.Fatalf("%d requests", n.Load())
				}
			})
		}
	}
}

// A 400 or 422 is the API refusing what was sent, whatever its body: a
// proxy's HTML page for it is still KindValidation (ccedit set exits 4),
// with no Issues and a text saying the body was not JSON.
func TestRefusalWithoutJSONBodyIsStillValidation(t *testing.T) {
	// The body is level 1, errors 2, the issue 3: received's 62nd array
	// is the 65th level.
	pre := `{"message":"Validation failed","errors":[{"path":["customData"],"received":`
	deep := pre + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}]}`
	deepAt := fmt.Sprintf("(line 1, column %d)", len(pre)+62)
	for _, c := range []struct {
		name, ct, body, want string
		status               int
	}{
		{"422 html", "text/html", "<html><body>422 " + secret + "</body></html>", "error body is not JSON (text/html)", 422},
		{"400 html", "text/html; charset=utf-8", "<h1>Bad Request</h1>", "error body is not JSON (text/html)", 400},
		{"400 plain text", "", "Bad Request", "error body is not JSON (text/plain)", 400},
		{"422 past the limits", "application/json", deep, "the error body nests deeper than 64 levels " + deepAt, 422},
	} {
		for _, method := range []string{"GET", "PATCH"} {
			t.Run(c.name+" "+method, func(t *testing.T) {
				cl := serve(t, reply(c.status, c.ct, c.body))
				var err error
				if method == "GET" {
					_, err = cl.GetCustomer(context.Background(), id)
				} else {
					_, err = cl.UpdateCustomer(context.Background(), id, []byte(`{"city":"Tacoma"}`), nil)
				}
				e, ok := AsError(err)
				if !ok || e.Kind != KindValidation || e.Status != c.status || len(e.Issues) != 0 || e.Message != "" {
					t.Fatalf("got %#v", err)
				}
				if e.Err == nil || e.Err.Error() != c.want {
					t.Fatalf("err %v, want %q", e.Err, c.want)
				}
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error quotes the body: %v", err)
				}
			})
		}
	}
}

// Sleep waits its time, and returns as soon as the context is done, even
// when the time is up too.
func TestSleep(t *testing.T) {
	start := time.Now()
	if err := Sleep(context.Background(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("%v after %s", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	start = time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("%v after %s", err, time.Since(start))
	}
	for range 100 { // a done context wins over a wait that is also over
		if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
			t.Fatalf("zero wait on a done context: %v", err)
		}
	}
}

// Through the fake, a save the server stored but answered without the
// record is an Error the workflow can tell from a refusal: a 2xx status,
// KindBadResponse, Sent; reading the record again shows the change.
func TestSaveStoredButAnsweredWithoutTheRecord(t *testing.T) {
	for _, a := range []*fakeapi.Answer{
		{Status: 204},
		{},
		{ContentType: "text/html", Body: []byte("<html>Sign in</html>")},
	} {
		fake := fakeapi.New(fakeapi.Options{RateLimit: -1,
			PatchAnswer: func(map[string]json.RawMessage) *fakeapi.Answer { return a }})
		srv := httptest.NewServer(fake)
		c, err := New(Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey, Sleep: noSleep})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.UpdateCustomer(context.Background(), fakeapi.AllNullID, []byte(`{"city":"Tacoma"}`), nil)
		e, ok := AsError(err)
		want := max(a.Status, 200)
		if !ok || e.Kind != KindBadResponse || e.Status != want || !e.Sent || e.Op != "save customer" {
			t.Fatalf("answer %d %q: %#v", a.Status, a.Body, err)
		}
		cust, err := c.GetCustomer(context.Background(), fakeapi.AllNullID)
		if err != nil {
			t.Fatal(err)
		}
		if cust.Str("city") != "Tacoma" || len(fake.Patches()) != 1 {
			t.Fatalf("after the save: city %q, %d PATCHes", cust.Str("city"), len(fake.Patches()))
		}
		srv.Close()
	}
}
