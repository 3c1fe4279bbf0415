package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// The fixed demo registrants, always present with these names, numbers and
// employers, for the guided demo and the browser test: search the register
// for "Okafro" (a typo) to find Siobhán Okafor; Gwion Prosser and Adaeze
// Hartwell both work for Northmoor Borough Council, and one concern is
// about the two of them.
const (
	demoSearchGiven    = "Siobhán"
	demoSearchFamily   = "Okafor"
	demoSearchNumber   = "OT900142"
	demoCouncil        = "Northmoor Borough Council"
	demoCouncilNumberA = "OT900217"
	demoCouncilNumberB = "PYL900388"
)

// demoJob is an employment before the ids of its registrant and employer
// are known: indexes into the register's slices.
type demoJob struct {
	registrant, employer int
	role                 string
	from, to             time.Time
}

// demoRegister is the generated register: employers, registrants and
// their jobs.
type demoRegister struct {
	employers   []fitness.Employer
	registrants []fitness.Registrant
	jobs        []demoJob
	fixed       map[string]int // registration number → index of a fixed registrant
}

// newDemoRegister generates the register deterministically from g.
func newDemoRegister(g *synth.Generator, profs []fitness.Profession, now time.Time) *demoRegister {
	today := date(now.Year(), now.Month(), now.Day())
	d := &demoRegister{employers: demoEmployers(), fixed: map[string]int{}}
	byCode := map[string]fitness.Profession{}
	for _, p := range profs {
		byCode[p.Code] = p
	}
	council := d.employerIndex(demoCouncil)
	d.addFixed(byCode["occupational-therapist"], demoSearchGiven, demoSearchFamily, demoSearchNumber, "Northmoor", council, today)
	d.addFixed(byCode["occupational-therapist"], "Gwion", "Prosser", demoCouncilNumberA, "Northmoor", council, today)
	d.addFixed(byCode["practitioner-psychologist"], "Adaeze", "Hartwell", demoCouncilNumberB, "Ashcombe", council, today)

	codes, weights := professionMix(profs)
	used := map[string]bool{demoSearchNumber: true, demoCouncilNumberA: true, demoCouncilNumberB: true}
	r := g.Rand()
	for len(d.registrants) < demoRegistrants {
		p := byCode[codes[pickWeighted(r, weights)]]
		reg := fitness.Registrant{
			Number:         uniqueNumber(r, p.Prefix, used),
			ProfessionCode: p.Code,
			GivenNames:     g.GivenNames(),
			FamilyName:     g.FamilyName(),
			Town:           g.Town(),
		}
		reg.Status, reg.RegisteredSince = demoStatus(r, p.Code, today)
		d.registrants = append(d.registrants, reg)
		d.addJobs(r, len(d.registrants)-1, p, today)
	}
	return d
}

// professionMix returns the profession codes in a fixed order with their
// weights.
func professionMix(profs []fitness.Profession) ([]string, []int) {
	var codes []string
	for _, p := range profs {
		if professionWeights[p.Code] > 0 {
			codes = append(codes, p.Code)
		}
	}
	sort.Strings(codes)
	weights := make([]int, len(codes))
	for i, c := range codes {
		weights[i] = professionWeights[c]
	}
	return codes, weights
}

// employerIndex returns the index of the employer called name.
func (d *demoRegister) employerIndex(name string) int {
	for i, e := range d.employers {
		if e.Name == name {
			return i
		}
	}
	panic("demo employer " + name + " missing") // a programming error in the fixed list
}

// addFixed adds a registered registrant who has worked at employer for
// three years, after an earlier job elsewhere.
func (d *demoRegister) addFixed(p fitness.Profession, given, family, number, town string, employer int, today time.Time) {
	d.fixed[number] = len(d.registrants)
	d.registrants = append(d.registrants, fitness.Registrant{
		Number: number, ProfessionCode: p.Code, GivenNames: given, FamilyName: family,
		Status: fitness.StatusRegistered, RegisteredSince: date(today.Year()-9, 9, 1), Town: town,
	})
	i := len(d.registrants) - 1
	role := strings.ToLower(p.Name[:1]) + p.Name[1:]
	d.jobs = append(d.jobs,
		demoJob{registrant: i, employer: (employer + 11) % len(d.employers), role: role,
			from: date(today.Year()-9, 10, 1), to: date(today.Year()-3, 3, 31)},
		demoJob{registrant: i, employer: employer, role: "Senior " + role, from: date(today.Year()-3, 4, 1)},
	)
}

