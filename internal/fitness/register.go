package fitness

import (
	"context"
	"time"
)

// Profession is a regulated profession with its registration-number prefix.
type Profession struct {
	Code   string // stable identifier, e.g. "social-worker"
	Name   string // e.g. "Social worker in England"
	Prefix string // registration-number prefix, e.g. "SW"
}

// HCPCProfessions returns the professions the HCPC has regulated, with the
// prefixes of their registration numbers (social workers in England until
// December 2019).
func HCPCProfessions() []Profession {
	return []Profession{
		{"arts-therapist", "Arts therapist", "AS"},
		{"biomedical-scientist", "Biomedical scientist", "BS"},
		{"chiropodist-podiatrist", "Chiropodist / podiatrist", "CH"},
		{"clinical-scientist", "Clinical scientist", "CS"},
		{"dietitian", "Dietitian", "DT"},
		{"hearing-aid-dispenser", "Hearing aid dispenser", "HAD"},
		{"occupational-therapist", "Occupational therapist", "OT"},
		{"operating-department-practitioner", "Operating department practitioner", "ODP"},
		{"orthoptist", "Orthoptist", "OR"},
		{"paramedic", "Paramedic", "PA"},
		{"physiotherapist", "Physiotherapist", "PH"},
		{"practitioner-psychologist", "Practitioner psychologist", "PYL"},
		{"prosthetist-orthotist", "Prosthetist / orthotist", "PO"},
		{"radiographer", "Radiographer", "RA"},
		{"social-worker", "Social worker in England", "SW"},
		{"speech-and-language-therapist", "Speech and language therapist", "SL"},
	}
}

// RegistrantStatus is the state of a registrant's entry on the register.
type RegistrantStatus string

// Registrant statuses.
const (
	StatusRegistered         RegistrantStatus = "registered"
	StatusSuspended          RegistrantStatus = "suspended"
	StatusStruckOff          RegistrantStatus = "struck_off"
	StatusLapsed             RegistrantStatus = "lapsed"
	StatusVoluntarilyRemoved RegistrantStatus = "voluntarily_removed"
	StatusDeceased           RegistrantStatus = "deceased"
)

// RegistrantStatuses lists every status in display order.
var RegistrantStatuses = []RegistrantStatus{
	StatusRegistered, StatusSuspended, StatusStruckOff, StatusLapsed,
	StatusVoluntarilyRemoved, StatusDeceased,
}

// Valid reports whether s is a known status.
func (s RegistrantStatus) Valid() bool {
	for _, v := range RegistrantStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Label returns the status in words.
func (s RegistrantStatus) Label() string {
	switch s {
	case StatusRegistered:
		return "Registered"
	case StatusSuspended:
		return "Suspended"
	case StatusStruckOff:
		return "Struck off"
	case StatusLapsed:
		return "Lapsed"
	case StatusVoluntarilyRemoved:
		return "Voluntarily removed"
	case StatusDeceased:
		return "Deceased"
	}
	return string(s)
}

// Registrant is a person on the register (or once on it).
type Registrant struct {
	ID              string
	Number          string // e.g. "SW012345"
	ProfessionCode  string
	GivenNames      string
	FamilyName      string
	Status          RegistrantStatus
	RegisteredSince time.Time // a date
	Town            string
	Annotations     []string
}

// Name returns the registrant's full name.
func (r Registrant) Name() string { return r.GivenNames + " " + r.FamilyName }

// Employer is an organisation that employs or employed registrants.
type Employer struct {
	ID   string
	Name string
	Kind string // "council", "nhs-trust", "private", …
	Town string
}

// Employment is a period of work for an employer; To is zero while current.
// It is the basis of "past and present" scoping.
type Employment struct {
	ID           string
	RegistrantID string
	EmployerID   string
	EmployerName string
	Role         string
	From         time.Time
	To           time.Time // zero: still employed
}

// Current reports whether the employment has no end date.
func (e Employment) Current() bool { return e.To.IsZero() }

// RegistrantQuery searches the register. Text may be a registration number
// (exact match) or names (accents folded, prefixes, one typo tolerated).
type RegistrantQuery struct {
	Text  string
	Limit int
}

// RegistrantHit is one search result.
type RegistrantHit struct {
	Registrant
	ProfessionName string
}

// RegistrantImportRow is one row of a registrant CSV import, already parsed.
type RegistrantImportRow struct {
	Line       int
	Registrant Registrant
}

// RegistrantService reads and writes the register.
type RegistrantService interface {
	// FindRegistrant returns the registrant with id, or ENotFound.
	FindRegistrant(ctx context.Context, id string) (Registrant, error)
	// FindRegistrantByNumber returns the registrant with the exact
	// registration number (case-insensitive), or ENotFound.
	FindRegistrantByNumber(ctx context.Context, number string) (Registrant, error)
	// SearchRegistrants finds registrants by number or name.
	SearchRegistrants(ctx context.Context, q RegistrantQuery) ([]RegistrantHit, error)
	// Employments returns a registrant's employment history, newest first.
	Employments(ctx context.Context, registrantID string) ([]Employment, error)
	// Professions returns every profession.
	Professions(ctx context.Context) ([]Profession, error)
}
