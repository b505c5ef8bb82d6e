package fakeapi

import (
	"math"
	"strings"
)

// Seed customer IDs, for tests and the demo.
const (
	MedicareLeadID = "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"
	AllNullID      = "8b7c6d5e-4f3a-4b2c-8d1e-0f9a8b7c6d02"
	MaxLengthsID   = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03"
	HostileID      = "d4c3b2a1-f6e5-4b7a-9d8c-3b4c5d6e7f04"
	MarketplaceID  = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a805"
	CustomDataID   = "6a7b8c9d-0e1f-4a2b-b3c4-d5e6f7a8b906"
	DualEligibleID = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e07"
)

const (
	clientID  = "5e505642-9024-474d-9434-e5a44f505cc5"
	creatorID = "25a02396-1048-48f9-bf93-102d2fb7895e"
)

func base(id, created string) map[string]any {
	return map[string]any{
		"id": id, "createdAt": created, "createdBy": creatorID, "updatedAt": created, "updatedBy": creatorID,
		"clientId": clientID, "testCustomer": false,
	}
}

func with(m map[string]any, kv map[string]any) map[string]any {
	for k, v := range kv {
		m[k] = v
	}
	return m
}

// Seeds returns the demo customers: an ordinary Medicare lead, a record with
// every nullable field null, one at maximum lengths and int32 extremes, one
// whose names hold terminal escape sequences and bidi overrides, an ACA
// marketplace customer, one with nested customData, and a dual-eligible
// Spanish speaker.
func Seeds() []map[string]any {
	long := func(prefix string, n int) string { return prefix + strings.Repeat("x", n-len(prefix)) }
	return []map[string]any{
		with(base(MedicareLeadID, "2026-06-17T19:07:23.709Z"), map[string]any{
			"status": "Lead", "qualificationStatus": "Pending Review", "intent": "High", "isDecisionMaker": true,
			"salutation": "Mrs.", "firstName": "Margaret", "middleName": "Anne", "lastName": "O'Connell",
			"preferredName": "Peggy", "dateOfBirth": "1956-03-14", "gender": "Female", "maritalStatus": "Widowed",
			"language": "English", "callerId": "+13125550142", "lineType": "mobile", "email": "peggy.oconnell@example.com",
			"address": "4821 N Damen Ave", "city": "Chicago", "county": "Cook", "state": "IL", "postalCode": "60625",
			"timezone": "America/Chicago", "mbiNumber": "1EG4TE5MK73", "medicareCard": true,
			"medicarePartADate": "2021-03-01", "medicarePartBDate": "2021-03-01", "medicaid": false, "veteran": false,
			"productInterest": "Medicare Advantage", "productFamily": "Medicare", "existingCoverage": "Original Medicare",
			"desiredCoverageStartDate": "2027-01-01", "annualIncome": 31200, "agentName": "Dana Whitfield", "agentNpn": 18274655,
			"doNotCall": false, "doNotSMS": true, "doNotEmail": false, "doNotMail": false,
			"lastContactedAt": "2026-11-20T15:42:10.000Z", "clientCustomerId": "CRM-100482",
		}),
		with(base(AllNullID, "2026-09-02T08:15:00.000Z"), map[string]any{
			"callerId": "+12065550199",
		}),
		with(base(MaxLengthsID, "2026-01-01T00:00:00.000Z"), map[string]any{
			"firstName": long("Maximiliana", 255), "lastName": strings.Repeat("😀", 127) + "Z",
			"salutation": long("Rev.", 50), "suffix": long("III", 50), "postalCode": long("606", 20),
			"state": long("Illinois", 50), "timezone": long("America/", 50), "language": long("English", 50),
			"callerId": "+" + strings.Repeat("9", 15), "email": long("a", 243) + "@example.com",
			"householdIncome": math.MaxInt32, "annualIncome": math.MinInt32, "dependentCount": 0,
			"subsidyAmount": math.MaxInt32, "agentNpn": math.MinInt32, "status": "Inactive",
		}),
		with(base(HostileID, "2026-10-05T12:00:00.000Z"), map[string]any{
			"firstName":     "Eve\x1b[2J\x1b[H\x1b]0;pwned\x07",
			"lastName":      "\u202eredrahcir\u202c Mallory",
			"preferredName": "Zero\u200bWidth\u200d\ufeff",
			"address":       "1 Main St\x1b]52;c;ZWNobyBoYWNrZWQ=\x07",
			"address2":      "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
			"city":          "Springfield\u009b31m\x7f",
			"callerId":      "+15555550100\r\n",
			"email":         "not an email",
			"status":        "Lead",
		}),
		with(base(MarketplaceID, "2026-11-03T17:30:00.000Z"), map[string]any{
			"status": "Active", "qualificationStatus": "Qualified", "intent": "Medium", "isDecisionMaker": true,
			"firstName": "Tomás", "lastName": "Herrera", "dateOfBirth": "1988-07-22", "gender": "Male",
			"maritalStatus": "Married", "language": "Spanish", "callerId": "+17135550187", "lineType": "mobile",
			"email": "tomas.herrera@example.net", "address": "2200 Westheimer Rd", "address2": "Apt 5B",
			"city": "Houston", "county": "Harris", "state": "TX", "postalCode": "77098", "timezone": "America/Chicago",
			"productInterest": "Health", "productFamily": "ACA", "existingCoverage": "Marketplace/ACA",
			"existingCoveragePlanName": "Blue Advantage Silver 2026", "existingCoverageCarrier": "BCBS of Texas",
			"carrierName": "Ambetter", "planName": "Ambetter Balanced Care 12", "planCode": "29418TX0040012",
			"enrollmentDate": "2026-11-03", "effectiveDate": "2027-01-01", "healthSherpaCustomerId": "hs_8842017",
			"householdIncome": 58400, "annualIncome": 41000, "filingStatus": "Married Filing Jointly",
			"dependentCount": 2, "subsidyAmount": 412, "subsidyEligible": true, "agentName": "Dana Whitfield",
			"agentNpn": 18274655, "convertedAt": "2026-11-03T18:02:51.000Z",
			"doNotCall": false, "doNotSMS": false, "doNotEmail": false, "doNotMail": true,
		}),
		with(base(CustomDataID, "2026-08-12T10:20:30.000Z"), map[string]any{
			"status": "Lead", "firstName": "Harold", "lastName": "Kim", "callerId": "+14155550123",
			"city": "Oakland", "state": "CA", "existingCoverage": "Employer",
			"customData": map[string]any{
				"campaign": map[string]any{"source": "facebook", "adSet": "t65-bay-area", "clicks": 3},
				"notes":    []any{"prefers mornings", "spouse on same plan"},
				"score":    0.82,
			},
			"memberId": "92983ab9-49c8-444b-85ae-6e40402cf72e", "currentSourceId": "92ff85a4-bd9b-47e4-9ade-cbb65530f3f4",
			"originalSourceId": "a3edc39e-7854-4380-8541-1f199004a6a0",
			"policies":         []any{map[string]any{"carrier": "Kaiser", "status": "active"}},
		}),
		with(base(DualEligibleID, "2026-05-30T14:45:00.000Z"), map[string]any{
			"status": "Active", "qualificationStatus": "Needs Information", "intent": "Unknown",
			"firstName": "José", "lastName": "Ramírez Peña", "dateOfBirth": "1951-12-02", "gender": "Male",
			"language": "Spanish", "callerId": "+13055550176", "lineType": "landline", "city": "Miami", "state": "FL",
			"postalCode": "33135", "mbiNumber": "5KQ9-AX3-HT21", "medicareCard": true, "medicaid": true,
			"medicaidNumber": "FL-99812-2207", "socialSecurityDisability": true, "veteran": true, "vaNumber": "VA 4471 0932",
			"existingCoverage": "Medicaid", "doNotCall": nil, "doNotSMS": true,
		}),
	}
}
