package jobs

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// council is a fictional council with its social workers, employed at
// different times between 1990 and 2020, some now elsewhere, some struck
// off or lapsed. Named people are the boundary cases of the scenario.
type council struct {
	employer  fitness.Employer
	elsewhere fitness.Employer
	workers   []fitness.Registrant
	jobs      []fitness.Employment // at the council and elsewhere
	named     map[string]string    // boundary case -> registrant id
}

// boundary cases of the 1997–2013 inquiry: the first six workers.
var boundaryCases = []struct {
	name     string
	from, to string
	status   fitness.RegistrantStatus
	in       bool
}{
	{"left on 1996-12-31", "1990-04-01", "1996-12-31", fitness.StatusRegistered, false},
	{"joined on 2013-12-31", "2013-12-31", "", fitness.StatusRegistered, true},
	{"still employed", "1995-01-01", "", fitness.StatusRegistered, true},
	{"now working elsewhere", "2001-01-01", "2008-06-30", fitness.StatusRegistered, true},
	{"now struck off", "1999-03-01", "2004-09-30", fitness.StatusStruckOff, true},
	{"now lapsed", "2005-01-10", "2010-02-28", fitness.StatusLapsed, true},
}

var (
	givenNames  = []string{"Alex", "Sam", "Jordan", "Casey", "Robin", "Morgan", "Taylor", "Jamie", "Avery", "Rowan"}
	familyNames = []string{"Ashdown", "Brackley", "Carrow", "Dunmere", "Elstow", "Fenwick", "Garside", "Holloway",
		"Ibbotson", "Jessop", "Kettley", "Lowther", "Marwood", "Nettleford", "Oakhurst", "Pennock"}
	councilRoles = []string{"Social worker", "Senior social worker", "Team manager"}
)

