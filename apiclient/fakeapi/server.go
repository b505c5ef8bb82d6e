// Package fakeapi is a faithful in-memory fake of the CareCycle customer
// API. It serves the tests and `ccedit --demo`: the same routes, the same
// validation as the published schema, Zod-style 422 errors, 401/404, and a
// 60-requests-a-minute limit. Tests can inject failures and change a record
// "as another user".
package fakeapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// DemoKey is the key the demo uses; it is not a secret.
const DemoKey = "cc_demo_0000000000000000"

// OtherUserID is the updatedBy written by EditAsOtherUser.
const OtherUserID = "0b6f3a52-9c1e-4f7a-8d2b-6c4e1a9f0d37"

// APIUserID is the updatedBy written by PATCH requests.
const APIUserID = "c9a1e7f0-3b5d-4e2a-9f8c-1d6b4a7e2c90"

// Request is one request the fake received, for assertions.
type Request struct {
	At          time.Time // when it arrived, on the fake's clock
	Method      string
	Path        string
	Query       string
	ContentType string
	IfMatch     string
	Body        []byte
}

// Fault is a canned answer for the next requests matching Method (and Path
// when set), instead of the real one. Times defaults to 1.
type Fault struct {
	Method      string
	Path        string
	Status      int
	Body        string
	ContentType string // default application/json
	Header      http.Header
	Times       int
	// Apply lets the real handler run first (the change is stored) and then
	// answers with the fault, like a proxy timing out after the server acted.
	Apply bool
}

// Options configures New.
type Options struct {
	Key       string           // accepted x-api-key; default DemoKey
	Now       func() time.Time // clock; default time.Now
	RateLimit int              // requests per rolling minute; default 60, <0 disables
	NoSeed    bool             // start empty
	ETags     bool             // send ETag and honour If-Match (the real API documents neither)
	// IgnoreSearch answers every search unfiltered, as a server would that
	// does not know the search parameter's name.
	IgnoreSearch bool
	// GetAnswer and PatchAnswer, when set, may replace the answer to a GET
	// or PATCH of one customer that the fake would answer 200 with the
	// record: after a PATCH was validated and stored. See Answer.
	GetAnswer   AnswerFunc
	PatchAnswer AnswerFunc
}

// Server is the fake. It is an http.Handler and safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	key      string
	now      func() time.Time
	limit    int
	specs    map[string]spec
	keys     []string
	records  map[string]map[string]json.RawMessage
	ids      []string
	hits     []time.Time
	faults   []Fault
	requests []Request
	etags    bool
	noSearch bool                  // Options.IgnoreSearch
	answers  map[string]AnswerFunc // by method: Options.GetAnswer, PatchAnswer
}

// New returns a fake seeded with the demo customers unless o.NoSeed.
func New(o Options) *Server {
	if o.Key == "" {
		o.Key = DemoKey
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RateLimit == 0 {
		o.RateLimit = 60
	}
	specs := bodySpec()
	s := &Server{key: o.Key, now: o.Now, limit: o.RateLimit, specs: map[string]spec{},
		keys: responseKeys(specs), records: map[string]map[string]json.RawMessage{}, etags: o.ETags, noSearch: o.IgnoreSearch,
		answers: map[string]AnswerFunc{http.MethodGet: o.GetAnswer, http.MethodPatch: o.PatchAnswer}}
	for _, sp := range specs {
		s.specs[sp.name] = sp
	}
	if !o.NoSeed {
		for _, rec := range Seeds() {
			if err := s.Put(rec); err != nil {
				panic(err) // the seeds are constants
			}
		}
	}
	return s
}

// Put stores a whole record (every response key defaults to null). It is for
// seeding; values are not validated.
func (s *Server) Put(rec map[string]any) error {
	id, _ := rec["id"].(string)
	if id == "" {
		return fmt.Errorf("fakeapi: record without id")
	}
	r := map[string]json.RawMessage{}
	for _, k := range s.keys {
		r[k] = json.RawMessage("null")
	}
	for k, v := range rec {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("fakeapi: %s: %w", k, err)
		}
		r[k] = b
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.records[id]; !ok {
		s.ids = append(s.ids, id)
	}
	s.records[id] = r
	return nil
}

// EditAsOtherUser changes fields of a stored record the way another agent's
// save would, updating updatedAt and updatedBy.
func (s *Server) EditAsOtherUser(id string, fields map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[id]
	if !ok {
		return fmt.Errorf("fakeapi: no customer %s", id)
	}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		r[k] = b
	}
	s.touch(r, OtherUserID)
	return nil
}

// Record returns a copy of a stored record, or nil.
func (s *Server) Record(id string) map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[id]
	if !ok {
		return nil
	}
	out := make(map[string]json.RawMessage, len(r))
	for k, v := range r {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}

// InjectFault queues a canned answer.
func (s *Server) InjectFault(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Patches returns the bodies of the PATCH requests received so far.
func (s *Server) Patches() []string {
	var out []string
	for _, r := range s.Requests() {
		if r.Method == http.MethodPatch {
			out = append(out, string(r.Body))
		}
	}
	return out
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{At: s.now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		ContentType: r.Header.Get("Content-Type"), IfMatch: r.Header.Get("If-Match"), Body: body})

	if f, ok := s.takeFault(r); ok && !f.Apply {
		writeFault(w, f)
		return
	} else if ok {
		rec := &discard{header: http.Header{}}
		s.route(rec, r, body)
		writeFault(w, f)
		return
	}
	s.route(w, r, body)
}

// rateLimited records a hit unless the rolling minute is full.
func (s *Server) rateLimited() (time.Duration, bool) {
	if s.limit < 0 {
		return 0, false
	}
	now := s.now()
	keep := s.hits[:0]
	for _, t := range s.hits {
		if now.Sub(t) < time.Minute {
			keep = append(keep, t)
		}
	}
	s.hits = keep
	if len(s.hits) >= s.limit {
		return time.Minute - now.Sub(s.hits[0]), true
	}
	s.hits = append(s.hits, now)
	return 0, false
}

func (s *Server) touch(rec map[string]json.RawMessage, by string) {
	ts, _ := json.Marshal(s.now().UTC().Format("2006-01-02T15:04:05.000Z"))
	rec["updatedAt"] = ts
	rec["updatedBy"], _ = json.Marshal(by)
}

func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	for i, f := range s.faults {
		if f.Method != "" && f.Method != r.Method || f.Path != "" && f.Path != r.URL.Path {
			continue
		}
		s.faults[i].Times--
		if s.faults[i].Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f, true
	}
	return Fault{}, false
}

func writeFault(w http.ResponseWriter, f Fault) {
	for k, v := range f.Header {
		w.Header()[k] = v
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(f.Status)
	_, _ = io.WriteString(w, f.Body)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// discard is a ResponseWriter that drops what the real handler wrote.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}
