package apiclient

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzDecodeCustomer: any body either decodes to a record with an id or is
// an error; never a panic.
func FuzzDecodeCustomer(f *testing.F) {
	for _, s := range []string{`{"id":"x"}`, ``, `null`, `[]`, `{"id":7}`, `{"id":"x","a":{"b":[1,`, "<html>502</html>", `{"id":"x","a":'b'}`,
		`{"id":"x","firstName":"\u001b[2J"}`, `{"id":"x"}{"id":"y"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeCustomer(b)
		if err == nil && (c == nil || c.ID() == "") {
			t.Fatalf("accepted %q without an id", b)
		}
		// encoding/json quotes the character it trips on ('x'); no
		// message here may quote any part of a record.
		if err != nil && strings.ContainsRune(err.Error(), '\'') {
			t.Fatalf("%q: the error quotes the body: %v", b, err)
		}
	})
}

// FuzzErrorBody: any error answer yields a classified *Error; never a panic.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{`{"message":"m","code":"VALIDATION_ERROR","errors":[{"path":["a",1],"message":"x"}]}`,
		`{"retryAfter":"soon"}`, `{"retryAfter":1e308}`, `{"errors":{"a":1}}`, `<html>`, ``} {
		f.Add(422, s, "")
		f.Add(429, s, "120")
	}
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		if status < 400 || status > 599 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {retryAfter}}}
		e := errorFromResponse("op", resp, []byte(body))
		if e == nil || e.Status != status {
			t.Fatalf("%d %q: %+v", status, body, e)
		}
		if e.Kind == KindRateLimited && (e.RetryAfter < minRetryAfter || e.RetryAfter > maxRetryAfter) {
			t.Fatalf("retry after %v out of bounds", e.RetryAfter)
		}
		for _, is := range e.Issues {
			_ = is.Field()
		}
	})
}
