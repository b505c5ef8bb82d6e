package forms

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func baseRecord() map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"id":           json.RawMessage(`"497f6eca-6276-4993-bfeb-53cbbbba6f08"`),
		"firstName":    json.RawMessage(`"Mary"`),
		"middleName":   json.RawMessage(`null`),
		"lastName":     json.RawMessage(`"Gonzalez\u001b[2J"`),
		"callerId":     json.RawMessage(`"+13125550142"`),
		"annualIncome": json.RawMessage(`52000`),
		"testCustomer": json.RawMessage(`false`),
		"doNotCall":    json.RawMessage(`null`),
		"status":       json.RawMessage(`"Lead"`),
		"suffix":       json.RawMessage(`""`),
		"email":        json.RawMessage(`"not-an-email"`),
		"customData":   json.RawMessage(`{"b": 1, "a": [true, null]}`),
	}
}

func TestDiffNoEditsIsEmpty(t *testing.T) {
	s := NewSchema()
	changes, invalid := Diff(s, baseRecord(), nil)
	if len(changes) != 0 || len(invalid) != 0 {
		t.Fatalf("no edits gave %v %v", changes, invalid)
	}
	if got := string(Patch(changes)); got != "{}" {
		t.Fatalf("patch = %s", got)
	}
}

func TestDiffTouchedButEqualIsNotAChange(t *testing.T) {
	s := NewSchema()
	base := baseRecord()
	edits := Edits{}
	// Every field "edited" back to the value decoded from the server.
	for _, f := range s.Fields() {
		edits[f.Name] = Decode(s.Field(f.Name), base[f.Name])
	}
	// Equivalent but differently spelled values.
	edits["customData"] = TextValue(`{ "a": [true, null], "b": 1.0 }`)
	edits["annualIncome"] = TextValue("52,000")
	edits["callerId"] = TextValue("(312) 555-0142")
	edits["middleName"] = TextValue("") // null left empty
	changes, invalid := Diff(s, base, edits)
	if len(changes) != 0 || len(invalid) != 0 {
		t.Fatalf("equal edits gave changes %v invalid %v", changes, invalid)
	}
}

func TestDiffNullVersusEmpty(t *testing.T) {
	s := NewSchema()
	changes, _ := Diff(s, baseRecord(), Edits{"firstName": TextValue("")})
	if got := string(Patch(changes)); got != `{"firstName":null}` {
		t.Fatalf("clearing a nullable field: %s", got)
	}
	_, invalid := Diff(s, baseRecord(), Edits{"callerId": TextValue("")})
	if len(invalid) != 1 || invalid[0].Err != ErrRequired {
		t.Fatalf("clearing callerId: %v", invalid)
	}
}

func TestDiffNormalisesAndKeepsRawBaseline(t *testing.T) {
	s := NewSchema()
	edits := Edits{
		"annualIncome": TextValue("61,500"),
		"callerId":     TextValue("(773) 555-0199"),
		"dateOfBirth":  TextValue("03/14/1956"),
		"doNotCall":    TextValue("true"),
		"status":       NullValue(),
		"id":           TextValue("ffffffff-ffff-ffff-ffff-ffffffffffff"), // read-only: ignored
		"mbiNumber":    TextValue("1eg4-te5-mk73"),
	}
	changes, invalid := Diff(s, baseRecord(), edits)
	if len(invalid) != 0 {
		t.Fatal(invalid)
	}
	want := `{"status":null,"dateOfBirth":"1956-03-14","callerId":"+17735550199","mbiNumber":"1EG4TE5MK73","annualIncome":61500,"doNotCall":true}`
	if got := string(Patch(changes)); got != want {
		t.Fatalf("patch\n got %s\nwant %s", got, want)
	}
	for _, c := range changes {
		if c.Field.Name == "annualIncome" && string(c.Before) != "52000" {
			t.Errorf("before = %s", c.Before)
		}
	}
}

func TestDiffInvalidEditIsReportedNotSent(t *testing.T) {
	s := NewSchema()
	changes, invalid := Diff(s, baseRecord(), Edits{
		"firstName":    TextValue(strings.Repeat("😀", 128)), // 256 UTF-16 units
		"annualIncome": TextValue("12.50"),
		"lastName":     TextValue("Smith"),
	})
	if len(changes) != 1 || changes[0].Field.Name != "lastName" {
		t.Fatalf("changes %v", changes)
	}
	var names []string
	for _, in := range invalid {
		names = append(names, in.Field.Name)
	}
	if !reflect.DeepEqual(names, []string{"firstName", "annualIncome"}) {
		t.Fatalf("invalid %v", names)
	}
}

