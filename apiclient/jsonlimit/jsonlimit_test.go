package jsonlimit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckAcceptsRecordsAndRefusesWhatPassesALimit(t *testing.T) {
	l := Limits{MaxBytes: 1 << 20, MaxDepth: 4, MaxValues: 20}
	for _, ok := range []string{`{}`, `{"a":[1,2,{"b":null}]}`, ` "x" `, `true`, `-1.5e3`, `{"s":"{[{[{[ \" ]"}`} {
		if err := Check([]byte(ok), l); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, c := range []struct{ doc, want string }{
		{`[[[[[1]]]]]`, "line 1, column 5: nests deeper than 4 levels"},
		{"{\n  \"a\": [[[[1]]]]}", "line 2, column 11: nests deeper than 4 levels"},
		{`[` + strings.Repeat(`1,`, 30) + `1]`, "holds more than 20 values"},
		{`{"a": 1,}`, "line 1, column 9: an unexpected character where a key in quotes should begin"},
		{`{"a": secret}`, "line 1, column 7: an unexpected character where a value should begin"},
		{`{"a": 1`, "ends before the JSON value is complete"},
		{`1 2`, "line 1, column 3: more than one JSON value"},
		{"{}\n\n  []", "line 3, column 3: more than one JSON value"},
	} {
		err := Check([]byte(c.doc), l)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.doc, err, c.want)
		}
		if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "'") {
			t.Errorf("%s: the message quotes the document: %v", c.doc, err)
		}
	}
	if err := Check(make([]byte, 2<<20), l); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("size: %v", err)
	}
}

// A document built to cost the most (9,990 levels, a million values) is
// refused at once and with little memory; Go's own decoder would build it.
func TestCheckRefusesHostileDocumentsCheaply(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
	many := "[" + strings.Repeat("0,", 1_000_000) + "0]"
	for name, doc := range map[string]string{"deep": deep, "many": many} {
		start := time.Now()
		err := Check([]byte(doc), Limits{MaxBytes: 4 << 20, MaxDepth: 64, MaxValues: 200_000})
		if err == nil {
			t.Fatalf("%s accepted", name)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s took %s", name, d)
		}
	}
	allocs := testing.AllocsPerRun(5, func() { _ = Check([]byte(deep), Default()) })
	if allocs > 10 {
		t.Errorf("refusing a deep document allocates %.0f times", allocs)
	}
}

func TestDescribeGivesPositionNotValue(t *testing.T) {
	doc := []byte("{\n \"n\": 1e999}")
	var v struct{ N int }
	err := Describe(doc, json.Unmarshal(doc, &v))
	if err == nil || strings.Contains(err.Error(), "1e999") {
		t.Fatalf("got %v", err)
	}
	obj := []byte(`{"n":{"secret":1}}`)
	if err := Describe(obj, json.Unmarshal(obj, &v)); err == nil || !strings.Contains(err.Error(), "an object where int belongs") {
		t.Fatalf("object for an int: %v", err)
	}
	if line, col := Position([]byte("ab\ncd"), 4); line != 2 || col != 2 {
		t.Fatalf("position %d:%d", line, col)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{}`, `[1,"a",{"b":[true,null]}]`, `"\\\""`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := Check(b, Limits{MaxBytes: 1 << 16, MaxDepth: 8, MaxValues: 1000})
		if err == nil && !json.Valid(b) {
			t.Fatalf("accepted invalid JSON %q", b)
		}
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("not an *Error: %v", err)
		}
	})
}

func TestString(t *testing.T) {
	for raw, want := range map[string]string{`"plain"`: "plain", `"a\"b"`: `a"b`, `"\u00e9"`: "é", `""`: ""} {
		if got, ok := String([]byte(raw)); !ok || got != want {
			t.Errorf("%s: %q %v", raw, got, ok)
		}
	}
	for _, raw := range []string{`1`, `null`, `"unterminated`, `"a"b"`} {
		if _, ok := String([]byte(raw)); ok {
			t.Errorf("%s taken as a string", raw)
		}
	}
}
