package workflow

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestLoadFetchesTheRecord(t *testing.T) {
	_, c := newFake(t, fakeapi.Options{})
	cust := load(t, c, fakeapi.MedicareLeadID)
	if cust.ID() != fakeapi.MedicareLeadID || cust.Str("city") != "Chicago" {
		t.Fatalf("loaded %q from %q", cust.ID(), cust.Str("city"))
	}
	_, err := Load(context.Background(), c, "11111111-1111-4111-8111-111111111111")
	if e, ok := apiclient.AsError(err); !ok || e.Kind != apiclient.KindNotFound {
		t.Fatalf("missing customer: %v", err)
	}
}

func TestLoadPatientlyWaitsOutRateLimits(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"message":"Rate limit exceeded","retryAfter":7}`})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Header: http.Header{"Retry-After": {"3"}}, Body: `{}`})
	clock := &fakeClock{now: time.Date(2026, 11, 28, 14, 5, 0, 0, time.UTC)}
	var waits []Explanation
	start := time.Now()
	cust, err := LoadPatiently(context.Background(), c, clock, fakeapi.MedicareLeadID, 3, func(ex Explanation) { waits = append(waits, ex) })
	if err != nil {
		t.Fatal(err)
	}
	if cust.Str("firstName") != "Margaret" {
		t.Fatalf("loaded %q", cust.Str("firstName"))
	}
	if len(clock.slept) != 2 || clock.slept[0] != 7*time.Second || clock.slept[1] != 3*time.Second {
		t.Fatalf("slept %v, want [7s 3s]", clock.slept)
	}
	if len(waits) != 2 || waits[0].Wait != 7*time.Second || waits[0].Title != "Too many requests: the API allows 60 a minute." {
		t.Fatalf("onWait got %+v", waits)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatal("LoadPatiently slept for real")
	}
}

func TestLoadPatientlyGivesUpAfterTries(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"retryAfter":5}`, Times: 10})
	clock := &fakeClock{}
	calls := 0
	_, err := LoadPatiently(context.Background(), c, clock, fakeapi.MedicareLeadID, 2, func(Explanation) { calls++ })
	if e, ok := apiclient.AsError(err); !ok || e.Kind != apiclient.KindRateLimited {
		t.Fatalf("err %v, want the last 429", err)
	}
	if calls != 2 || len(clock.slept) != 2 || len(fake.Requests()) != 3 {
		t.Fatalf("onWait %d, slept %v, %d requests", calls, clock.slept, len(fake.Requests()))
	}
}

func TestLoadPatientlyReturnsOtherErrorsAtOnce(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 403, Body: `{"message":"Key lacks customers:read","code":"FORBIDDEN"}`})
	clock := &fakeClock{}
	_, err := LoadPatiently(context.Background(), c, clock, fakeapi.MedicareLeadID, 3, func(Explanation) { t.Error("onWait on a 403") })
	if e, ok := apiclient.AsError(err); !ok || e.Kind != apiclient.KindForbidden {
		t.Fatalf("err %v", err)
	}
	if len(clock.slept) != 0 || len(fake.Requests()) != 1 {
		t.Fatalf("slept %v, %d requests", clock.slept, len(fake.Requests()))
	}
}

func TestLoadPatientlyStopsWhenCancelled(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"retryAfter":60}`, Times: 10})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{cancel: cancel}
	_, err := LoadPatiently(ctx, c, clock, fakeapi.MedicareLeadID, 3, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if len(clock.slept) != 1 || len(fake.Requests()) != 1 {
		t.Fatalf("slept %v, %d requests after cancel", clock.slept, len(fake.Requests()))
	}
}

func TestSystemClockSleepIsCancellable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := SystemClock().Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a cancelled context: %v", err)
	}
	if err := SystemClock().Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(SystemClock().Now()); d < 0 || d > time.Minute {
		t.Fatalf("Now is %s off", d)
	}
}
