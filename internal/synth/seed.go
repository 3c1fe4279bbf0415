package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"fitness/internal/fitness"
)

// Sink stores a synthetic data set; storage implements it with bulk
// writes. Every method gets rows whose ids are already set.
type Sink interface {
	// Users stores staff users, each with a hash of password.
	Users(ctx context.Context, users []fitness.User, password string) error
	Employers(ctx context.Context, es []fitness.Employer) error
	Registrants(ctx context.Context, rs []fitness.Registrant) error
	Employments(ctx context.Context, es []fitness.Employment) error
	// Cases stores concerns, their cases (with the links in Case.Linked)
	// and each case's events, in order, as the next links of its hash
	// chain, and keeps the reference counters past every reference given.
	Cases(ctx context.Context, concerns []fitness.Concern, cases []fitness.Case, events [][]fitness.Event) error
	// Documents stores documents of cases with their contents.
	Documents(ctx context.Context, docs []fitness.Document, contents [][]byte) error
	// SetRegisterEntries sets the status and annotations of the
	// registrants with these ids (the other fields are not used).
	SetRegisterEntries(ctx context.Context, rs []fitness.Registrant) error
}

// SeedOptions says what [Seed] makes.
type SeedOptions struct {
	Scale    Scale
	Seed     int64
	Until    time.Time // the data set's last day: cases run up to its end of office hours
	Password string    // of every staff user
	Workers  int       // goroutines making case histories; 0 for GOMAXPROCS
	// Progress, when set, is called as work is done: step names the part
	// ("staff", "register", "cases", "documents", "register changes").
	Progress func(step string, done, total int)
}

// SeedStats says what [Seed] stored.
type SeedStats struct {
	Users, Employers, Registrants, Employments int
	Concerns, Cases, Events, Documents         int
	RegisterChanges                            int
	Open                                       int    // cases still open at the end
	Largest                                    string // reference of the largest case; "" for none
	LargestEvents                              int
}

// String describes the stats for people.
func (st SeedStats) String() string {
	return fmt.Sprintf("%d staff, %d employers, %d registrants, %d employments, %d concerns, %d cases (%d open), %d events, %d documents, %d register changes; largest case %s with %d events",
		st.Users, st.Employers, st.Registrants, st.Employments, st.Concerns, st.Cases, st.Open, st.Events,
		st.Documents, st.RegisterChanges, st.Largest, st.LargestEvents)
}

