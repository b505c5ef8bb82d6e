// Package forms holds everything ccedit knows about a customer record that
// does not involve a terminal or a network: the field schema, validators,
// value conversion, and the diff and patch built from an agent's edits.
//
// It is pure: no Charm imports, no I/O. The UI and the tests both build on it.
package forms

// Group is one of the tabs a field is shown under.
type Group int

// The groups, in tab order.
const (
	Identity Group = iota
	Contact
	Medicare
	Coverage
	Consent
	Record
)

// AllGroups returns every group in tab order.
func AllGroups() [6]Group { return [6]Group{Identity, Contact, Medicare, Coverage, Consent, Record} }

// String returns the group's tab title.
func (g Group) String() string {
	switch g {
	case Identity:
		return "Identity"
	case Contact:
		return "Contact"
	case Medicare:
		return "Medicare/Medicaid"
	case Coverage:
		return "Coverage"
	case Consent:
		return "Consent"
	case Record:
		return "Record"
	}
	return "?"
}

// Short returns a compact tab title for narrow windows.
func (g Group) Short() string {
	switch g {
	case Medicare:
		return "Medicare"
	case Coverage:
		return "Cover"
	case Identity:
		return "Ident"
	}
	return g.String()
}

// Kind says how a field is edited, validated and encoded.
type Kind int

// The field kinds.
const (
	Text      Kind = iota // free text with a length limit
	Enum                  // one of Options
	Bool                  // Yes / No (/ not set when nullable)
	Int                   // 32-bit signed integer
	Date                  // YYYY-MM-DD
	Timestamp             // ISO 8601 date-time
	UUID                  // the API's uuid pattern
	Email                 // a plausible e-mail address
	Phone                 // E.164 phone number
	MBI                   // Medicare Beneficiary Identifier
	JSON                  // any JSON value, edited as text
	// The kinds below were added after the ones above; new kinds go at the
	// end so that the numbers of the others never change.
	USState  // a USPS state or territory code, one of Options
	ZIPCode  // a US ZIP code: 5 digits or ZIP+4
	TimeZone // an IANA time zone name; Options are suggestions (Open)
)

// Field describes one key of the customer record.
type Field struct {
	Name     string // API name, e.g. "firstName"
	Label    string // human label, e.g. "First name"
	Group    Group  // tab the field is shown under
	Kind     Kind   // how it is edited and encoded
	Nullable bool   // whether null is an accepted value
	MaxLen   int    // maximum length in UTF-16 code units; 0 means none
	// Options are the exact API values a list offers, in display order:
	// every value an Enum field takes; the USPS codes of a USState field;
	// the suggested zones of a TimeZone field (see Open).
	Options []string
	// OptionNames, when not nil, is parallel to Options: the plain name of
	// each option, for display next to it ("Wisconsin" for "WI", "Central"
	// for "America/Chicago"). Nil when the options name themselves.
	OptionNames []string
	// Open marks Options as suggestions rather than a closed list: any
	// value the kind accepts may be typed. An open field is edited as text
	// (IsText is true, Choices is nil).
	Open bool
	// Aliases are other names a person may type to find the field ("dob",
	// "zip"): see Schema.Find.
	Aliases  []string
	ReadOnly bool // shown, never edited or sent
	// Dollars marks a whole-dollar Int: a leading $ is understood ("$52,000"
	// saves as 52000). Other Int fields refuse a $ with the reason.
	Dollars bool
	// Count marks an Int that cannot be negative (a number of people, an
	// identifier number).
	Count bool
	Help  string // one line shown when the field has focus
}

func text(name, label string, g Group, max int) Field {
	return Field{Name: name, Label: label, Group: g, Kind: Text, Nullable: true, MaxLen: max}
}

func typed(name, label string, g Group, k Kind) Field {
	return Field{Name: name, Label: label, Group: g, Kind: k, Nullable: true}
}

func enum(name, label string, g Group, opts ...string) Field {
	return Field{Name: name, Label: label, Group: g, Kind: Enum, Nullable: true, Options: opts}
}

func boolean(name, label string, g Group, help string) Field {
	return Field{Name: name, Label: label, Group: g, Kind: Bool, Nullable: true, Help: help}
}

func readOnly(name, label string, k Kind) Field {
	return Field{Name: name, Label: label, Group: Record, Kind: k, Nullable: true, ReadOnly: true}
}

