package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/synth"
)

// Demo data: everything here is fictional. The people are random
// combinations of common names; the employers and their places are
// invented.

// demoPassword is the one password of every demo sign-in.
const demoPassword = "demo-password-2026"

// demoSeed makes the demo register the same on every run.
const demoSeed = 2026

// demoRegistrants is how many registrants the demo register holds.
const demoRegistrants = 5000

// demoSignIn is one demo staff account.
type demoSignIn struct {
	Email string
	Name  string
	Role  string // the role in words
	role  fitness.Role
}

// demoStaff returns the demo staff: one per role, and more case managers.
func demoStaff() []demoSignIn {
	u := func(email, name string, r fitness.Role) demoSignIn {
		return demoSignIn{Email: email, Name: name, Role: r.Label(), role: r}
	}
	return []demoSignIn{
		u("case-manager@demo.test", "Cerys Pritchard", fitness.RoleCaseManager),
		u("team-leader@demo.test", "Tomos Ashworth", fitness.RoleTeamLeader),
		u("registrar@demo.test", "Ngozi Hartfield", fitness.RoleRegistrar),
		u("hearings@demo.test", "Fraser Dunmore", fitness.RoleHearingsOfficer),
		u("panel@demo.test", "Inês Whitcombe", fitness.RolePanelMember),
		u("panel-lay@demo.test", "Rhiannon Feltwell", fitness.RolePanelMember),
		u("panel-registrant@demo.test", "Kwabena Thistlewood", fitness.RolePanelMember),
		u("admin@demo.test", "Björn Calloway", fitness.RoleAdmin),
		u("case-manager-2@demo.test", "Priya Oakridge", fitness.RoleCaseManager),
		u("case-manager-3@demo.test", "Dónal Brookfield", fitness.RoleCaseManager),
		u("case-manager-4@demo.test", "Zofia Marwood", fitness.RoleCaseManager),
	}
}

// demoStats says what seeding stored.
type demoStats struct {
	Professions, Employers, Registrants, Employments, Users, Cases int
	Took                                                           time.Duration
	// InquiryStaff counts the social workers of the demo inquiry's
	// council, registrants on top of the register's.
	InquiryStaff int
}

// String describes the stats for people.
func (s demoStats) String() string {
	return fmt.Sprintf("%d professions, %d employers, %d registrants, %d employments, %d staff users and %d cases, "+
		"and an inquiry into %d social workers of a council, in %s", s.Professions, s.Employers, s.Registrants,
		s.Employments, s.Users, s.Cases, s.InquiryStaff, s.Took.Round(10*time.Millisecond))
}

// demoForServe loads the demo data into an empty database and returns the
// sign-ins to print. On a database with data it loads nothing, and returns
// the sign-ins only if the demo accounts are there (a second `make run`).
func demoForServe(ctx context.Context, a *app, logger *slog.Logger) ([]demoSignIn, error) {
	empty, err := a.db.Empty(ctx)
	if err != nil {
		return nil, err
	}
	if empty {
		stats, err := seedDemo(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("load demo data: %w", err)
		}
		logger.Info("demo data loaded", "summary", stats.String())
		return demoStaff(), nil
	}
	if _, err := a.users.FindUserByEmail(ctx, demoStaff()[0].Email); err != nil {
		logger.Warn("the database already has data and no demo accounts: demo data not loaded")
		return nil, nil
	}
	logger.Info("the database already has the demo data")
	return demoStaff(), nil
}

// seedDemo stores the whole demo data set. The caller has checked that the
// database is empty.
func seedDemo(ctx context.Context, a *app) (demoStats, error) {
	start := time.Now()
	var st demoStats
	profs, err := a.registrants.Professions(ctx)
	if err != nil {
		return st, err
	}
	st.Professions = len(profs)
	g := synth.New(demoSeed)
	reg := newDemoRegister(g, profs, a.now())
	if err := a.registrants.InsertEmployers(ctx, reg.employers); err != nil {
		return st, fmt.Errorf("employers: %w", err)
	}
	if err := a.registrants.InsertRegistrants(ctx, reg.registrants); err != nil {
		return st, fmt.Errorf("registrants: %w", err)
	}
	jobs := reg.resolveEmployments()
	if err := a.registrants.InsertEmployments(ctx, jobs); err != nil {
		return st, fmt.Errorf("employments: %w", err)
	}
	st.Employers, st.Registrants, st.Employments = len(reg.employers), len(reg.registrants), len(jobs)
	if err := seedDemoServiceAddresses(ctx, a, reg); err != nil {
		return st, err
	}
	users, err := seedDemoStaff(ctx, a)
	if err != nil {
		return st, err
	}
	st.Users = len(users)
	if err := seedDemoPanel(ctx, a, users); err != nil {
		return st, err
	}
	n, err := seedDemoCases(ctx, a, users, reg)
	if err != nil {
		return st, fmt.Errorf("cases: %w", err)
	}
	st.Cases = n
	if st.InquiryStaff, err = seedDemoInquiry(ctx, a, users, reg); err != nil {
		return st, fmt.Errorf("inquiry: %w", err)
	}
	if err := seedDemoReferrals(ctx, a, users, reg); err != nil {
		return st, err
	}
	st.Took = time.Since(start)
	return st, nil
}

