package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestLoadFailuresAreExplained(t *testing.T) {
	h := newHarness(t, "11111111-1111-4111-8111-111111111111")
	h.mustSee("No customer with ID 11111111-1111-4111-8111-111111111111.", "q quit")
	h.mustNotSee("r retry")

	h = newHarness(t, fakeapi.MedicareLeadID, withFakeKey("cc_other_key_zzzz"))
	h.mustSee("The API key was rejected (HTTP 401).", "Check CARECYCLE_API_KEY", "cc_…0000")
	h.mustNotSee(fakeapi.DemoKey)
}

func TestLoadRetriesAfterRateLimitCountdown(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"message":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED","retryAfter":3}`})
	h.keys("enter") // open her
	h.mustSee("Too many requests", "Retrying in 3 s")
	h.tick()
	h.mustSee("Retrying in 2 s")
	h.send(countdownMsg{}) // stale tick: ignored
	h.mustSee("Retrying in 2 s")
	h.tick()
	h.tick()
	h.mustSee("Margaret O'Connell", "Status")
}

func TestCountdownCanBeStopped(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"retryAfter":30}`})
	h.keys("enter")
	h.mustSee("s stop the countdown")
	h.typ("s")
	h.mustNotSee("Retrying in", "stop the countdown")
	h.send(countdownMsg{f: h.failure()}) // the old tick no longer counts
	h.mustNotSee("Retrying in")
	h.typ("r")
	h.mustSee("Margaret O'Connell")
}

func TestProxyHTMLPageAndRetry(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 502, ContentType: "text/html", Times: 5,
		Body: "<html><body><h1>502 Bad Gateway</h1>\x1b[2J</body></html>"})
	h.keys("enter")
	if n := len(h.fake.Requests()); n != 2+5 { // two searches, then 1 try + 4 retries
		t.Fatalf("%d requests", n)
	}
	h.mustSee("failed (HTTP 502) and sent a page", "instead of data.", "r retry")
	h.mustNotSee("<html>")
	h.typ("r")
	h.mustSee("Margaret O'Connell")
}

func TestSaveFailureKeepsEditsAndRetries(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 500, Body: `{"message":"database unavailable","code":"INTERNAL_ERROR"}`})
	h.goTo("city")
	h.typ("s")
	h.keys("ctrl+s", "enter")
	h.mustSee("The CareCycle API had a problem (HTTP 500).", "Server said: database unavailable", "Your edits are kept.", "r retry")
	h.keys("esc")
	if h.value("city") != "Chicagos" {
		t.Fatal("edit lost")
	}
	h.keys("ctrl+s", "enter")
	h.mustSee("Saved 1 field: City.")
	h.wantPatches(`{"city":"Chicagos"}`, `{"city":"Chicagos"}`)
}

func TestForbiddenAndNetworkFailures(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 403, Body: `{"message":"Key lacks customers:read","code":"FORBIDDEN"}`})
	h.keys("enter")
	h.mustSee("This API key is not allowed to load the customer (HTTP 403).", "Key lacks customers:read")
	h.mustNotSee("r retry")

	h = newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("!")
	h.m.c.Client = closedClient(t)
	h.m.c.Sess.UseClient(h.m.c.Client)
	h.keys("ctrl+s", "enter")
	h.mustSee("Could not reach the CareCycle API.", "Your edits are kept.", "r retry")
	if h.value("city") != "Chicago!" {
		t.Fatal("edit lost")
	}
}

func TestWaitingScreens(t *testing.T) {
	m := New(Config{CustomerID: fakeapi.MedicareLeadID})
	m.c.Width, m.c.Height = 80, 24
	h := &harness{t: t, m: m}
	h.golden("loading")
	h = newHarness(t, fakeapi.MedicareLeadID)
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s")
	h.m, _ = h.m.save() // the command is not run: the request is in flight
	h.golden("saving")

	h = newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 503, Body: `{"message":"maintenance window","code":"INTERNAL_ERROR"}`})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.golden("save_failed")
}

func closedClient(t *testing.T) *apiclient.Client {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := apiclient.New(apiclient.Options{BaseURL: url, APIKey: fakeapi.DemoKey, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSaveWaitsOutRateLimitThenSaves(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.fake.InjectFault(fakeapi.Fault{Method: "PATCH", Status: 429, Header: http.Header{"Retry-After": {"2"}},
		Body: `{"message":"Rate limit exceeded","code":"RATE_LIMIT_EXCEEDED","retryAfter":1}`})
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+s", "enter")
	h.mustSee("Too many requests", "Retrying in 2 s", "Your edits are kept.") // the larger of body and header
	h.tick()
	h.mustSee("Retrying in 1 s")
	h.tick()
	h.mustSee("Saved 1 field: City.")
	h.wantPatches(`{"city":"Chicago!"}`, `{"city":"Chicago!"}`)
}
