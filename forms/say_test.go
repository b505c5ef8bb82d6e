package forms

import "testing"

func TestSayOneWayForEveryFace(t *testing.T) {
	s := NewSchema()
	f := func(name string) *Field { return s.Field(name) }
	for _, c := range []struct {
		field string
		v     Value
		o     SayOptions
		want  string
		word  Word
	}{
		{"doNotCall", TextValue("true"), SayOptions{}, "Yes", WordChoice},
		{"doNotCall", TextValue("false"), SayOptions{}, "No", WordChoice},
		{"doNotCall", NullValue(), SayOptions{Set: true}, "not set", WordNotSet}, // a list: never "cleared"
		{"status", TextValue("Active"), SayOptions{}, "Active", WordChoice},
		{"state", TextValue("WI"), SayOptions{}, "WI (Wisconsin)", WordChoice},
		{"state", TextValue("Illinois"), SayOptions{}, "Illinois", WordText}, // stored, not an option
		{"middleName", NullValue(), SayOptions{}, "not set", WordNotSet},
		{"middleName", NullValue(), SayOptions{Set: true}, "null (cleared)", WordCleared},
		{"middleName", TextValue(""), SayOptions{Set: true}, "null (cleared)", WordCleared},
		{"middleName", TextValue(""), SayOptions{}, `"" (empty)`, WordEmpty},
		{"annualIncome", TextValue("52,000"), SayOptions{Set: true}, "52000", WordNumber},
		{"annualIncome", TextValue("12.5"), SayOptions{Set: true}, "12.5", WordText}, // not valid: as typed
		{"callerId", TextValue("(312) 555-0142"), SayOptions{Set: true}, "+13125550142", WordText},
		{"callerId", TextValue("(312) 555-0142"), SayOptions{}, "(312) 555-0142", WordText}, // stored: as stored
		{"firstName", TextValue("Maggie"), SayOptions{Mask: true}, "Maggie", WordText},
		// The identifier is masked on what will be saved, the same everywhere.
		{"mbiNumber", TextValue("1eg4-te5-mk73"), SayOptions{Mask: true, Set: true}, "*******MK73", WordMasked},
		{"mbiNumber", TextValue("1EG4TE5MK73"), SayOptions{Mask: true}, "*******MK73", WordMasked},
		{"mbiNumber", TextValue("1eg4-te5-mk73"), SayOptions{Set: true}, "1EG4TE5MK73", WordText},
		{"mbiNumber", TextValue("5KQ9-AX3-HT21"), SayOptions{Mask: true}, "*********HT21", WordMasked}, // stored
		{"dateOfBirth", TextValue("03/14/1956"), SayOptions{Mask: true, Set: true}, "1956-**-**", WordMasked},
		{"medicaidNumber", TextValue("IL-123"), SayOptions{Mask: true}, "**-123", WordMasked},
	} {
		got := Say(f(c.field), c.v, c.o)
		if got.Text != c.want || got.Word != c.word {
			t.Errorf("%s %+v %+v: got %+v, want %q (%d)", c.field, c.v, c.o, got, c.want, c.word)
		}
	}
	if got := SayRaw(f("lastName"), nil, SayOptions{}); got.Word != WordAbsent {
		t.Errorf("absent: %+v", got)
	}
	if got := SayRaw(f("middleName"), []byte("null"), SayOptions{Set: true}); got.Text != "null (cleared)" {
		t.Errorf("a cleared change's after: %+v", got)
	}
	if got := Say(f("firstName"), TextValue("Maggie"), SayOptions{}).Quoted(); got != `"Maggie"` {
		t.Errorf("quoted %q", got)
	}
	if got := Say(f("doNotCall"), TextValue("true"), SayOptions{}).Quoted(); got != "Yes" {
		t.Errorf("a choice is not quoted: %q", got)
	}
}

// A change that masking would hide is said whole; one it does not hide
// stays masked.
func TestSayChangeNeverHidesTheChange(t *testing.T) {
	s := NewSchema()
	dob := s.Field("dateOfBirth")
	b, a := SayChange(dob, []byte(`"1956-03-14"`), []byte(`"1956-03-15"`), SayOptions{Mask: true})
	if b.Text != "1956-03-14" || a.Text != "1956-03-15" {
		t.Fatalf("a day's change: %q -> %q", b.Text, a.Text)
	}
	b, a = SayChange(dob, []byte(`"1956-03-14"`), []byte(`"1957-03-14"`), SayOptions{Mask: true})
	if b.Word != WordMasked || a.Word != WordMasked || b.Text == a.Text {
		t.Fatalf("a year's change: %q -> %q", b.Text, a.Text)
	}
	mbi := s.Field("mbiNumber")
	b, a = SayChange(mbi, []byte(`"1EG4TE5MK73"`), []byte(`"2EG4TE5MK73"`), SayOptions{Mask: true})
	if b.Text != "1EG4TE5MK73" || a.Text != "2EG4TE5MK73" {
		t.Fatalf("an MBI's first character: %q -> %q", b.Text, a.Text)
	}
	b, a = SayChange(mbi, nil, []byte(`"1EG4TE5MK73"`), SayOptions{Mask: true})
	if a.Word != WordMasked {
		t.Fatalf("a new MBI is masked: %q", a.Text)
	}
}
