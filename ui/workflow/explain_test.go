package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

func TestExplainEachKind(t *testing.T) {
	const id = fakeapi.MedicareLeadID
	tests := []struct {
		name      string
		err       error
		saving    bool
		title     string
		detail    string
		server    bool // detail is the server's text
		hint      string
		retryable bool
		wait      time.Duration
	}{
		{name: "not an API error", err: errors.New("dial: boom"),
			title: "Could not load the customer.", detail: "dial: boom", retryable: true},
		{name: "not an API error, saving", err: errors.New("dial: boom"), saving: true,
			title: "Could not save your changes.", detail: "dial: boom", retryable: true},
		{name: "401", err: &apiclient.Error{Kind: apiclient.KindUnauthorized, Status: 401, Message: "Invalid API key"},
			title: "The API key was rejected (HTTP 401).", detail: "Invalid API key", server: true,
			hint: "Check CARECYCLE_API_KEY or --api-key-file (key in use: cc_…0000)."},
		{name: "403 saving", err: &apiclient.Error{Kind: apiclient.KindForbidden, Status: 403}, saving: true,
			title: "This API key is not allowed to save your changes (HTTP 403).",
			hint:  "Ask an administrator to grant the key access to customers. Your edits are kept."},
		{name: "404", err: &apiclient.Error{Kind: apiclient.KindNotFound, Status: 404, Message: "Customer not found"},
			title: "No customer with ID " + id + ".", detail: "Customer not found", server: true,
			hint: "Check the ID; it may have been deleted or belong to another client."},
		{name: "429", err: &apiclient.Error{Kind: apiclient.KindRateLimited, Status: 429, RetryAfter: 42 * time.Second},
			title: "Too many requests: the API allows 60 a minute.", hint: "ccedit will try again by itself.",
			retryable: true, wait: 42 * time.Second},
		{name: "5xx with a message", err: &apiclient.Error{Kind: apiclient.KindServer, Status: 503, Message: "maintenance window"},
			title: "The CareCycle API had a problem (HTTP 503).", detail: "maintenance window", server: true,
			hint: "This is usually temporary.", retryable: true},
		{name: "5xx page from a proxy", err: &apiclient.Error{Kind: apiclient.KindServer, Status: 502, Err: errors.New("error body is not JSON (text/html)")},
			title: "The server, or a proxy in front of it, failed (HTTP 502) and sent a page instead of data.",
			hint:  "This is usually temporary.", retryable: true},
		{name: "network", err: &apiclient.Error{Kind: apiclient.KindNetwork, Err: errors.New("connection refused")},
			title: "Could not reach the CareCycle API.", detail: "connection refused",
			hint: "Check the network or VPN.", retryable: true},
		{name: "network after sending a save", err: &apiclient.Error{Kind: apiclient.KindNetwork, Sent: true, Err: errors.New("timed out")}, saving: true,
			title: "Could not reach the CareCycle API.", detail: "timed out", retryable: true,
			hint: "The save may or may not have reached the server. Retrying is safe: ccedit reads the record first and sends only what is not there yet. Your edits are kept."},
		{name: "bad response without status", err: &apiclient.Error{Kind: apiclient.KindBadResponse, Err: errors.New("not JSON")},
			title: "The API sent an answer ccedit cannot read.", detail: "not JSON", retryable: true},
		{name: "bad response with status", err: &apiclient.Error{Kind: apiclient.KindBadResponse, Status: 200, Err: errors.New("no id")},
			title: "The API sent an answer ccedit cannot read (HTTP 200).", detail: "no id", retryable: true},
		{name: "validation", err: &apiclient.Error{Kind: apiclient.KindValidation, Status: 422, Message: "Validation failed"}, saving: true,
			title: "Unexpected answer from the API (HTTP 422).", detail: "Validation failed", server: true, hint: "Your edits are kept.", retryable: true},
		{name: "conflict", err: &apiclient.Error{Kind: apiclient.KindConflict, Status: 412, Message: "changed"},
			title: "The record changed on the server while ccedit was saving it (HTTP 412).", detail: "changed", server: true,
			hint: "Retrying reads the record again and shows any field someone else changed.", retryable: true},
		{name: "network with a server message", err: &apiclient.Error{Kind: apiclient.KindNetwork, Status: 200, Message: "m", Err: errors.New("reading the answer: reset")},
			title: "Could not reach the CareCycle API.", detail: "reading the answer: reset", hint: "Check the network or VPN.", retryable: true},
		{name: "another customer's record", err: &apiclient.Error{Op: "load customer", Kind: apiclient.KindWrongRecord, Status: 200, Err: errors.New("asked for a, got b")},
			title: "The API answered with another customer's record; nothing of it is shown.", detail: "asked for a, got b",
			hint: "This is a fault in the API or a proxy in front of it: report it, with the time, before editing this customer.", retryable: true},
		{name: "another customer's record after a PATCH", err: &apiclient.Error{Op: "save customer", Kind: apiclient.KindWrongRecord, Status: 200, Err: errors.New("asked for a, got b")},
			saving: true, title: "The answer to the save was another customer's record.", detail: "asked for a, got b",
			hint: "The change may have gone to another customer's record. ccedit sends nothing more: report it to CareCycle support, with the time, before trying again. Your edits are kept."},
		{name: "other", err: &apiclient.Error{Kind: apiclient.KindOther, Status: 418, Message: "teapot"},
			title: "Unexpected answer from the API (HTTP 418).", detail: "teapot", server: true, retryable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Explain(tt.err, id, apiclient.MaskKey(fakeapi.DemoKey), tt.saving)
			want := Explanation{Err: tt.err, Title: tt.title, Detail: tt.detail, FromServer: tt.server, Hint: tt.hint, Retryable: tt.retryable, Wait: tt.wait}
			if got != want {
				t.Errorf("Explain\n got %+v\nwant %+v", got, want)
			}
			if label := map[bool]string{true: "Server said", false: "Details"}[tt.server]; got.DetailLabel() != label {
				t.Errorf("detail label %q, want %q", got.DetailLabel(), label)
			}
		})
	}
}

