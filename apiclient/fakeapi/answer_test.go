package fakeapi

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// Each answer a server or proxy might give to a PATCH it acted on can be
// staged, and the change is stored whatever the answer says.
func TestPatchAnswerStagesWhatTheServerSends(t *testing.T) {
	for _, c := range []struct {
		name   string
		hook   AnswerFunc
		status int
		ct     string
		check  func(t *testing.T, body string)
	}{
		{"204 no body", func(map[string]json.RawMessage) *Answer { return &Answer{Status: 204} }, 204, "", nil},
		{"200 empty", func(map[string]json.RawMessage) *Answer { return &Answer{} }, 200, "", nil},
		{"200 html", func(map[string]json.RawMessage) *Answer {
			return &Answer{ContentType: "text/html", Body: []byte("<html>Sign in</html>")}
		}, 200, "text/html", func(t *testing.T, body string) {
			if body != "<html>Sign in</html>" {
				t.Errorf("body %q", body)
			}
		}},
		{"record without the field sent", OmitFields("city"), 200, "application/json", func(t *testing.T, body string) {
			var m map[string]any
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatal(err)
			}
			if _, ok := m["city"]; ok || len(m) != 73 || m["updatedBy"] != APIUserID {
				t.Errorf("%d keys, city %v, updatedBy %v", len(m), m["city"], m["updatedBy"])
			}
			if !strings.HasPrefix(body, `{"id":"`+AllNullID+`","createdAt":`) {
				t.Errorf("not in the published order: %.40s", body)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(Options{PatchAnswer: c.hook})
			rec, _ := do(t, s, "PATCH", "/v2/customers/"+AllNullID, DemoKey, `{"city":"Tacoma"}`)
			if rec.Code != c.status || rec.Header().Get("Content-Type") != c.ct {
				t.Fatalf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			if c.check != nil {
				c.check(t, rec.Body.String())
			} else if rec.Body.Len() != 0 {
				t.Fatalf("body %q", rec.Body)
			}
			if got := string(s.Record(AllNullID)["city"]); got != `"Tacoma"` {
				t.Fatalf("stored city %s", got)
			}
			// A GET is not touched by a PATCH hook.
			if rec, m := do(t, s, "GET", "/v2/customers/"+AllNullID, DemoKey, ""); rec.Code != 200 || m["city"] != "Tacoma" {
				t.Fatalf("GET %d %v", rec.Code, m["city"])
			}
		})
	}
}

// A GET can leave out a field the server stored; a hook returning nil lets
// the record through; a hook is not asked about a refused PATCH.
func TestGetAnswerAndWhenHooksAreAsked(t *testing.T) {
	gets, patches := 0, 0
	s := New(Options{
		GetAnswer: func(stored map[string]json.RawMessage) *Answer {
			gets++
			if gets == 1 {
				return nil // the first GET is answered as usual
			}
			return OmitFields("city")(stored)
		},
		PatchAnswer: func(map[string]json.RawMessage) *Answer { patches++; return nil },
	})
	path := "/v2/customers/" + AllNullID
	if rec, _ := do(t, s, "PATCH", path, DemoKey, `{"city":"x","nickname":"y"}`); rec.Code != 422 || patches != 0 {
		t.Fatalf("refused PATCH: %d, hook asked %d times", rec.Code, patches)
	}
	rec, m := do(t, s, "PATCH", path, DemoKey, `{"city":"Tacoma"}`)
	if rec.Code != 200 || m["city"] != "Tacoma" || patches != 1 {
		t.Fatalf("PATCH %d %v, hook asked %d times", rec.Code, m["city"], patches)
	}
	if _, m := do(t, s, "GET", path, DemoKey, ""); m["city"] != "Tacoma" {
		t.Fatalf("first GET: %v", m["city"])
	}
	rec, m = do(t, s, "GET", path, DemoKey, "")
	if _, ok := m["city"]; rec.Code != 200 || ok || len(m) != 73 {
		t.Fatalf("second GET: %d, %d keys, city %v", rec.Code, len(m), m["city"])
	}
	if got := string(s.Record(AllNullID)["city"]); got != `"Tacoma"` {
		t.Fatalf("the hook changed what is stored: %s", got)
	}
	if rec, _ := do(t, s, "GET", "/v2/customers/11111111-1111-4111-8111-111111111111", DemoKey, ""); rec.Code != 404 || gets != 2 {
		t.Fatalf("missing customer: %d, hook asked %d times", rec.Code, gets)
	}
}

// A record sent by a hook carries the ETag of what is stored, so that a
// PATCH conditional on it goes through.
func TestAnswerRecordCarriesTheStoredETag(t *testing.T) {
	s := New(Options{ETags: true, GetAnswer: OmitFields("city")})
	path := "/v2/customers/" + AllNullID
	rec, _ := do(t, s, "GET", path, DemoKey, "")
	req := httptest.NewRequest("PATCH", path, strings.NewReader(`{"city":"Tacoma"}`))
	req.Header.Set("x-api-key", DemoKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", rec.Header().Get("ETag"))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if rec.Header().Get("ETag") == "" || w.Code != 200 {
		t.Fatalf("ETag %q, conditional PATCH %d", rec.Header().Get("ETag"), w.Code)
	}
}
