package forms

import (
	"encoding/json"
	"testing"
)

func TestJSONPathsSaysWhereAValueChanged(t *testing.T) {
	before := json.RawMessage(`{"campaign":{"adSet":"t65-bay-area-retargeting-2026","score":0.82,"old":true},"tags":["a","b"]}`)
	after := json.RawMessage(`{"tags":["a","c"],"campaign":{"adSet":"t65-bay-area-retargeting-2026","score":0.9,"new":1}}`)
	got := JSONPaths(before, after)
	want := []struct{ path, before, after string }{
		{"campaign.new", "", "1"},
		{"campaign.old", "true", ""},
		{"campaign.score", "0.82", "0.9"},
		{"tags[1]", `"b"`, `"c"`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Path != w.path || string(g.Before) != w.before || string(g.After) != w.after {
			t.Errorf("%d: %s %s → %s, want %s %s → %s", i, g.Path, g.Before, g.After, w.path, w.before, w.after)
		}
	}
	if JSONPaths(json.RawMessage(`{"a": 1}`), json.RawMessage(`{"a":1}`)) != nil {
		t.Error("reformatting alone is a change")
	}
	if g := JSONPaths(json.RawMessage(`null`), json.RawMessage(`{"a":1}`)); len(g) != 1 || g[0].Path != "" {
		t.Errorf("null → object: %+v", g)
	}
}

// The fast path decodes exactly what encoding/json does.
func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, raw := range []string{`""`, `"plain"`, `"é😀"`, `"a\"b"`, `"a\\b"`, `"\u202e"`, "\"\xff\xfe\"", `"tab	in"`, `"`, `12`, `null`} {
		var want string
		wantErr := json.Unmarshal([]byte(raw), &want)
		got, ok := jsonString([]byte(raw))
		if ok != (wantErr == nil) || got != want {
			t.Errorf("%q: %q %v, want %q %v", raw, got, ok, want, wantErr)
		}
	}
}