func TestExplainWrappedAndRealErrors(t *testing.T) {
	fake, c := newFake(t, fakeapi.Options{})
	fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"retryAfter":3}`})
	_, err := c.GetCustomer(context.Background(), fakeapi.MedicareLeadID)
	ex := Explain(fmtWrap(err), fakeapi.MedicareLeadID, "", false)
	if ex.Wait != 3*time.Second || !ex.Retryable {
		t.Fatalf("wrapped 429: %+v", ex)
	}

	_, bad := newFake(t, fakeapi.Options{Key: "cc_test_other_key_zzzz"})
	_, err = bad.GetCustomer(context.Background(), fakeapi.MedicareLeadID)
	ex = Explain(err, fakeapi.MedicareLeadID, apiclient.MaskKey(fakeapi.DemoKey), false)
	if ex.Retryable || !strings.Contains(ex.Hint, "cc_…0000") || strings.Contains(ex.Title+ex.Detail+ex.Hint, fakeapi.DemoKey) {
		t.Fatalf("401: %+v", ex)
	}
	if ex := Explain(nil, "x", "", false); ex != (Explanation{}) {
		t.Fatalf("nil error: %+v", ex)
	}
}

func fmtWrap(err error) error { return errors.Join(errors.New("context"), err) }

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 changes", 1: "1 change", 2: "2 changes"} {
		if got := Plural(n, "change", "changes"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// A refused key is the agent's to fix locally (the variable, the file, the
// key in use) and the administrator's over ccedit serve, where the agent
// neither holds the key nor could set either: the words say whose it is,
// and over serve name nothing the agent cannot reach.
func TestExplainSaysWhoseKeyWasRefused(t *testing.T) {
	for _, kind := range []apiclient.Kind{apiclient.KindUnauthorized, apiclient.KindForbidden} {
		err := &apiclient.Error{Kind: kind, Status: 401}
		local := Explain(err, "x", apiclient.MaskKey(fakeapi.DemoKey), false)
		served := Explain(err, "x", ServerKey, true)
		if served.Hint != "The server's API key was refused: tell the administrator of this jump host. Your edits are kept." ||
			strings.Contains(served.Hint, "CARECYCLE_API_KEY") || strings.Contains(served.Title+served.Hint, "cc_") || served.Retryable {
			t.Errorf("%v over serve: %+v", kind, served)
		}
		if local.Hint == served.Hint || strings.Contains(local.Hint, "jump host") {
			t.Errorf("%v locally: %+v", kind, local)
		}
	}
	if h := Explain(&apiclient.Error{Kind: apiclient.KindUnauthorized, Status: 401}, "x", "cc_…1234", false).Hint; h != "Check CARECYCLE_API_KEY or --api-key-file (key in use: cc_…1234)." {
		t.Errorf("local 401 hint %q", h)
	}
}

// The words for a wait on the shared rate limit say what Waiting says, and
// nothing when nothing waits.
func TestWaitText(t *testing.T) {
	for _, c := range []struct {
		w    apiclient.Wait
		want string
	}{
		{apiclient.Wait{PerMinute: 58}, ""},
		{apiclient.Wait{Waiting: true, PerMinute: 58, Queued: 1}, "Waiting for the API's rate limit (58 requests a minute)."},
		{apiclient.Wait{Waiting: true, Ahead: 1, Queued: 2}, "Waiting for the shared rate limit: 1 other agent's request goes first."},
		{apiclient.Wait{Waiting: true, Ahead: 3, Queued: 9}, "Waiting for the shared rate limit: 3 other agents' requests go first."},
	} {
		if got := WaitText(c.w); got != c.want {
			t.Errorf("WaitText(%+v) = %q, want %q", c.w, got, c.want)
		}
	}
}
