package fakeapi

import (
	"encoding/json"
	"net/http"
)

// Answer is what a GetAnswer or PatchAnswer hook sends in place of the
// record, to stand for a server or a proxy that answers a request it acted
// on with less than the API documents: a 204 with no body, an empty or
// HTML 200, a record missing a field that was sent or stored.
type Answer struct {
	Status int // default 200
	// ContentType defaults to application/json when there is a Record or
	// a Body, and to none when there is neither.
	ContentType string
	// Record, when not nil, is sent as JSON in the published key order,
	// with the stored record's ETag when ETags are on.
	Record map[string]json.RawMessage
	Body   []byte // sent as it is when Record is nil
}

// AnswerFunc is a GetAnswer or PatchAnswer hook. It is given a copy of
// the stored record (after the PATCH was applied), which it may change and
// send back as Answer.Record; it returns nil to let the record be sent as
// usual. It is called with the fake's lock held, one call at a time: it
// may keep a count in its closure but must not call the Server's methods.
// A request that a Fault with Apply answers calls it too (the real handler
// runs first), and its answer is dropped for the fault's.
type AnswerFunc func(stored map[string]json.RawMessage) *Answer

// OmitFields is an AnswerFunc that sends the stored record without the
// named keys, as a server would that stores a field but leaves it out of
// its answer.
func OmitFields(names ...string) AnswerFunc {
	return func(stored map[string]json.RawMessage) *Answer {
		for _, n := range names {
			delete(stored, n)
		}
		return &Answer{Record: stored}
	}
}

// answer sends the stored record rec for a request of method that
// succeeded, or what the method's hook replaces it with.
func (s *Server) answer(w http.ResponseWriter, method string, rec map[string]json.RawMessage) {
	hook := s.answers[method]
	if hook == nil {
		s.writeRecord(w, rec)
		return
	}
	cp := make(map[string]json.RawMessage, len(rec))
	for k, v := range rec {
		cp[k] = append(json.RawMessage(nil), v...)
	}
	a := hook(cp)
	if a == nil {
		s.writeRecord(w, rec)
		return
	}
	body, ct := a.Body, a.ContentType
	if a.Record != nil {
		body = s.encode(a.Record)
		if s.etags {
			// The tag of what is stored, not of what is shown: a later
			// If-Match carrying it must match.
			w.Header().Set("ETag", s.etag(rec))
		}
	}
	if ct == "" && len(body) > 0 {
		ct = "application/json"
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	status := a.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if status != http.StatusNoContent && status != http.StatusNotModified {
		_, _ = w.Write(body)
	}
}
