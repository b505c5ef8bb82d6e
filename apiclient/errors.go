package apiclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// Kind classifies an API failure by what the user can do about it.
type Kind int

// The failure kinds.
const (
	KindNetwork      Kind = iota // no HTTP answer: DNS, refused, reset, timeout
	KindUnauthorized             // 401: key rejected
	KindForbidden                // 403: key lacks permission
	KindNotFound                 // 404: no such customer
	KindValidation               // 400/422: the body was rejected
	KindRateLimited              // 429: wait RetryAfter
	KindConflict                 // 409/412: changed by someone else
	KindServer                   // 5xx
	KindBadResponse              // a non-JSON, malformed or out-of-bounds (jsonlimit) body, a redirect, a huge body; a 2xx among them may have been acted on
	KindOther                    // any other status
	KindWrongRecord              // a 2xx answer holding another customer's record than the one asked for
)

// Issue is one entry of a validation error's errors[] (Zod issue format).
type Issue struct {
	Path     []any  `json:"path"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Received any    `json:"received,omitempty"`
	Code     string `json:"code,omitempty"`
}

// Field returns the issue's first path element when it is a field name.
func (i Issue) Field() string {
	if len(i.Path) == 0 {
		return ""
	}
	s, _ := i.Path[0].(string)
	return s
}

// Error is every failure the client returns. Its texts come from the server
// and are raw: sanitize them before drawing.
type Error struct {
	Op         string        // what was attempted, e.g. "load customer"
	Kind       Kind          // what kind of failure
	Status     int           // HTTP status; 0 when there was no answer
	Code       string        // the API's error code, e.g. "NOT_FOUND"
	Message    string        // the API's message
	RetryAfter time.Duration // for KindRateLimited: how long to wait
	Issues     []Issue       // for KindValidation
	Sent       bool          // the request was written before the failure
	Err        error         // the underlying error, if any
}

// Error implements error with a one-line summary free of secrets.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// AsError returns err as an *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Retry-After bounds: never hammer, never hang for long.
const (
	minRetryAfter = time.Second
	maxRetryAfter = 300 * time.Second
)

// errorFromResponse builds the Error for a non-2xx answer.
func errorFromResponse(op string, resp *http.Response, body []byte) *Error {
	e := &Error{Op: op, Status: resp.StatusCode, Sent: true}
	switch s := resp.StatusCode; {
	case s == 401:
		e.Kind = KindUnauthorized
	case s == 403:
		e.Kind = KindForbidden
	case s == 404:
		e.Kind = KindNotFound
	case s == 400 || s == 422:
		e.Kind = KindValidation
	case s == 429:
		e.Kind = KindRateLimited
	case s == 409 || s == 412:
		e.Kind = KindConflict
	case s >= 500:
		e.Kind = KindServer
	default:
		e.Kind = KindOther
	}
	var eb struct {
		Message    string          `json:"message"`
		Code       string          `json:"code"`
		RetryAfter json.Number     `json:"retryAfter"`
		Errors     json.RawMessage `json:"errors"`
	}
	// Issues' received may echo a whole submitted value, customData
	// included: an error body is bounded like a record before it is built.
	checked := jsonlimit.Check(body, jsonlimit.Default())
	switch {
	case checked == nil && json.Unmarshal(body, &eb) == nil:
		e.Message, e.Code = eb.Message, eb.Code
		if len(eb.Errors) > 0 {
			_ = json.Unmarshal(eb.Errors, &e.Issues) // tolerate odd shapes
		}
	case e.Kind == KindRateLimited:
		// The wait comes from the header or the documented window.
	default:
		// Not JSON (a proxy's HTML page), or past the limits. A 400/422
		// stays KindValidation whatever its body: the API, or a proxy in
		// front of it, refused what was sent, and ccedit set exits 4 for
		// that; there are just no Issues to show.
		e.Err = fmt.Errorf("error body is not JSON (%s)", contentType(resp))
		if le := (*jsonlimit.Error)(nil); errors.As(checked, &le) && le.Limit {
			e.Err = errors.New(limitText("the error body", le))
		}
		if e.Kind == KindOther {
			e.Kind = KindBadResponse
		}
	}
	if e.Kind == KindRateLimited {
		var wait time.Duration
		if f, err := eb.RetryAfter.Float64(); err == nil {
			wait = time.Duration(f * float64(time.Second))
		}
		if h := retryAfterHeader(resp.Header.Get("Retry-After")); h > wait {
			wait = h
		}
		e.RetryAfter = min(max(wait, minRetryAfter), maxRetryAfter)
		if wait == 0 {
			e.RetryAfter = 60 * time.Second // the documented window
		}
	}
	return e
}

func retryAfterHeader(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func contentType(resp *http.Response) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return "no content type"
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}
