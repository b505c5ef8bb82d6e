package fakeapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func do(t *testing.T, s *Server, method, path, key, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("x-api-key", key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var m map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &m)
	return rec, m
}

func TestSpecMatchesPublishedFields(t *testing.T) {
	b, err := os.ReadFile("../../testdata/customer-fields.json")
	if err != nil {
		t.Fatal(err)
	}
	var pub []struct {
		Name      *string
		Type      string
		Nullable  bool
		MaxLength *int
		Enum      []string
	}
	if err := json.Unmarshal(b, &pub); err != nil {
		t.Fatal(err)
	}
	specs := bodySpec()
	if len(specs) != 71 {
		t.Fatalf("%d specs, want 71", len(specs))
	}
	for i, sp := range specs {
		p := pub[i]
		max := 0
		if p.MaxLength != nil {
			max = *p.MaxLength
		}
		if p.Name == nil || *p.Name != sp.name || p.Type != sp.typ || p.Nullable != sp.nullable || max != sp.maxLen ||
			strings.Join(p.Enum, "|") != strings.Join(sp.enum, "|") {
			t.Errorf("position %d: spec %+v does not match published %+v", i+1, sp, p)
		}
	}
}

func TestGetAndAuth(t *testing.T) {
	s := New(Options{})
	rec, m := do(t, s, "GET", "/v2/customers/"+MedicareLeadID, DemoKey, "")
	if rec.Code != 200 || m["firstName"] != "Margaret" {
		t.Fatalf("GET = %d %v", rec.Code, m)
	}
	if len(m) != 74 { // 73 response keys + customData
		t.Errorf("record has %d keys", len(m))
	}
	rec, m = do(t, s, "GET", "/v2/customers/"+MedicareLeadID, "cc_wrong", "")
	if rec.Code != 401 || m["code"] != "UNAUTHORIZED" {
		t.Fatalf("wrong key = %d %v", rec.Code, m)
	}
	rec, m = do(t, s, "GET", "/v2/customers/11111111-1111-4111-8111-111111111111", DemoKey, "")
	if rec.Code != 404 || m["code"] != "NOT_FOUND" {
		t.Fatalf("missing = %d %v", rec.Code, m)
	}
}

func TestPatchValidation(t *testing.T) {
	s := New(Options{})
	path := "/v2/customers/" + MedicareLeadID
	cases := []struct {
		body, path, code string
	}{
		{`{"firstName":` + `"` + strings.Repeat("😀", 128) + `"}`, "firstName", "too_big"},
		{`{"callerId":null}`, "callerId", "invalid_type"},
		{`{"status":"lead"}`, "status", "invalid_enum_value"},
		{`{"annualIncome":2147483648}`, "annualIncome", "too_big"},
		{`{"annualIncome":1.5}`, "annualIncome", "invalid_type"},
		{`{"annualIncome":"5"}`, "annualIncome", "invalid_type"},
		{`{"memberId":"nope"}`, "memberId", "invalid_string"},
		{`{"testCustomer":null}`, "testCustomer", "invalid_type"},
		{`{"nickname":"x"}`, "nickname", "unrecognized_keys"},
	}
	for _, c := range cases {
		rec, m := do(t, s, "PATCH", path, DemoKey, c.body)
		if rec.Code != 422 {
			t.Errorf("%s: status %d", c.body, rec.Code)
			continue
		}
		errs, _ := m["errors"].([]any)
		if len(errs) != 1 {
			t.Errorf("%s: errors %v", c.body, m["errors"])
			continue
		}
		e := errs[0].(map[string]any)
		if e["path"].([]any)[0] != c.path || e["code"] != c.code {
			t.Errorf("%s: issue %v", c.body, e)
		}
	}
	if got := s.Record(MedicareLeadID)["firstName"]; string(got) != `"Margaret"` {
		t.Fatalf("rejected patches changed the record: %s", got)
	}
	// Exactly at the limits is fine.
	rec, m := do(t, s, "PATCH", path, DemoKey, `{"firstName":"`+strings.Repeat("😀", 127)+`a","annualIncome":-2147483648,"customData":[1]}`)
	if rec.Code != 200 || m["annualIncome"] != float64(-2147483648) || m["updatedBy"] != APIUserID {
		t.Fatalf("boundary patch = %d %v", rec.Code, m)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	s := New(Options{Now: func() time.Time { return now }})
	for i := 0; i < 60; i++ {
		if rec, _ := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, ""); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
		now = now.Add(500 * time.Millisecond)
	}
	rec, m := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, "")
	if rec.Code != 429 || m["retryAfter"] != float64(30) || rec.Header().Get("Retry-After") != "30" {
		t.Fatalf("61st = %d %v %q", rec.Code, m, rec.Header().Get("Retry-After"))
	}
	now = now.Add(31 * time.Second)
	if rec, _ := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, ""); rec.Code != 200 {
		t.Fatalf("after the window: %d", rec.Code)
	}
}

