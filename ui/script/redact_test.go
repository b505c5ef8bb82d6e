package script

import (
	"strings"
	"testing"
)

// The redaction rule (redact.go): a value of 4 characters or more is
// hidden wherever it stands, in any ASCII case; a shorter one only where
// no letter or digit touches it; values next to each other are hidden as
// one; a string is also hidden as JSON spells it; a field's JSON gives its
// strings and a top-level number, never its keys or true/false/null.
func TestRedactorRule(t *testing.T) {
	var r redactor
	r.add("  Evanston ")
	r.add("Jo")
	r.add("1")
	r.add(`say "hi"`)
	r.add("")
	r.addJSON([]byte(`{"tier": ["Gold", {"note": "Dana W"}], "n": 12345, "ok": true}`))
	r.addJSON([]byte(`52000`))
	r.addJSON([]byte(`null`))
	for _, c := range []struct{ in, want string }{
		{"city 'EVANSTON' refused", "city '…' refused"},
		{"evanstonville", "…ville"},
		{"'Jo' is short; Jones and Jody are not", "'…' is short; Jones and Jody are not"},
		{"HTTP 422: 1 error, 10 fields, line 1,", "HTTP 422: … error, 10 fields, line …,"},
		{"Jo1", "Jo1"},
		{`got "say \"hi\"" and say "hi"`, `got "…" and …`},
		{"EvanstonJo", "…"},
		{"Gold tier for Dana W; tier, note and n are keys; 12345 is not a value here, true is not", "… tier for …; tier, note and n are keys; 12345 is not a value here, true is not"},
		{"income 52000 refused", "income … refused"},
		{"null is null", "null is null"},
		{"", ""},
	} {
		if got := strings.Join(r.split(c.in), "…"); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
	var none redactor
	if got := none.split("Evanston"); len(got) != 1 || got[0] != "Evanston" {
		t.Fatalf("the zero redactor hid %q", got)
	}
}