func date(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// newCouncil makes n social workers, deterministically.
func newCouncil(n int) council {
	rng := rand.New(rand.NewPCG(4, 2014))
	c := council{employer: fitness.Employer{ID: sqldbID(), Name: "Northmere Borough Council", Kind: "council", Town: "Northmere"},
		elsewhere: fitness.Employer{ID: sqldbID(), Name: "Westbury Children's Trust", Kind: "private", Town: "Westbury"},
		named:     map[string]string{}}
	first, span := date("1990-01-01"), int(date("2020-12-31").Sub(date("1990-01-01")).Hours()/24)
	for i := range n {
		r := fitness.Registrant{ID: sqldbID(), Number: fmt.Sprintf("SW8%05d", i), ProfessionCode: "social-worker",
			GivenNames: givenNames[i%len(givenNames)], FamilyName: familyNames[(i/len(givenNames))%len(familyNames)] +
				fmt.Sprintf("-%03d", i), Status: fitness.StatusRegistered, Town: "Northmere"}
		job := fitness.Employment{ID: sqldbID(), RegistrantID: r.ID, EmployerID: c.employer.ID,
			Role: councilRoles[i%len(councilRoles)]}
		if i < len(boundaryCases) {
			b := boundaryCases[i]
			job.From, job.To, r.Status = date(b.from), date(b.to), b.status
			c.named[b.name] = r.ID
		} else {
			job.From = first.AddDate(0, 0, rng.IntN(span))
			if rng.IntN(10) < 6 {
				job.To = job.From.AddDate(rng.IntN(12), rng.IntN(12), 1)
			}
			r.Status = []fitness.RegistrantStatus{fitness.StatusRegistered, fitness.StatusRegistered,
				fitness.StatusRegistered, fitness.StatusStruckOff, fitness.StatusLapsed}[rng.IntN(5)]
		}
		r.RegisteredSince = job.From
		c.workers, c.jobs = append(c.workers, r), append(c.jobs, job)
		if !job.To.IsZero() && (i == 3 || (i >= len(boundaryCases) && rng.IntN(4) == 0)) {
			c.jobs = append(c.jobs, fitness.Employment{ID: sqldbID(), RegistrantID: r.ID, EmployerID: c.elsewhere.ID,
				Role: "Social worker", From: job.To.AddDate(0, 0, 1)})
		}
	}
	return c
}

// sqldbID returns a new UUIDv7, as storage makes them.
func sqldbID() string { return uuid.Must(uuid.NewV7()).String() }

// store puts the council, its workers and their jobs in db.
func (c council) store(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	regs := sqldb.NewRegistrantService(db)
	for _, err := range []error{regs.InsertEmployers(ctx, []fitness.Employer{c.employer, c.elsewhere}),
		regs.InsertRegistrants(ctx, c.workers), regs.InsertEmployments(ctx, c.jobs)} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// inScope returns the ids of the workers whose council employment
// overlaps the period, by the pure rule.
func (c council) inScope(from, to time.Time) map[string]bool {
	out := map[string]bool{}
	for _, j := range c.jobs {
		if j.EmployerID == c.employer.ID && fitness.EmploymentOverlaps(j.From, j.To, from, to) {
			out[j.RegistrantID] = true
		}
	}
	return out
}

// inquiryFixture is a jobs fixture with a council, a team leader and an
// inquiry over 1997–2013 into the council.
type inquiryFixture struct {
	*fixture
	council   council
	inquiries *sqldb.InquiryService
	leader    fitness.Actor
	inq       fitness.Inquiry
	runner    *Runner // set by startBulk
}

func newInquiryFixture(t *testing.T, e sqldb.Engine, workers int) *inquiryFixture {
	t.Helper()
	ctx := context.Background()
	f := &inquiryFixture{fixture: newFixture(t, e), council: newCouncil(workers)}
	f.council.store(t, f.db)
	users := sqldb.NewUserService(f.db, f.clock.Now, sqldb.WithArgonParams(1024, 1, 1))
	u, err := users.CreateUser(ctx, fitness.User{Email: "terry.leader@example.org", Name: "Terry Leader",
		Roles: []fitness.Role{fitness.RoleTeamLeader}}, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	f.leader = u.Actor()
	f.inquiries = sqldb.NewInquiryService(f.db, f.cases, fitness.HCPCRules(), f.clock.Now)
	f.inq, err = f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{
		Title: "Northmere children's services 1997–2013", SourceTitle: "Independent inquiry into child exploitation in Northmere",
		SourcePublisher: "Northmere Independent Review", SourcePublished: date("2014-08-26"),
		SourceLink: "https://review.example.org/northmere", EmployerIDs: []string{f.council.employer.ID},
		SourceSummary: "At least 1,200 children were exploited between 1997 and 2013; warnings were not acted on.",
		From:          date("1997-01-01"), To: date("2013-12-31"), TeamUserIDs: []string{f.manager.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// startBulk starts a job runner working the inquiries' bulk steps, pausing
// pause between people, stopped when the test ends.
func (f *inquiryFixture) startBulk(t *testing.T, pause time.Duration) *Runner {
	t.Helper()
	ctx := context.Background()
	r, err := New(Config{PostgresURL: f.postgresURL(), OutboxInterval: time.Hour, SweepInterval: time.Hour,
		BulkInterval: time.Hour, BulkPause: pause, PollInterval: 50 * time.Millisecond},
		Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now,
			Logger: f.logger, Inquiries: f.inquiries})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(context.WithoutCancel(ctx)) })
	if err := r.KickBulk(ctx); err != nil {
		t.Fatal(err)
	}
	f.runner = r
	return r
}

// waitStep waits up to two minutes for a bulk step to finish and returns
// it with its items.
func (f *inquiryFixture) waitStep(t *testing.T, stepID string) (fitness.BulkStep, []fitness.BulkItem) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		st, items, err := f.inquiries.FindBulkStep(context.Background(), f.leader, f.inq.ID, stepID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status == fitness.BulkDone {
			return st, items
		}
		if time.Now().After(deadline) {
			t.Fatalf("bulk step not done after two minutes: %d of %d", st.Done+st.Failed, st.Total)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
