package forms

import (
	"encoding/json"
	"testing"
)

func TestMergeThreeWay(t *testing.T) {
	s := NewSchema()
	base := map[string]json.RawMessage{
		"firstName": json.RawMessage(`"Ann"`), "lastName": json.RawMessage(`"Lee"`),
		"city": json.RawMessage(`"Austin"`), "annualIncome": json.RawMessage(`100`), "email": json.RawMessage(`null`),
	}
	changes, _ := Diff(s, base, Edits{
		"firstName":    TextValue("Anne"),   // theirs = base → send
		"lastName":     TextValue("Li"),     // theirs = mine → already there
		"city":         TextValue("Dallas"), // theirs changed elsewhere → conflict
		"annualIncome": TextValue("200"),    // theirs 200.0 = mine → already
		"email":        TextValue("a@b.co"), // theirs null = base → send
	})
	theirs := map[string]json.RawMessage{
		"firstName": json.RawMessage(`"Ann"`), "lastName": json.RawMessage(`"Li"`), "city": json.RawMessage(`"Houston"`),
		"annualIncome": json.RawMessage(`200.0`), "email": json.RawMessage(`null`), "state": json.RawMessage(`"TX"`),
	}
	m := Merge(changes, theirs)
	names := func(cs []Change) (out []string) {
		for _, c := range cs {
			out = append(out, c.Field.Name)
		}
		return
	}
	if got := names(m.Send); len(got) != 2 || got[0] != "firstName" || got[1] != "email" {
		t.Errorf("send %v", got)
	}
	if got := names(m.Already); len(got) != 2 || got[0] != "lastName" || got[1] != "annualIncome" {
		t.Errorf("already %v", got)
	}
	if len(m.Conflicts) != 1 || m.Conflicts[0].Field.Name != "city" || string(m.Conflicts[0].Theirs) != `"Houston"` ||
		string(m.Conflicts[0].Mine) != `"Dallas"` || string(m.Conflicts[0].Base) != `"Austin"` {
		t.Errorf("conflicts %+v", m.Conflicts)
	}
}

// FuzzMerge: every change lands in exactly one bucket, and the bucket is the
// one the three-way rule names.
func FuzzMerge(f *testing.F) {
	f.Add(`"a"`, `"b"`, `"c"`)
	f.Add(`null`, `"x"`, `null`)
	f.Add(`1`, `2`, `2.0`)
	f.Add(`{"a":1}`, `{"a":2}`, `{"a":1}`)
	field := &Field{Name: "customData", Kind: JSON, Nullable: true}
	f.Fuzz(func(t *testing.T, base, mine, theirs string) {
		if !json.Valid([]byte(base)) || !json.Valid([]byte(mine)) || !json.Valid([]byte(theirs)) {
			return
		}
		c := Change{Field: field, Before: json.RawMessage(base), After: json.RawMessage(mine)}
		m := Merge([]Change{c}, map[string]json.RawMessage{"customData": json.RawMessage(theirs)})
		n := len(m.Send) + len(m.Already) + len(m.Conflicts)
		if n != 1 {
			t.Fatalf("%d buckets", n)
		}
		sameMine := SameJSON(json.RawMessage(theirs), json.RawMessage(mine))
		sameBase := SameJSON(json.RawMessage(theirs), json.RawMessage(base))
		switch {
		case sameMine && len(m.Already) != 1:
			t.Fatal("theirs = mine must be dropped as already there")
		case !sameMine && sameBase && len(m.Send) != 1:
			t.Fatal("theirs = base must be sent")
		case !sameMine && !sameBase && len(m.Conflicts) != 1:
			t.Fatal("theirs changed elsewhere must conflict")
		}
	})
}
