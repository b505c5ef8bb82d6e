package forms

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

type publishedField struct {
	Position  int      `json:"position"`
	Name      *string  `json:"name"`
	Type      string   `json:"type"`
	Nullable  bool     `json:"nullable"`
	MaxLength *int     `json:"maxLength"`
	Enum      []string `json:"enum"`
	Min, Max  *int64
}

func loadPublished(t *testing.T) []publishedField {
	t.Helper()
	b, err := os.ReadFile("../testdata/customer-fields.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []publishedField
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSchemaMatchesPublishedFields(t *testing.T) {
	s := NewSchema()
	pub := loadPublished(t)
	if len(pub) != 74 {
		t.Fatalf("published list has %d fields, want 74", len(pub))
	}
	seen := map[string]bool{}
	for _, p := range pub {
		if p.Name == nil {
			if p.Position < 72 {
				t.Errorf("field %d has no name", p.Position)
			}
			continue
		}
		name := *p.Name
		f := s.Field(name)
		if f == nil {
			t.Errorf("published field %q (position %d) is missing from the schema", name, p.Position)
			continue
		}
		seen[name] = true
		if f.Nullable != p.Nullable {
			t.Errorf("%s: nullable %v, published %v", name, f.Nullable, p.Nullable)
		}
		wantMax := 0
		if p.MaxLength != nil {
			wantMax = *p.MaxLength
		}
		if f.MaxLen != wantMax {
			t.Errorf("%s: max length %d, published %d", name, f.MaxLen, wantMax)
		}
		// An Enum's options are the API's; the lists of a state or a time
		// zone are ccedit's own, over a string the API only limits in
		// length.
		switch {
		case f.Kind == Enum && !reflect.DeepEqual(f.Options, p.Enum):
			t.Errorf("%s: options %q, published %q", name, f.Options, p.Enum)
		case f.Kind != Enum && p.Enum != nil:
			t.Errorf("%s: published as a list %q but not an Enum", name, p.Enum)
		}
		var okKinds []Kind
		switch p.Type {
		case "uuid":
			okKinds = []Kind{UUID}
		case "integer":
			okKinds = []Kind{Int}
			if *p.Min != -2147483648 || *p.Max != 2147483647 {
				t.Errorf("%s: published range is not int32", name)
			}
		case "boolean":
			okKinds = []Kind{Bool}
		case "any":
			okKinds = []Kind{JSON}
		case "string":
			okKinds = []Kind{Text, Enum, Date, Timestamp, Email, Phone, MBI, USState, ZIPCode, TimeZone}
		}
		found := false
		for _, k := range okKinds {
			found = found || f.Kind == k
		}
		if !found {
			t.Errorf("%s: kind %d does not fit published type %q", name, f.Kind, p.Type)
		}
		wantRO := name == "createdBy" || name == "updatedBy" || name == "clientId"
		if f.ReadOnly != wantRO {
			t.Errorf("%s: read-only %v, want %v", name, f.ReadOnly, wantRO)
		}
	}
	// Everything else in the schema is a response-only key.
	for _, f := range s.Fields() {
		if !seen[f.Name] && !(f.ReadOnly && (f.Name == "id" || f.Name == "createdAt" || f.Name == "updatedAt")) {
			t.Errorf("schema field %q is neither published nor a known response key", f.Name)
		}
	}
}

func TestGroupMembership(t *testing.T) {
	s := NewSchema()
	want := map[Group][]string{
		Identity: {"status", "qualificationStatus", "intent", "isDecisionMaker", "disqualificationReason", "salutation",
			"firstName", "middleName", "lastName", "suffix", "preferredName", "dateOfBirth", "gender", "maritalStatus",
			"language", "ethnicity", "clientCustomerId", "testCustomer"},
		Contact: {"callerId", "lineType", "email", "address", "address2", "city", "county", "state", "postalCode",
			"timezone", "lastContactedAt"},
		Medicare: {"mbiNumber", "medicareCard", "medicarePartADate", "medicarePartBDate", "medicaid", "medicaidNumber",
			"socialSecurityDisability", "veteran", "vaNumber"},
		Coverage: {"productInterest", "productFamily", "existingCoverage", "existingCoveragePlanName",
			"existingCoverageCarrier", "desiredCoverageStartDate", "carrierName", "planName", "planCode", "enrollmentDate",
			"effectiveDate", "carrierAssignedCustomerId", "healthSherpaCustomerId", "householdIncome", "annualIncome",
			"filingStatus", "dependentCount", "subsidyAmount", "subsidyEligible", "agentName", "agentNpn", "convertedAt"},
		Consent: {"doNotCall", "doNotSMS", "doNotEmail", "doNotMail"},
		Record: {"id", "createdAt", "createdBy", "updatedAt", "updatedBy", "clientId", "memberId", "currentSourceId",
			"originalSourceId", "customData"},
	}
	for g, names := range want {
		var got []string
		for _, i := range s.InGroup(g) {
			got = append(got, s.Fields()[i].Name)
		}
		if !reflect.DeepEqual(got, names) {
			t.Errorf("%s:\n got %q\nwant %q", g, got, names)
		}
	}
}
