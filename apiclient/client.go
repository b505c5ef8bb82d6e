package apiclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.carecycle.ai"

// MaxBodyBytes caps how much of any response body is read.
const MaxBodyBytes = 4 << 20

// DefaultTimeout bounds every request.
const DefaultTimeout = 20 * time.Second

// DefaultPerMinute is how many requests the client sends in any rolling
// minute: the API allows 60, and two are kept in hand for the clocks and
// the network, which the limiter cannot see.
const DefaultPerMinute = 58

// Client calls the CareCycle customer API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	key       string
	http      *http.Client
	userAgent string
	retry     retryPolicy
	limit     *limiter
	debug     *debugLog
	// requester is who this copy of the client sends for (ForRequester):
	// the limiter takes waiting requesters in turn. "" for a client of
	// one person.
	requester string
}

// Options configures New.
type Options struct {
	BaseURL   string        // default DefaultBaseURL
	APIKey    string        // sent as x-api-key; must start with "cc_"
	Timeout   time.Duration // per request; default DefaultTimeout
	UserAgent string        // e.g. "ccedit/1.0"
	Transport http.RoundTripper
	// PerMinute caps requests in any rolling minute, retries included;
	// default DefaultPerMinute.
	PerMinute int
	// Debug, when set, receives one line per request: method, path with
	// the customer ID masked, status, timing. Never values or the key.
	Debug io.Writer
	// Clock, sleeping and jitter, replaceable by tests.
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) error
	Rand  func() float64
}