// Seed makes the data set o describes, deterministic for o.Seed and
// o.Until, and stores it through sink: staff, employers, the register
// with employments, then cases whose histories are made by applying
// process p's actions under rules r (see [History]), the largest case's
// documents, and finally the register entries the cases changed.
func Seed(ctx context.Context, sink Sink, p *fitness.Process, r fitness.Rules, o SeedOptions) (SeedStats, error) {
	if o.Progress == nil {
		o.Progress = func(string, int, int) {}
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	var st SeedStats
	end := day(o.Until).Add(17 * time.Hour)
	start := day(o.Until).AddDate(-o.Scale.Years, 0, 0)
	staff := NewStaff(o.Seed, o.Scale.Staff, start.AddDate(0, -6, 0))
	o.Progress("staff", 0, len(staff.Users))
	if err := sink.Users(ctx, staff.Users, o.Password); err != nil {
		return st, fmt.Errorf("staff: %w", err)
	}
	o.Progress("staff", len(staff.Users), len(staff.Users))
	st.Users = len(staff.Users)
	reg, err := seedRegister(ctx, sink, o, end, &st)
	if err != nil {
		return st, err
	}
	g := &caseGen{p: p, rules: r, o: o, staff: staff, reg: reg, start: start, end: end}
	if err := g.seed(ctx, sink, &st); err != nil {
		return st, err
	}
	return st, nil
}

// registerIndex is what case generation needs of the register: who can
// be the subject of a concern. Social workers are about half of all
// concerns though a quarter of the register (ftp-process.md §6.5).
type registerIndex struct {
	socialWorkers []string // ids of registered social workers
	others        []string // ids of other registered registrants
}

// pick returns the id of a registrant to raise a concern about.
func (x *registerIndex) pick(r *rand.Rand) string {
	list := x.others
	if len(x.socialWorkers) > 0 && (r.Float64() < 0.5 || len(list) == 0) {
		list = x.socialWorkers
	}
	return list[int(r.Float64()*float64(len(list)))]
}

// registerChunk is how many registrants are stored at a time.
const registerChunk = 100_000

// imported returns when the register was imported: the ids of registrants
// and their employments follow one another from then, a millisecond apart,
// as ids made during an import would, so that they are stored in the
// order of their indexes.
func imported(o SeedOptions, end time.Time) time.Time {
	return day(end).AddDate(-o.Scale.Years, 0, -1).Add(20 * time.Hour)
}

// seedRegister stores the employers, then the register in chunks, each
// followed by its registrants' employments.
func seedRegister(ctx context.Context, sink Sink, o SeedOptions, end time.Time, st *SeedStats) (*registerIndex, error) {
	employers := makeEmployers(o.Seed, o.Scale.Employers, end.AddDate(-o.Scale.Years-10, 0, 0))
	if err := sink.Employers(ctx, employers); err != nil {
		return nil, fmt.Errorf("employers: %w", err)
	}
	st.Employers = len(employers)
	profs := fitness.HCPCProfessions()
	gen := NewRegister(o.Seed, profs)
	ids := stream(o.Seed, streamRegister, 0)
	imported := imported(o, end)
	x := &registerIndex{}
	o.Progress("register", 0, o.Scale.Registrants)
	for done := 0; done < o.Scale.Registrants; {
		n := min(registerChunk, o.Scale.Registrants-done)
		rs := make([]fitness.Registrant, n)
		for i := range rs {
			rs[i] = gen.Registrant()
			rs[i].ID = newID(ids, imported.Add(time.Duration(done+i)*time.Millisecond))
			x.add(rs[i])
		}
		if err := sink.Registrants(ctx, rs); err != nil {
			return nil, fmt.Errorf("registrants: %w", err)
		}
		jobs := makeEmployments(o.Seed, done, rs, employers, profs, imported, end)
		if err := sink.Employments(ctx, jobs); err != nil {
			return nil, fmt.Errorf("employments: %w", err)
		}
		done += n
		st.Registrants, st.Employments = done, st.Employments+len(jobs)
		o.Progress("register", done, o.Scale.Registrants)
	}
	return x, nil
}

func (x *registerIndex) add(r fitness.Registrant) {
	if r.Status != fitness.StatusRegistered {
		return
	}
	if r.ProfessionCode == "social-worker" {
		x.socialWorkers = append(x.socialWorkers, r.ID)
	} else {
		x.others = append(x.others, r.ID)
	}
}

// makeEmployers returns n fictional employers.
func makeEmployers(seed int64, n int, created time.Time) []fitness.Employer {
	r := stream(seed, streamEmployment, math.MaxUint32)
	g := &Generator{r: r}
	out := make([]fitness.Employer, n)
	for i := range out {
		name, kind, town := g.Employer()
		out[i] = fitness.Employer{ID: newID(r, created), Name: name, Kind: kind, Town: town}
	}
	return out
}

// makeEmployments returns one or two jobs for each registrant of chunk:
// a current or past one, and sometimes an earlier one. A few large
// employers employ many people (employer i is chosen with weight falling
// as i grows), as the big NHS trusts and councils do: the largest of 6,000
// has about 0.3 % of all jobs.
func makeEmployments(seed int64, first int, rs []fitness.Registrant, employers []fitness.Employer, profs []fitness.Profession, imported, end time.Time) []fitness.Employment {
	r := stream(seed, streamEmployment, uint64(first))
	names := map[string]string{}
	for _, p := range profs {
		names[p.Code] = p.Name
	}
	last := day(end)
	pickEmployer := func() string { return employers[int(math.Pow(r.Float64(), 1.5)*float64(len(employers)))].ID }
	var out []fitness.Employment
	for i, reg := range rs {
		made := imported.Add(time.Duration(first+i) * time.Millisecond)
		from := reg.RegisteredSince.AddDate(0, 0, r.IntN(730))
		if from.After(last) {
			from = last
		}
		job := fitness.Employment{ID: newID(r, made), RegistrantID: reg.ID, EmployerID: pickEmployer(),
			Role: names[reg.ProfessionCode], From: from}
		if r.IntN(100) < 45 {
			if to := from.AddDate(1+r.IntN(8), 0, 0); to.Before(last) {
				job.To = to
			}
		}
		out = append(out, job)
		if r.IntN(2) == 0 && from.Sub(reg.RegisteredSince) > 60*24*time.Hour {
			out = append(out, fitness.Employment{ID: newID(r, made), RegistrantID: reg.ID,
				EmployerID: pickEmployer(), Role: names[reg.ProfessionCode], From: reg.RegisteredSince,
				To: from.AddDate(0, 0, -1)})
		}
	}
	return out
}
