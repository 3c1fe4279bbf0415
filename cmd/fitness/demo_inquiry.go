package main

import (
	"context"
	"fmt"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// The demo inquiry: an own-motion inquiry into the children's services of
// an invented council, Ravensholme, after an invented published review.
// Its social workers, all fictional, worked there at various times between
// 1990 and 2020; some have moved on, some are struck off or lapsed.
const (
	demoInquiryCouncil = "Ravensholme Metropolitan Borough Council"
	demoInquiryTitle   = "Ravensholme children's services, 1997 to 2013"
	demoInquiryStaff   = 80
	demoInquirySeed    = demoSeed + 22
)

// demoInquiryRoles are the roles of the council's social work staff.
var demoInquiryRoles = []string{"Social worker", "Senior social worker", "Team manager", "Social work assistant"}

// inquiryJob is a job of one of the council's social workers, by index.
type inquiryJob struct {
	person    int
	elsewhere bool // at the other employer, after leaving the council
	role      string
	from, to  time.Time
}

// seedDemoInquiry adds the council and its social workers to the register
// and opens the inquiry, its team the demo team leader and case manager,
// with its scope run once. It returns how many registrants it added.
func seedDemoInquiry(ctx context.Context, a *app, users map[string]fitness.User, reg *demoRegister) (int, error) {
	council := []fitness.Employer{{Name: demoInquiryCouncil, Kind: "council", Town: "Ravensholme"}}
	if err := a.registrants.InsertEmployers(ctx, council); err != nil {
		return 0, fmt.Errorf("inquiry council: %w", err)
	}
	people, jobs := demoInquiryPeople(synth.New(demoInquirySeed))
	if err := a.registrants.InsertRegistrants(ctx, people); err != nil {
		return 0, fmt.Errorf("inquiry social workers: %w", err)
	}
	elsewhere := reg.employers[reg.employerIndex("Caldermere County Council")].ID
	var es []fitness.Employment
	for _, j := range jobs {
		e := fitness.Employment{RegistrantID: people[j.person].ID, EmployerID: council[0].ID, Role: j.role, From: j.from, To: j.to}
		if j.elsewhere {
			e.EmployerID = elsewhere
		}
		es = append(es, e)
	}
	if err := a.registrants.InsertEmployments(ctx, es); err != nil {
		return 0, fmt.Errorf("inquiry employments: %w", err)
	}
	return len(people), openDemoInquiry(ctx, a, users, council[0].ID)
}

// openDemoInquiry opens the inquiry as the team leader and runs its scope.
func openDemoInquiry(ctx context.Context, a *app, users map[string]fitness.User, councilID string) error {
	leader := users["team-leader@demo.test"].Actor()
	inq, err := a.inquiries.CreateInquiry(ctx, leader, fitness.InquiryInput{
		Title:           demoInquiryTitle,
		SourceTitle:     "Independent review of child protection in Ravensholme, 1997 to 2013",
		SourcePublisher: "Ravensholme Safeguarding Review Panel",
		SourcePublished: date(2014, time.August, 26),
		SourceLink:      "https://www.example.org/ravensholme-review",
		SourceSummary: "The review found that concerns about children at risk were not acted on over many years, " +
			"and that records of supervision and case decisions were poor.",
		EmployerIDs: []string{councilID},
		From:        date(1997, time.January, 1), To: date(2013, time.December, 31),
		TeamUserIDs: []string{users[cm1].ID},
	})
	if err != nil {
		return fmt.Errorf("demo inquiry: %w", err)
	}
	if _, err := a.inquiries.RunScope(ctx, leader, inq.ID); err != nil {
		return fmt.Errorf("demo inquiry scope: %w", err)
	}
	return nil
}

// demoInquiryPeople generates the council's social workers and their
// jobs: first the boundary cases of the inquiry's period, then people who
// worked there at random times between 1990 and 2020.
func demoInquiryPeople(g *synth.Generator) ([]fitness.Registrant, []inquiryJob) {
	r := g.Rand()
	var people []fitness.Registrant
	var jobs []inquiryJob
	add := func(status fitness.RegistrantStatus, role string, from, to time.Time, movedOn bool) {
		i := len(people)
		people = append(people, fitness.Registrant{Number: fmt.Sprintf("SW99%04d", i+1), ProfessionCode: "social-worker",
			GivenNames: g.GivenNames(), FamilyName: g.FamilyName(), Status: status,
			RegisteredSince: date(min(from.Year(), 2012), time.August, 1), Town: "Ravensholme"})
		jobs = append(jobs, inquiryJob{person: i, role: role, from: from, to: to})
		if movedOn {
			jobs = append(jobs, inquiryJob{person: i, elsewhere: true, role: "Senior social worker", from: to.AddDate(0, 0, 1)})
		}
	}
	add(fitness.StatusRegistered, "Social worker", date(1990, time.May, 1), date(1996, time.December, 31), true)
	add(fitness.StatusRegistered, "Social worker", date(2013, time.December, 31), time.Time{}, false)
	add(fitness.StatusRegistered, "Team manager", date(1994, time.March, 1), time.Time{}, false)
	add(fitness.StatusRegistered, "Senior social worker", date(1999, time.June, 1), date(2008, time.April, 30), true)
	add(fitness.StatusStruckOff, "Social worker", date(2001, time.September, 3), date(2010, time.July, 31), false)
	add(fitness.StatusLapsed, "Social work assistant", date(2005, time.January, 10), date(2011, time.March, 31), false)
	add(fitness.StatusRegistered, "Social worker", date(2014, time.January, 6), time.Time{}, false)
	for len(people) < demoInquiryStaff {
		from := date(1990+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		var to time.Time
		if years := 1 + r.IntN(12); from.AddDate(years, 0, 0).Before(date(2020, time.December, 31)) && r.IntN(5) > 0 {
			to = from.AddDate(years, r.IntN(12), 0)
		}
		status := fitness.StatusRegistered
		if r.IntN(6) == 0 {
			status = fitness.StatusLapsed
		}
		add(status, demoInquiryRoles[r.IntN(len(demoInquiryRoles))], from, to, !to.IsZero() && r.IntN(3) == 0)
	}
	return people, jobs
}
