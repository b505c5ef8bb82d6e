package forms

import (
	"reflect"
	"testing"
)

func names(s *Schema, idx []int) []string {
	out := []string{}
	for _, i := range idx {
		out = append(out, s.Fields()[i].Name)
	}
	return out
}

func TestFind(t *testing.T) {
	s := NewSchema()
	for _, c := range []struct {
		q    string
		want []string // the whole answer, best first
	}{
		{"dob", []string{"dateOfBirth"}},
		{"DOB", []string{"dateOfBirth"}},
		{"Tom", []string{}}, // not inside "customer"
		{"first", []string{"firstName"}},
		{"first name", []string{"firstName"}},
		{"  First   Name ", []string{"firstName"}},
		{"firstName", []string{"firstName"}},
		{"name first", []string{}}, // words in order only
		{"customer", []string{"clientCustomerId", "testCustomer", "carrierAssignedCustomerId", "healthSherpaCustomerId"}},
		{"zip", []string{"postalCode"}},
		{"caller", []string{"callerId"}},
		{"phone", []string{"callerId"}},
		{"mbi", []string{"mbiNumber"}},
		{"ssdi", []string{"socialSecurityDisability"}},
		{"npn", []string{"agentNpn"}},
		{"dnc", []string{"doNotCall"}},
		{"part b", []string{"medicarePartBDate"}},
		{"sherpa", []string{"healthSherpaCustomerId"}},
		{"sms", []string{"doNotSMS"}},
		// Exact, then starts with, then a word: "Do not call" is found by
		// its label before Date of birth by the start of its alias "dob".
		{"do", []string{"doNotCall", "doNotSMS", "doNotEmail", "doNotMail", "dateOfBirth"}},
		{"medicare", []string{"medicareCard", "medicarePartADate", "medicarePartBDate", "mbiNumber"}},
		// Read-only fields are never found, even by their exact label.
		{"customer id", []string{"clientCustomerId", "carrierAssignedCustomerId", "healthSherpaCustomerId"}},
		{"created at", []string{}},
	} {
		if got := names(s, s.Find(c.q)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Find(%q) = %q, want %q", c.q, got, c.want)
		}
	}
	all := s.Find("")
	editable := 0
	for i, f := range s.Fields() {
		if !f.ReadOnly {
			if editable >= len(all) || all[editable] != i {
				t.Fatalf("Find(\"\") is not every editable field in display order: %v", all)
			}
			editable++
		}
	}
	if editable != len(all) {
		t.Errorf("Find(\"\") gave %d fields, want %d", len(all), editable)
	}
}

// An alias names one field only, and never another field's name or label,
// or the exact match would depend on the table's order.
func TestAliasesAreUnambiguous(t *testing.T) {
	s := NewSchema()
	owner := map[string]string{}
	for _, f := range s.Fields() {
		for _, k := range []string{fold(f.Name), fold(f.Label)} {
			if o, ok := owner[k]; ok && o != f.Name {
				t.Errorf("%q names %s and %s", k, o, f.Name)
			}
			owner[k] = f.Name
		}
	}
	for _, f := range s.Fields() {
		for _, a := range f.Aliases {
			if o, ok := owner[fold(a)]; ok {
				t.Errorf("alias %q of %s already names %s", a, f.Name, o)
			}
			owner[fold(a)] = f.Name
			if got := names(s, s.Find(a)); len(got) == 0 || got[0] != f.Name {
				t.Errorf("Find(%q) = %q, want %s first", a, got, f.Name)
			}
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"clientCustomerId":          {"client", "customer", "id"},
		"doNotSMS":                  {"do", "not", "sms"},
		"medicarePartADate":         {"medicare", "part", "a", "date"},
		"address2":                  {"address", "2"},
		"Phone (caller ID)":         {"phone", "caller", "id"},
		"HealthSherpa customer ID":  {"health", "sherpa", "customer", "id"},
		"America/Indiana/Tell_City": {"america", "indiana", "tell", "city"},
		"":                          nil,
	} {
		if got := words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}