// New checks the options and returns a client. The base URL must pass
// CheckBaseURL, and redirects are never followed (they would carry the key
// to another host).
func New(o Options) (*Client, error) {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	u, err := CheckBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := CheckKey(o.APIKey); err != nil {
		return nil, err
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	hc := &http.Client{
		Timeout:   o.Timeout,
		Transport: o.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = Sleep
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.PerMinute == 0 {
		o.PerMinute = DefaultPerMinute
	}
	return &Client{base: u, key: o.APIKey, http: hc, userAgent: o.UserAgent,
		retry: retryPolicy{base: time.Second, cap: 30 * time.Second, max: 4, sleep: o.Sleep, rand: o.Rand},
		limit: newLimiter(o.PerMinute, o.Now, o.Sleep),
		debug: newDebugLog(o.Debug, o.Now)}, nil
}

// GetCustomer fetches one customer.
func (c *Client) GetCustomer(ctx context.Context, id string) (*Customer, error) {
	return c.customer(ctx, "load customer", http.MethodGet, id, nil, nil)
}

// UpdateCustomer sends body (a JSON object of the fields to change) as
// PATCH and returns the record the server stored. When since carries an
// ETag or Last-Modified from the server, the PATCH is made conditional on
// it (If-Match / If-Unmodified-Since) and a 409/412 is a KindConflict.
func (c *Client) UpdateCustomer(ctx context.Context, id string, body []byte, since *Customer) (*Customer, error) {
	h := http.Header{}
	if since != nil && since.ETag != "" {
		h.Set("If-Match", since.ETag)
	} else if since != nil && since.LastModified != "" {
		h.Set("If-Unmodified-Since", since.LastModified)
	}
	return c.customer(ctx, "save customer", http.MethodPatch, id, body, h)
}

func (c *Client) customer(ctx context.Context, op, method, id string, body []byte, h http.Header) (*Customer, error) {
	b, resp, err := c.do(ctx, op, method, "/v2/customers/"+url.PathEscape(id), body, h)
	if err != nil {
		return nil, err
	}
	cust, err := DecodeCustomer(b)
	if err != nil {
		// The real status and Sent: a PATCH answered 2xx with nothing
		// readable (a 204, an empty or HTML 200) may well have been
		// stored, and the caller must read the record again to know.
		return nil, unreadable(op, resp, err)
	}
	if got := cust.ID(); !strings.EqualFold(got, id) {
		// Shown under the requested id, or used as the base of a PATCH,
		// another person's record would be edited in this one's name.
		return nil, &Error{Op: op, Kind: KindWrongRecord, Status: resp.StatusCode, Sent: true,
			Err: fmt.Errorf("asked for customer %s, the answer is customer %s", shortID(id), shortID(got))}
	}
	cust.ETag, cust.LastModified, cust.Status = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), resp.StatusCode
	return cust, nil
}

// ListCustomers fetches one page of customers matching search ("" for all),
// in the API's default order.
func (c *Client) ListCustomers(ctx context.Context, search string, page, limit int) (*Page, error) {
	return c.Search(ctx, ListQuery{Search: search, Page: page, Limit: limit})
}

// Search fetches one page of GET /v2/customers for q.
func (c *Client) Search(ctx context.Context, q ListQuery) (*Page, error) {
	op := "search customers"
	b, resp, err := c.do(ctx, op, http.MethodGet, "/v2/customers?"+q.values().Encode(), nil, nil)
	if err != nil {
		return nil, err
	}
	p, err := decodePage(b)
	if err != nil {
		return nil, unreadable(op, resp, err)
	}
	return p, nil
}

// unreadable is the Error for a 2xx answer whose body could not be read:
// KindBadResponse with the status as sent and Sent set, and the content
// type when it is not JSON (a proxy's login page says text/html).
func unreadable(op string, resp *http.Response, err error) *Error {
	if ct := contentType(resp); ct != "application/json" && !strings.HasSuffix(ct, "+json") {
		err = fmt.Errorf("%w (%s)", err, ct)
	}
	return &Error{Op: op, Kind: KindBadResponse, Status: resp.StatusCode, Sent: true, Err: err}
}

// do sends a request, retrying what is safe to retry, and returns the body
// of a 2xx answer.
func (c *Client) do(ctx context.Context, op, method, path string, body []byte, h http.Header) ([]byte, *http.Response, error) {
	for attempt := 0; ; attempt++ {
		finish, err := c.limit.wait(ctx, c.requester)
		if err != nil {
			return nil, nil, &Error{Op: op, Kind: KindNetwork, Err: err}
		}
		start := c.limit.now()
		b, resp, err := c.once(ctx, op, method, path, body, h)
		finish()
		c.debug.request(method, path, attempt, resp, err, c.limit.now().Sub(start), len(b))
		if err == nil || attempt >= c.retry.max || !retryable(method, err) {
			return b, resp, err
		}
		if err := c.retry.pause(ctx, attempt); err != nil {
			return nil, nil, &Error{Op: op, Kind: KindNetwork, Err: err}
		}
	}
}

// retryable: a request that never left (any method), or a GET that failed
// on the network or with a 5xx. PATCH is never re-sent blindly: the caller
// decides after looking at the record again. 4xx are never retried (429
// is waited out by the caller, with a visible countdown).
func retryable(method string, err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch {
	case e.Kind == KindNetwork && !e.Sent:
		return true
	case method != http.MethodGet:
		return false
	case e.Kind == KindNetwork, e.Kind == KindServer:
		return true
	}
	return false
}

// once sends one request and returns the body of a 2xx answer.
func (c *Client) once(ctx context.Context, op, method, path string, body []byte, h http.Header) ([]byte, *http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var sent atomic.Bool // set on the transport's goroutine
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { sent.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, c.base.String()+path, rd)
	if err != nil {
		return nil, nil, &Error{Op: op, Kind: KindNetwork, Err: err}
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("x-api-key", c.key)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, &Error{Op: op, Kind: KindNetwork, Sent: sent.Load(), Err: stripURL(err)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, resp, &Error{Op: op, Kind: KindNetwork, Status: resp.StatusCode, Sent: true, Err: fmt.Errorf("reading the answer: %w", err)}
	}
	if len(b) > MaxBodyBytes {
		return nil, resp, &Error{Op: op, Kind: KindBadResponse, Status: resp.StatusCode, Sent: true,
			Err: fmt.Errorf("answer larger than %d MiB", MaxBodyBytes>>20)}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, resp, &Error{Op: op, Kind: KindBadResponse, Status: resp.StatusCode, Sent: true,
			Err: errors.New("the server redirected; redirects are not followed so the key stays with the API host")}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, resp, errorFromResponse(op, resp, b)
	}
	return b, resp, nil
}

// stripURL drops the *url.Error wrapper, whose text repeats the method and
// URL, keeping the cause.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timed out: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