// Property: for random sets of edits, the patch holds exactly the edited
// keys whose value differs from the server's, and every value decodes back
// to what was typed (after normalisation).
func TestDiffPatchProperty(t *testing.T) {
	s := NewSchema()
	rng := rand.New(rand.NewPCG(1, 2))
	samples := map[Kind][]string{
		Text:      {"", "Ana", "José 😀", "x\u202ey", strings.Repeat("z", 50)},
		Int:       {"0", "-5", "2147483647", "1,234"},
		Date:      {"2001-01-31", "12/25/1999"},
		Timestamp: {"2026-01-02T03:04:05Z"},
		UUID:      {"92983ab9-49c8-444b-85ae-6e40402cf72e"},
		Email:     {"a@example.com"},
		Phone:     {"(312) 555-0100", "+442079460958"},
		MBI:       {"1EG4TE5MK73"},
		JSON:      {`{"k":1}`, `[1,2]`, `"s"`},
		ZIPCode:   {"60614", "606141234", " 60614-1234 "},
		TimeZone:  {"America/Chicago", "central", "Europe/London", "pacific/honolulu", "Eastern Time"},
	}
	for iter := 0; iter < 500; iter++ {
		base := baseRecord()
		edits := Edits{}
		for _, f := range s.Fields() {
			if f.ReadOnly || rng.IntN(4) != 0 {
				continue
			}
			var v Value
			if ch := f.Choices(); ch != nil {
				c := ch[rng.IntN(len(ch))]
				v = Value{Null: c == "", Text: c}
			} else {
				opts := samples[f.Kind]
				v = TextValue(opts[rng.IntN(len(opts))])
				if f.MaxLen > 0 && UTF16Len(v.Text) > f.MaxLen {
					v = TextValue("ok")
				}
				if f.Count && strings.HasPrefix(v.Text, "-") {
					v = TextValue("5") // counts cannot be negative
				}
			}
			edits[f.Name] = v
		}
		changes, invalid := Diff(s, base, edits)
		if len(invalid) != 0 {
			t.Fatalf("iter %d: valid samples reported invalid: %v", iter, invalid[0].Err)
		}
		var patch map[string]json.RawMessage
		if err := json.Unmarshal(Patch(changes), &patch); err != nil {
			t.Fatalf("iter %d: patch is not JSON: %v", iter, err)
		}
		var wantKeys, gotKeys []string
		for name, v := range edits {
			f := s.Field(name)
			enc, err := Encode(f, v)
			if err != nil {
				t.Fatal(err)
			}
			if !SameJSON(enc, base[name]) && v != Decode(f, base[name]) {
				wantKeys = append(wantKeys, name)
			}
		}
		for k, raw := range patch {
			gotKeys = append(gotKeys, k)
			f := s.Field(k)
			norm := edits[k]
			if !norm.Null && !(f.Kind == Text && norm.Text == "") && f.Choices() == nil {
				n, _ := Normalize(f, norm.Text)
				norm = TextValue(n)
				if f.Kind == JSON {
					norm = Decode(f, json.RawMessage(n))
				}
			} else if norm.Text == "" {
				norm = NullValue()
			}
			if got := Decode(f, raw); got != norm {
				t.Fatalf("iter %d: %s round-trips to %+v, want %+v", iter, k, got, norm)
			}
		}
		sort.Strings(wantKeys)
		sort.Strings(gotKeys)
		if !reflect.DeepEqual(wantKeys, gotKeys) {
			t.Fatalf("iter %d: patch keys %v, want %v", iter, gotKeys, wantKeys)
		}
	}
}

func TestSameJSON(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":2}`, `{"b":2, "a":1.0}`, true},
		{`[1,2]`, `[2,1]`, false},
		{``, `null`, true},
		{`"1"`, `1`, false},
		{`{"a":{"b":[1]}}`, `{"a":{"b":[1,2]}}`, false},
		{`12345678901234567890`, `12345678901234567891`, false},
	} {
		if got := SameJSON(json.RawMessage(c.a), json.RawMessage(c.b)); got != c.want {
			t.Errorf("SameJSON(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
