package fakeapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Header.Get("x-api-key") != s.key {
		writeError(w, 401, "UNAUTHORIZED", "Invalid or missing API key")
		return
	}
	if wait, limited := s.rateLimited(); limited {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeJSON(w, 429, map[string]any{"message": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED", "retryAfter": secs})
		return
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case path == "/v2/customers" && r.Method == http.MethodGet:
		s.list(w, r)
	case strings.HasPrefix(path, "/v2/customers/") && !strings.Contains(path[len("/v2/customers/"):], "/"):
		id := path[len("/v2/customers/"):]
		if !uuidRE.MatchString(id) {
			writeJSON(w, 422, map[string]any{"message": "Validation failed", "code": "VALIDATION_ERROR",
				"errors": []issue{{Path: []string{"id"}, Code: "invalid_string", Message: "Invalid uuid"}}})
			return
		}
		switch r.Method {
		case http.MethodGet:
			s.get(w, id)
		case http.MethodPatch:
			s.patch(w, r, id, body)
		default:
			writeError(w, 405, "METHOD_NOT_ALLOWED", "Method not allowed")
		}
	default:
		writeError(w, 404, "NOT_FOUND", "Route not found")
	}
}

func (s *Server) get(w http.ResponseWriter, id string) {
	rec, ok := s.records[id]
	if !ok {
		writeError(w, 404, "NOT_FOUND", "Customer not found")
		return
	}
	s.answer(w, http.MethodGet, rec)
}

// writeRecord answers 200 with the record (and its ETag when enabled).
func (s *Server) writeRecord(w http.ResponseWriter, rec map[string]json.RawMessage) {
	if s.etags {
		w.Header().Set("ETag", s.etag(rec))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	_, _ = w.Write(s.encode(rec))
}

// etag is the entity tag of a stored record.
func (s *Server) etag(rec map[string]json.RawMessage) string {
	sum := sha256.Sum256(s.encode(rec))
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	rec, ok := s.records[id]
	if !ok {
		writeError(w, 404, "NOT_FOUND", "Customer not found")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeError(w, 400, "VALIDATION_ERROR", "Content-Type must be application/json")
		return
	}
	if im := r.Header.Get("If-Match"); s.etags && im != "" {
		if im != s.etag(rec) {
			writeError(w, 412, "PRECONDITION_FAILED", "The customer was changed since it was read")
			return
		}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || bytes.TrimSpace(body)[0] != '{' {
		writeError(w, 400, "VALIDATION_ERROR", "Request body must be a JSON object")
		return
	}
	var issues []issue
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		sp, known := s.specs[k]
		if !known {
			issues = append(issues, issue{Path: []string{k}, Code: "unrecognized_keys", Message: fmt.Sprintf("Unrecognized key: '%s'", k)})
			continue
		}
		if is := sp.check(fields[k]); is != nil {
			issues = append(issues, *is)
		}
	}
	if len(issues) > 0 {
		writeJSON(w, 422, map[string]any{"message": "Validation failed", "code": "VALIDATION_ERROR", "errors": issues})
		return
	}
	for k, v := range fields {
		var buf bytes.Buffer
		_ = json.Compact(&buf, v)
		rec[k] = buf.Bytes()
	}
	s.touch(rec, APIUserID)
	s.answer(w, http.MethodPatch, rec)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	page = max(page, 1)
	if limit < 1 || limit > 100 {
		limit = 50
	}
	term := strings.ToLower(q.Get("search"))
	if s.noSearch {
		term = ""
	}
	var match []string
	for _, id := range s.ids {
		rec := s.records[id]
		hay := ""
		for _, k := range []string{"firstName", "lastName", "callerId", "email", "city", "state"} {
			var v string
			_ = json.Unmarshal(rec[k], &v)
			hay += strings.ToLower(v) + " "
		}
		if term == "" || strings.Contains(hay, term) {
			match = append(match, id)
		}
	}
	s.sortIDs(match, q.Get("sortBy"), q.Get("sortOrder") == "asc")
	var items []json.RawMessage
	for i := (page - 1) * limit; i < len(match) && i < page*limit; i++ {
		items = append(items, s.encode(s.records[match[i]]))
	}
	env := map[string]any{"itemsTotal": len(match), "currentPage": page, "nextPage": nil, "prevPage": nil, "items": items}
	if page*limit < len(match) {
		env["nextPage"] = page + 1
	}
	if page > 1 {
		env["prevPage"] = page - 1
	}
	if items == nil {
		env["items"] = []any{}
	}
	writeJSON(w, 200, env)
}

// encode writes a record with keys in the published response order; any
// other keys (nested collections) follow, sorted.
func (s *Server) encode(rec map[string]json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	seen := map[string]bool{}
	write := func(k string) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(rec[k])
		seen[k] = true
	}
	for _, k := range s.keys {
		if _, ok := rec[k]; ok {
			write(k)
		}
	}
	var extra []string
	for k := range rec {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		write(k)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// sortIDs orders a search's matches: by createdAt unless another
// documented field is asked for, descending unless asc; ties by id, so
// pages are stable.
func (s *Server) sortIDs(ids []string, by string, asc bool) {
	switch by {
	case "lastName", "firstName", "callerId":
	default:
		by = "createdAt"
	}
	key := func(id string) string {
		var v string
		_ = json.Unmarshal(s.records[id][by], &v)
		return strings.ToLower(v)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := key(ids[i]), key(ids[j])
		if a == b {
			return ids[i] < ids[j]
		}
		return (a < b) == asc
	})
}