func TestFaultsAndOtherUser(t *testing.T) {
	s := New(Options{})
	s.InjectFault(Fault{Method: "GET", Status: 502, Body: "<html>Bad Gateway</html>", ContentType: "text/html"})
	rec, _ := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, "")
	if rec.Code != 502 || !strings.Contains(rec.Body.String(), "Bad Gateway") {
		t.Fatalf("fault = %d", rec.Code)
	}
	if rec, _ := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, ""); rec.Code != 200 {
		t.Fatalf("fault repeated: %d", rec.Code)
	}
	s.InjectFault(Fault{Method: "PATCH", Status: 504, Apply: true})
	if rec, _ := do(t, s, "PATCH", "/v2/customers/"+AllNullID, DemoKey, `{"city":"Tacoma"}`); rec.Code != 504 {
		t.Fatalf("apply fault = %d", rec.Code)
	}
	if string(s.Record(AllNullID)["city"]) != `"Tacoma"` {
		t.Fatal("an Apply fault must store the change")
	}
	if err := s.EditAsOtherUser(AllNullID, map[string]any{"city": "Seattle"}); err != nil {
		t.Fatal(err)
	}
	r := s.Record(AllNullID)
	if string(r["city"]) != `"Seattle"` || string(r["updatedBy"]) != `"`+OtherUserID+`"` {
		t.Fatalf("other user edit: %s %s", r["city"], r["updatedBy"])
	}
	if got := s.Patches(); len(got) != 1 || got[0] != `{"city":"Tacoma"}` {
		t.Fatalf("patches %q", got)
	}
}

func TestListSearch(t *testing.T) {
	s := New(Options{})
	rec, m := do(t, s, "GET", "/v2/customers?search=houston&page=1&limit=10", DemoKey, "")
	if rec.Code != 200 || m["itemsTotal"] != float64(1) {
		t.Fatalf("search = %d %v", rec.Code, m["itemsTotal"])
	}
	_, m = do(t, s, "GET", "/v2/customers?page=1&limit=100", DemoKey, "")
	if n := len(m["items"].([]any)); n != len(Seeds()) || n < 6 {
		t.Fatalf("list has %d items", n)
	}
}

var _ http.Handler = (*Server)(nil)

func TestETagsAndIfMatch(t *testing.T) {
	s := New(Options{ETags: true})
	path := "/v2/customers/" + AllNullID
	rec, _ := do(t, s, "GET", path, DemoKey, "")
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if err := s.EditAsOtherUser(AllNullID, map[string]any{"city": "Olympia"}); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("PATCH", path, strings.NewReader(`{"city":"Tacoma"}`))
	req.Header.Set("x-api-key", DemoKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", etag)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != 412 || string(s.Record(AllNullID)["city"]) != `"Olympia"` {
		t.Fatalf("stale If-Match: %d, city %s", w.Code, s.Record(AllNullID)["city"])
	}
}