// seedDemoStaff creates the demo staff with the demo password. Their
// password hashes use light argon2id settings (the password is public
// anyway) so that seeding stays quick; sign-in reads the settings from
// each hash.
func seedDemoStaff(ctx context.Context, a *app) (map[string]fitness.User, error) {
	light := sqldb.NewUserService(a.db, a.now, sqldb.WithArgonParams(19*1024, 2, 1))
	users := map[string]fitness.User{}
	for _, s := range demoStaff() {
		u, err := light.CreateUser(ctx, fitness.User{Email: s.Email, Name: s.Name, Roles: []fitness.Role{s.role}}, demoPassword)
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", s.Email, err)
		}
		users[s.Email] = u
	}
	return users, nil
}

// demoEmployers returns the invented employers: councils, NHS trusts,
// private providers and charities in invented places.
func demoEmployers() []fitness.Employer {
	e := func(name, kind, town string) fitness.Employer {
		return fitness.Employer{Name: name, Kind: kind, Town: town}
	}
	return []fitness.Employer{
		e("Northmoor Borough Council", "council", "Northmoor"),
		e("Caldermere County Council", "council", "Caldermere"),
		e("Ashcombe Vale District Council", "council", "Ashcombe"),
		e("Redbrook City Council", "council", "Redbrook"),
		e("Hollinsford Metropolitan Borough Council", "council", "Hollinsford"),
		e("Westmarsh Borough Council", "council", "Westmarsh"),
		e("Oakhaven County Council", "council", "Oakhaven"),
		e("Brackenridge District Council", "council", "Brackenridge"),
		e("Fenwick Cross Borough Council", "council", "Fenwick Cross"),
		e("Kestrel Bay Council", "council", "Kestrel Bay"),
		e("Northmoor Hospitals NHS Trust", "nhs-trust", "Northmoor"),
		e("Caldermere and Redbrook NHS Foundation Trust", "nhs-trust", "Caldermere"),
		e("Ashcombe Vale Community Health NHS Trust", "nhs-trust", "Ashcombe"),
		e("Hollinsford Teaching Hospitals NHS Foundation Trust", "nhs-trust", "Hollinsford"),
		e("Westmarsh Mental Health NHS Trust", "nhs-trust", "Westmarsh"),
		e("Oakhaven and Lowmere Ambulance Service NHS Trust", "nhs-trust", "Oakhaven"),
		e("Brackenridge General Hospital NHS Trust", "nhs-trust", "Brackenridge"),
		e("Kestrel Bay Children's Hospital NHS Foundation Trust", "nhs-trust", "Kestrel Bay"),
		e("Fenwick Cross Partnership NHS Trust", "nhs-trust", "Fenwick Cross"),
		e("Lowmere Valley Ambulance Service NHS Trust", "nhs-trust", "Lowmere"),
		e("Quillbrook Care Homes Ltd", "private", "Redbrook"),
		e("Hearwell Audiology Ltd", "private", "Caldermere"),
		e("Stridewell Podiatry Clinics Ltd", "private", "Hollinsford"),
		e("Glassmere Imaging Services Ltd", "private", "Northmoor"),
		e("Meadowlark Therapy Partners LLP", "private", "Ashcombe"),
		e("Harbourside Physiotherapy Ltd", "private", "Kestrel Bay"),
		e("Oakleaf Dietetics Ltd", "private", "Oakhaven"),
		e("Kingsmere Diagnostics Ltd", "private", "Westmarsh"),
		e("Swiftcare Agency Staffing Ltd", "private", "Brackenridge"),
		e("Thistledown Psychology Practice", "private", "Fenwick Cross"),
		e("Lanternfield Private Hospital Ltd", "private", "Lowmere"),
		e("Caldermere Family Support", "charity", "Caldermere"),
		e("Redbrook Carers' Network", "charity", "Redbrook"),
		e("Hollinsford Youth Trust", "charity", "Hollinsford"),
		e("Northmoor Children's Charity", "charity", "Northmoor"),
	}
}

// professionWeights is the demo mix of professions, roughly the shape of
// the HCPC register (per thousand registrants).
var professionWeights = map[string]int{
	"physiotherapist": 170, "occupational-therapist": 120, "radiographer": 110, "paramedic": 100,
	"biomedical-scientist": 75, "practitioner-psychologist": 75, "speech-and-language-therapist": 55,
	"operating-department-practitioner": 45, "chiropodist-podiatrist": 40, "dietitian": 32,
	"social-worker": 30, "clinical-scientist": 22, "arts-therapist": 15, "hearing-aid-dispenser": 9,
	"orthoptist": 5, "prosthetist-orthotist": 4,
}

// statusWeights is the demo mix of statuses (per thousand) for professions
// still regulated; social workers in England left the register in 2019.
var statusWeights = []struct {
	status fitness.RegistrantStatus
	weight int
}{
	{fitness.StatusRegistered, 930}, {fitness.StatusLapsed, 35}, {fitness.StatusVoluntarilyRemoved, 15},
	{fitness.StatusSuspended, 10}, {fitness.StatusStruckOff, 7}, {fitness.StatusDeceased, 3},
}

// pickWeighted returns an index into weights chosen in proportion.
func pickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
