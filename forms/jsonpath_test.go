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

// Decode reads a string exactly as encoding/json does (through
// jsonlimit.String, the client's decoder), shows anything that is not a
// string as its text, and takes null as not set before the string decoder,
// which refuses null, sees it.
func TestDecodeStringMatchesEncodingJSON(t *testing.T) {
	f := &Field{Kind: Text}
	for _, raw := range []string{`""`, `"plain"`, `"é😀"`, `"a\"b"`, `"a\\b"`, `"\u202e"`, "\"\xff\xfe\"", `"tab	in"`, `"`, `12`, `"a"b"`} {
		var s string
		want := TextValue(raw)
		if json.Unmarshal([]byte(raw), &s) == nil {
			want = TextValue(s)
		}
		if got := Decode(f, json.RawMessage(raw)); got != want {
			t.Errorf("%q: %+v, want %+v", raw, got, want)
		}
	}
	for _, raw := range []string{`null`, ` null `, ``} {
		if got := Decode(f, json.RawMessage(raw)); got != NullValue() {
			t.Errorf("%q: %+v, want null", raw, got)
		}
	}
}