// date returns midnight UTC of a calendar date.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// uniqueNumber returns a registration number with prefix not yet used.
func uniqueNumber(r *rand.Rand, prefix string, used map[string]bool) string {
	for {
		n := fmt.Sprintf("%s%05d", prefix, 10000+r.IntN(89000))
		if !used[n] {
			used[n] = true
			return n
		}
	}
}

// demoStatus picks a status and a registered-since date: most registrants
// joined in the last fifteen years; social workers in England left the
// register in December 2019 and are shown as lapsed.
func demoStatus(r *rand.Rand, code string, today time.Time) (fitness.RegistrantStatus, time.Time) {
	years := r.IntN(15)
	if r.IntN(4) == 0 {
		years = 15 + r.IntN(25)
	}
	since := today.AddDate(-years, 0, -r.IntN(365))
	since = date(since.Year(), since.Month(), since.Day())
	if code == "social-worker" {
		if since.Year() > 2018 {
			since = since.AddDate(2018-since.Year(), 0, 0)
		}
		return fitness.StatusLapsed, since
	}
	weights := make([]int, len(statusWeights))
	for i, s := range statusWeights {
		weights[i] = s.weight
	}
	return statusWeights[pickWeighted(r, weights)].status, since
}

// employerKinds says where each profession mostly works.
func employerKinds(code string) []string {
	switch code {
	case "social-worker", "occupational-therapist":
		return []string{"council", "council", "nhs-trust", "charity"}
	case "paramedic":
		return []string{"nhs-trust", "nhs-trust", "private"}
	case "hearing-aid-dispenser", "chiropodist-podiatrist", "dietitian", "arts-therapist":
		return []string{"private", "private", "nhs-trust", "charity"}
	case "practitioner-psychologist":
		return []string{"nhs-trust", "private", "council"}
	}
	return []string{"nhs-trust", "nhs-trust", "private"}
}

// addJobs gives registrant i one to four jobs, one after another from
// about the date of registration; the last is current for those still
// registered.
func (d *demoRegister) addJobs(r *rand.Rand, i int, p fitness.Profession, today time.Time) {
	reg := d.registrants[i]
	kinds := employerKinds(p.Code)
	role := strings.ToLower(p.Name[:1]) + p.Name[1:]
	levels := []string{"", "", "Senior ", "Specialist ", "Lead ", "Locum "}
	n := 1 + r.IntN(4)
	from := reg.RegisteredSince.AddDate(0, r.IntN(6), 0)
	if !from.Before(today) {
		from = reg.RegisteredSince
	}
	span := int(max(today.Sub(from).Hours()/24, 60))
	for j := 0; j < n && (j == 0 || from.Before(today)); j++ {
		job := demoJob{registrant: i, employer: d.employerOfKind(r, kinds[r.IntN(len(kinds))]),
			role: strings.TrimSpace(levels[r.IntN(len(levels))] + role), from: from}
		if j < n-1 || reg.Status != fitness.StatusRegistered {
			to := from.AddDate(0, 0, 30+r.IntN(span/n+1))
			if !to.Before(today) {
				to = today.AddDate(0, 0, -1)
			}
			if to.Before(from) {
				to = from
			}
			job.to = to
			from = to.AddDate(0, 0, 1+r.IntN(60))
		}
		d.jobs = append(d.jobs, job)
		if job.to.IsZero() {
			break
		}
	}
}

// employerOfKind picks an employer of the kind, or any employer.
func (d *demoRegister) employerOfKind(r *rand.Rand, kind string) int {
	var of []int
	for i, e := range d.employers {
		if e.Kind == kind {
			of = append(of, i)
		}
	}
	if len(of) == 0 {
		return r.IntN(len(d.employers))
	}
	return of[r.IntN(len(of))]
}

// resolveEmployments returns the jobs as employments, once registrants and
// employers have their ids.
func (d *demoRegister) resolveEmployments() []fitness.Employment {
	out := make([]fitness.Employment, 0, len(d.jobs))
	for _, j := range d.jobs {
		out = append(out, fitness.Employment{
			RegistrantID: d.registrants[j.registrant].ID,
			EmployerID:   d.employers[j.employer].ID,
			EmployerName: d.employers[j.employer].Name,
			Role:         j.role, From: j.from, To: j.to,
		})
	}
	return out
}