// schema is the field table in display order. Positions in the published
// body (customer-fields.json) are checked by schema_test.go.
func schema() []Field {
	return []Field{
		// Identity
		enum("status", "Status", Identity, "Lead", "Active", "Inactive"),
		enum("qualificationStatus", "Qualification status", Identity,
			"Qualified", "Disqualified", "Pending Review", "Needs Information", "In Progress"),
		enum("intent", "Intent", Identity, "High", "Medium", "Low", "Unknown"),
		boolean("isDecisionMaker", "Decision maker", Identity, "Whether this person makes the coverage decision."),
		text("disqualificationReason", "Disqualification reason", Identity, 255),
		text("salutation", "Salutation", Identity, 50),
		text("firstName", "First name", Identity, 255),
		text("middleName", "Middle name", Identity, 255),
		aka(text("lastName", "Last name", Identity, 255), "surname"),
		text("suffix", "Suffix", Identity, 50),
		aka(text("preferredName", "Preferred name", Identity, 255), "nickname"),
		aka(withHelp(typed("dateOfBirth", "Date of birth", Identity, Date), "YYYY-MM-DD or MM/DD/YYYY."),
			"dob", "birthday", "birth date", "birthdate"),
		aka(enum("gender", "Gender", Identity, "Male", "Female", "Non-Binary", "Other", "Prefer Not to Say"), "sex"),
		enum("maritalStatus", "Marital status", Identity,
			"Single", "Married", "Divorced", "Widowed", "Separated", "Domestic Partnership"),
		text("language", "Language", Identity, 50),
		text("ethnicity", "Ethnicity", Identity, 50),
		text("clientCustomerId", "Client customer ID", Identity, 255),
		{Name: "testCustomer", Label: "Test customer", Group: Identity, Kind: Bool,
			Help: "Yes marks a test record, excluded from real outreach and reports."},

		// Contact
		{Name: "callerId", Label: "Phone (caller ID)", Group: Contact, Kind: Phone, MaxLen: 255,
			Aliases: []string{"phone", "phone number", "telephone"},
			Help:    "Required. US numbers like (312) 555-0142 are saved as +13125550142."},
		enum("lineType", "Line type", Contact, "landline", "mobile", "fixedVoip", "nonFixedVoip",
			"personal", "tollFree", "premium", "sharedCost", "uan", "voicemail", "pager", "unknown"),
		aka(withMax(typed("email", "Email", Contact, Email), 255), "e-mail", "email address"),
		aka(text("address", "Address", Contact, 255), "street"),
		aka(text("address2", "Address line 2", Contact, 255), "apt", "unit", "suite"),
		text("city", "City", Contact, 255),
		text("county", "County", Contact, 255),
		stateField("state", "State", Contact, 50),
		aka(withHelp(withMax(typed("postalCode", "Postal code", Contact, ZIPCode), 20),
			"5 digits, or ZIP+4: 60614-1234 (606141234 is fine)."), "zip", "zip code", "zipcode"),
		aka(timeZoneField("timezone", "Time zone", Contact, 50), "tz"),
		withHelp(typed("lastContactedAt", "Last contacted at", Contact, Timestamp), "ISO 8601, e.g. 2026-06-17T19:07:23Z."),

		// Medicare/Medicaid
		aka(withHelp(withMax(typed("mbiNumber", "MBI number", Medicare, MBI), 255),
			"Medicare Beneficiary Identifier: 11 characters, e.g. 1EG4-TE5-MK73."), "mbi", "medicare number", "medicare id"),
		boolean("medicareCard", "Has Medicare card", Medicare, "Whether the customer has their red-white-and-blue card."),
		withHelp(typed("medicarePartADate", "Medicare Part A date", Medicare, Date), "YYYY-MM-DD or MM/DD/YYYY."),
		withHelp(typed("medicarePartBDate", "Medicare Part B date", Medicare, Date), "YYYY-MM-DD or MM/DD/YYYY."),
		boolean("medicaid", "On Medicaid", Medicare, "Whether the customer is enrolled in Medicaid."),
		aka(text("medicaidNumber", "Medicaid number", Medicare, 255), "medicaid id"),
		aka(boolean("socialSecurityDisability", "Social Security disability", Medicare, "Receives SSDI."), "ssdi"),
		boolean("veteran", "Veteran", Medicare, "Served in the US armed forces."),
		text("vaNumber", "VA number", Medicare, 255),

		// Coverage
		text("productInterest", "Product interest", Coverage, 255),
		text("productFamily", "Product family", Coverage, 255),
		enum("existingCoverage", "Existing coverage", Coverage,
			"None", "Medicare Advantage", "Original Medicare", "Medicaid", "Employer", "Marketplace/ACA", "Other"),
		text("existingCoveragePlanName", "Existing plan name", Coverage, 255),
		text("existingCoverageCarrier", "Existing carrier", Coverage, 255),
		withHelp(typed("desiredCoverageStartDate", "Desired start date", Coverage, Date), "YYYY-MM-DD or MM/DD/YYYY."),
		text("carrierName", "Carrier", Coverage, 255),
		text("planName", "Plan name", Coverage, 255),
		text("planCode", "Plan code", Coverage, 255),
		withHelp(typed("enrollmentDate", "Enrollment date", Coverage, Date), "YYYY-MM-DD or MM/DD/YYYY."),
		withHelp(typed("effectiveDate", "Effective date", Coverage, Date), "YYYY-MM-DD or MM/DD/YYYY."),
		text("carrierAssignedCustomerId", "Carrier customer ID", Coverage, 255),
		text("healthSherpaCustomerId", "HealthSherpa customer ID", Coverage, 255),
		dollars(withHelp(typed("householdIncome", "Household income", Coverage, Int), "Whole dollars; $52,000 is fine.")),
		dollars(withHelp(typed("annualIncome", "Annual income", Coverage, Int), "Whole dollars; $52,000 is fine.")),
		text("filingStatus", "Tax filing status", Coverage, 50),
		count(withHelp(typed("dependentCount", "Dependents", Coverage, Int), "How many; 0 or more.")),
		aka(dollars(withHelp(typed("subsidyAmount", "Subsidy amount", Coverage, Int), "Whole dollars; $412 is fine.")), "aptc"),
		boolean("subsidyEligible", "Subsidy eligible", Coverage, "Eligible for a premium tax credit."),
		text("agentName", "Agent name", Coverage, 255),
		aka(count(withHelp(typed("agentNpn", "Agent NPN", Coverage, Int), "National Producer Number of the agent.")), "npn"),
		withHelp(typed("convertedAt", "Converted at", Coverage, Timestamp), "ISO 8601, e.g. 2026-06-17T19:07:23Z."),

		// Consent
		aka(boolean("doNotCall", "Do not call", Consent, "Yes: nobody may phone this customer."), "dnc"),
		boolean("doNotSMS", "Do not text", Consent, "Yes: no text messages (SMS) to this customer."),
		boolean("doNotEmail", "Do not email", Consent, "Yes: no e-mail to this customer."),
		boolean("doNotMail", "Do not mail", Consent, "Yes: no postal mail to this customer."),

		// Record
		readOnly("id", "Customer ID", UUID),
		readOnly("createdAt", "Created at", Timestamp),
		readOnly("createdBy", "Created by", UUID),
		readOnly("updatedAt", "Updated at", Timestamp),
		readOnly("updatedBy", "Updated by", UUID),
		{Name: "clientId", Label: "Client ID", Group: Record, Kind: UUID, ReadOnly: true},
		withHelp(typed("memberId", "Member ID", Record, UUID), "A uuid."),
		withHelp(typed("currentSourceId", "Current source ID", Record, UUID), "A uuid."),
		withHelp(typed("originalSourceId", "Original source ID", Record, UUID), "A uuid."),
		withHelp(typed("customData", "Custom data (JSON)", Record, JSON), "Any JSON value; must parse. Formatting alone is not a change."),
	}
}

