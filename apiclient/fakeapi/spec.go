package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf16"
)

// spec is one PATCH body field as published: type, nullability, limits.
type spec struct {
	name     string
	typ      string // "string", "uuid", "integer", "boolean", "any"
	nullable bool
	maxLen   int
	enum     []string
}

// bodySpec returns the published request body fields 1–71 (72–74 have no
// published names and are rejected like any unknown key). It is written out
// independently of package forms so that the fake can catch its mistakes.
func bodySpec() []spec {
	s := func(name string, max int) spec { return spec{name, "string", true, max, nil} }
	e := func(name string, vals ...string) spec { return spec{name, "string", true, 0, vals} }
	t := func(name, typ string) spec { return spec{name, typ, true, 0, nil} }
	return []spec{
		t("createdBy", "uuid"), t("updatedBy", "uuid"), {"clientId", "uuid", false, 0, nil},
		s("clientCustomerId", 255),
		e("status", "Lead", "Active", "Inactive"),
		e("qualificationStatus", "Qualified", "Disqualified", "Pending Review", "Needs Information", "In Progress"),
		e("intent", "High", "Medium", "Low", "Unknown"),
		t("isDecisionMaker", "boolean"),
		s("disqualificationReason", 255), s("productInterest", 255), s("productFamily", 255),
		s("salutation", 50), s("suffix", 50), s("firstName", 255), s("middleName", 255), s("lastName", 255),
		s("preferredName", 255), {"callerId", "string", false, 255, nil},
		e("lineType", "landline", "mobile", "fixedVoip", "nonFixedVoip", "personal", "tollFree", "premium",
			"sharedCost", "uan", "voicemail", "pager", "unknown"),
		s("email", 255), s("dateOfBirth", 0), s("language", 50), s("ethnicity", 50),
		e("gender", "Male", "Female", "Non-Binary", "Other", "Prefer Not to Say"),
		e("maritalStatus", "Single", "Married", "Divorced", "Widowed", "Separated", "Domestic Partnership"),
		s("postalCode", 20), s("timezone", 50), s("state", 50), s("city", 255), s("county", 255),
		s("address", 255), s("address2", 255), s("mbiNumber", 255), t("medicareCard", "boolean"),
		s("medicarePartADate", 0), s("medicarePartBDate", 0), t("medicaid", "boolean"), s("medicaidNumber", 255),
		t("socialSecurityDisability", "boolean"), t("veteran", "boolean"), s("vaNumber", 255),
		s("healthSherpaCustomerId", 255), t("householdIncome", "integer"), t("annualIncome", "integer"),
		s("filingStatus", 50), t("dependentCount", "integer"), t("subsidyAmount", "integer"),
		t("subsidyEligible", "boolean"),
		e("existingCoverage", "None", "Medicare Advantage", "Original Medicare", "Medicaid", "Employer", "Marketplace/ACA", "Other"),
		s("existingCoveragePlanName", 255), s("existingCoverageCarrier", 255), s("desiredCoverageStartDate", 0),
		t("currentSourceId", "uuid"), t("originalSourceId", "uuid"), s("agentName", 255), t("agentNpn", "integer"),
		t("memberId", "uuid"), t("customData", "any"), s("carrierName", 255), s("planName", 255), s("planCode", 255),
		s("enrollmentDate", 0), s("effectiveDate", 0), s("carrierAssignedCustomerId", 255),
		t("doNotCall", "boolean"), t("doNotSMS", "boolean"), t("doNotEmail", "boolean"), t("doNotMail", "boolean"),
		s("lastContactedAt", 0), s("convertedAt", 0), {"testCustomer", "boolean", false, 0, nil},
	}
}

// responseKeys is the order of keys in a customer response.
func responseKeys(specs []spec) []string {
	keys := []string{"id", "createdAt", "createdBy", "updatedAt", "updatedBy", "clientId"}
	for _, s := range specs[3:] {
		if s.name != "customData" {
			keys = append(keys, s.name)
		}
	}
	return append(keys, "customData")
}

var uuidRE = regexp.MustCompile(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$`)

// issue is a Zod-style validation issue.
type issue struct {
	Path     []string `json:"path"`
	Message  string   `json:"message"`
	Expected string   `json:"expected,omitempty"`
	Received string   `json:"received,omitempty"`
	Code     string   `json:"code"`
}

func jsLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// check validates one body value against its spec, as the server does.
func (sp spec) check(raw json.RawMessage) *issue {
	raw = bytes.TrimSpace(raw)
	path := []string{sp.name}
	if string(raw) == "null" {
		if sp.nullable || sp.typ == "any" {
			return nil
		}
		return &issue{Path: path, Code: "invalid_type", Expected: sp.typ, Received: "null", Message: "Expected " + sp.typ + ", received null"}
	}
	received := typeOf(raw)
	switch sp.typ {
	case "any":
		return nil
	case "boolean":
		if received != "boolean" {
			return &issue{Path: path, Code: "invalid_type", Expected: "boolean", Received: received, Message: "Expected boolean, received " + received}
		}
	case "integer":
		var f float64
		if received != "number" || json.Unmarshal(raw, &f) != nil {
			return &issue{Path: path, Code: "invalid_type", Expected: "number", Received: received, Message: "Expected number, received " + received}
		}
		if f != math.Trunc(f) {
			return &issue{Path: path, Code: "invalid_type", Expected: "integer", Received: "float", Message: "Expected integer, received float"}
		}
		// Zod names the bound passed: too_small under the minimum, too_big
		// over the maximum.
		if f < math.MinInt32 {
			return &issue{Path: path, Code: "too_small", Message: fmt.Sprintf("Number must be greater than or equal to %d", math.MinInt32)}
		}
		if f > math.MaxInt32 {
			return &issue{Path: path, Code: "too_big", Message: fmt.Sprintf("Number must be less than or equal to %d", math.MaxInt32)}
		}
	case "string", "uuid":
		var str string
		if received != "string" || json.Unmarshal(raw, &str) != nil {
			return &issue{Path: path, Code: "invalid_type", Expected: "string", Received: received, Message: "Expected string, received " + received}
		}
		if sp.typ == "uuid" && !uuidRE.MatchString(str) {
			return &issue{Path: path, Code: "invalid_string", Message: "Invalid uuid", Received: str}
		}
		if sp.maxLen > 0 && jsLen(str) > sp.maxLen {
			return &issue{Path: path, Code: "too_big", Message: fmt.Sprintf("String must contain at most %d character(s)", sp.maxLen)}
		}
		if sp.enum != nil && !contains(sp.enum, str) {
			return &issue{Path: path, Code: "invalid_enum_value", Received: str,
				Message: fmt.Sprintf("Invalid enum value. Expected '%s', received '%s'", strings.Join(sp.enum, "' | '"), str)}
		}
	}
	return nil
}

func typeOf(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "undefined"
	}
	switch raw[0] {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case '{':
		return "object"
	case '[':
		return "array"
	case 'n':
		return "null"
	}
	return "number"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