func withHelp(f Field, help string) Field { f.Help = help; return f }

func dollars(f Field) Field { f.Dollars = true; return f }

func count(f Field) Field          { f.Count = true; return f }
func withMax(f Field, n int) Field { f.MaxLen = n; return f }

// aka gives f the other names an agent types for it (see Schema.Find).
func aka(f Field, names ...string) Field { f.Aliases = names; return f }

// Schema is the immutable field table shared by the UI and the tests.
type Schema struct {
	fields []Field
	byName map[string]int
}

// NewSchema builds the customer field table.
func NewSchema() *Schema {
	s := &Schema{fields: schema(), byName: map[string]int{}}
	for i, f := range s.fields {
		s.byName[f.Name] = i
	}
	return s
}

// Fields returns every field in display order. Callers must not modify it.
func (s *Schema) Fields() []Field { return s.fields }

// Field returns the field with the given API name, or nil.
func (s *Schema) Field(name string) *Field {
	i, ok := s.byName[name]
	if !ok {
		return nil
	}
	return &s.fields[i]
}

// Index returns the display index of the named field, or -1.
func (s *Schema) Index(name string) int {
	i, ok := s.byName[name]
	if !ok {
		return -1
	}
	return i
}

// InGroup returns the display indexes of the fields shown under g.
func (s *Schema) InGroup(g Group) []int {
	var out []int
	for i, f := range s.fields {
		if f.Group == g {
			out = append(out, i)
		}
	}
	return out
}
