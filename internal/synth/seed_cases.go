package synth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Sizes of the work of case generation.
const (
	concernChunk = 250   // concerns one goroutine makes at a time
	casesPerTx   = 5_000 // cases handed to the sink at once (one transaction)
)

// caseGen makes the concerns and case histories of a data set.
type caseGen struct {
	p          *fitness.Process
	rules      fitness.Rules
	o          SeedOptions
	staff      *Staff
	reg        *registerIndex
	start, end time.Time
	subjects   []uint8     // subjects of each concern: 1, or 2 for linked cases
	days       []time.Time // the working days of the data set
	largest    int         // index of the largest case's concern; -1 for none
}

// concernResult is one concern with its cases, or the error that stopped
// its making.
type concernResult struct {
	concern   fitness.Concern
	histories []History
	largest   bool
	docs      []fitness.Document
	contents  [][]byte
}

type chunkResult struct {
	concerns []concernResult
	err      error
}

// plan decides how many subjects each concern has (3 % are about two
// people, so their cases are linked) to make exactly Scale.Cases cases, the
// working days concerns arrive on, and which concern is the largest case.
func (g *caseGen) plan() {
	r := stream(g.o.Seed, streamPlan, 0)
	for n := 0; n < g.o.Scale.Cases; {
		k := uint8(1)
		if n+2 <= g.o.Scale.Cases && r.IntN(100) < 3 {
			k = 2
		}
		g.subjects, n = append(g.subjects, k), n+int(k)
	}
	for d := g.start; !d.After(g.end); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			g.days = append(g.days, day(d))
		}
	}
	g.largest = -1
	if g.o.Scale.LargestEvents > 0 {
		back := min(5, float64(g.o.Scale.Years)/2) // opened this many years before the end
		g.largest = int(float64(len(g.subjects)) * (1 - back/float64(g.o.Scale.Years)))
		g.subjects[g.largest] = 1
	}
}

// opened returns when concern k was recorded: concerns are spread evenly
// over the working days, between 09:00 and 17:00.
func (g *caseGen) opened(k int) time.Time {
	x := int64(k) * int64(len(g.days))
	n := int64(len(g.subjects))
	frac := float64(x%n) / float64(n)
	return g.days[x/n].Add(9*time.Hour + time.Duration(frac*8*float64(time.Hour))).Truncate(time.Second)
}

// seed makes every concern, in parallel, and hands them to the sink in
// order, in transactions of about casesPerTx cases.
func (g *caseGen) seed(ctx context.Context, sink Sink, st *SeedStats) error {
	g.plan()
	g.o.Progress("cases", 0, g.o.Scale.Cases)
	w := &caseWriter{sink: sink, st: st, refs: map[int]int{}, changes: map[string]*fitness.Registrant{}, o: g.o}
	err := g.generate(ctx, func(c chunkResult) error {
		for _, cr := range c.concerns {
			if err := w.add(ctx, cr); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.flush(ctx)
	}
	if err == nil {
		err = w.finish(ctx)
	}
	return err
}

// generate runs the chunks of concerns on o.Workers goroutines and passes
// their results to emit in order.
func (g *caseGen) generate(ctx context.Context, emit func(chunkResult) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	nChunks := (len(g.subjects) + concernChunk - 1) / concernChunk
	pending := make(chan chan chunkResult, 2*g.o.Workers)
	go func() {
		defer close(pending)
		sem := make(chan struct{}, g.o.Workers)
		for j := 0; j < nChunks; j++ {
			ch := make(chan chunkResult, 1)
			select {
			case pending <- ch:
			case <-ctx.Done():
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func(j int) {
				defer func() { <-sem }()
				ch <- g.chunk(j)
			}(j)
		}
	}()
	for ch := range pending {
		res := <-ch
		if res.err == nil {
			res.err = emit(res)
		}
		if res.err != nil {
			return res.err
		}
	}
	return ctx.Err()
}

// chunk makes the concerns of chunk j.
func (g *caseGen) chunk(j int) chunkResult {
	var out chunkResult
	for k := j * concernChunk; k < min((j+1)*concernChunk, len(g.subjects)); k++ {
		cr, err := g.concern(k)
		if err != nil {
			return chunkResult{err: fmt.Errorf("synthetic concern %d (seed %d): %w", k, g.o.Seed, err)}
		}
		out.concerns = append(out.concerns, cr)
	}
	return out
}

// concern makes concern k and runs its cases.
func (g *caseGen) concern(k int) (concernResult, error) {
	r := stream(g.o.Seed, streamConcern, uint64(k))
	opened := g.opened(k)
	opener := g.staff.pick(r, []fitness.Role{fitness.RoleTeamLeader, fitness.RoleCaseManager}[r.IntN(2)])
	source := pickSource(r)
	co := fitness.Concern{ID: newID(r, opened), ReceivedOn: day(opened).AddDate(0, 0, -r.IntN(4)), Source: source,
		Summary: oneOf(r, concernSummaries[source]), CreatedAt: opened, CreatedBy: opener.UserID}
	if source != fitness.SourceAnonymous && source != fitness.SourceOwnMotion {
		gen := &Generator{r: r}
		co.RaisedByName = gen.GivenNames() + " " + gen.FamilyName()
		co.RaisedByEmail = fmt.Sprintf("raiser%d@example.org", k)
	}
	cr := concernResult{concern: co}
	for i := 0; i < int(g.subjects[k]); i++ {
		h, err := g.history(r, k, co, opener, opened)
		if err != nil {
			return cr, err
		}
		cr.histories = append(cr.histories, h)
	}
	if len(cr.histories) == 2 {
		a, b := &cr.histories[0].Case, &cr.histories[1].Case
		a.Linked, b.Linked = []string{b.ID}, []string{a.ID}
	}
	if k == g.largest {
		cr.largest = true
		cr.docs, cr.contents = g.documents(cr.histories[0])
	}
	return cr, nil
}

// history makes one case of concern k: about a registrant, or now and
// then (2 %) about someone not found on the register, who is identified
// later or whose case is closed at triage.
func (g *caseGen) history(r *rand.Rand, k int, co fitness.Concern, opener fitness.Actor, opened time.Time) (History, error) {
	subject := fitness.ConcernSubject{RegistrantID: g.reg.pick(r)}
	pl := newPlan(r, co.Source)
	if r.IntN(100) < 2 {
		gen := &Generator{r: r}
		subject = fitness.ConcernSubject{Name: gen.GivenNames() + " " + gen.FamilyName(), Details: "Registration number not known"}
		if r.IntN(2) == 0 {
			pl.identify = g.reg.pick(r)
		} else {
			pl.route = routeTriageClose
		}
	}
	s := newCaseSim(g.p, g.rules, r, g.staff, co, subject, opener, opened, g.end)
	if k == g.largest {
		// Notes come often enough to reach the most events in half the
		// working days left: a working day has 8 office hours and a note
		// due overnight is taken first thing.
		left := float64(len(g.days)) * float64(len(g.subjects)-k) / float64(len(g.subjects))
		s.max, s.pace, s.noteFix = g.o.Scale.LargestEvents, 3, 8.0/24*left/float64(2*g.o.Scale.LargestEvents)
		pl.route, pl.outcome, pl.interim, pl.requests = routeHearing, outSuspension, true, 4
		if pl.ground == "lack_of_competence" || pl.ground == "health" {
			pl.outcome = outConditions
		}
		s.run(pl)
		return s.history()
	}
	s.run(pl)
	return s.history()
}

// documents makes the largest case's documents, uploaded over its life by
// its case manager.
func (g *caseGen) documents(h History) ([]fitness.Document, [][]byte) {
	r := stream(g.o.Seed, streamDocuments, 0)
	n := g.o.Scale.LargestDocuments
	first, last := h.Case.OpenedAt, h.Events[len(h.Events)-1].At
	docs, contents := make([]fitness.Document, n), make([][]byte, n)
	for i := range docs {
		at := first.Add(time.Duration(float64(last.Sub(first)) * float64(i) / float64(n))).Truncate(time.Second)
		body := fmt.Sprintf("%%PDF-1.4\n%% Synthetic document %d of case %s\n%s\n%%%%EOF\n", i+1, h.Case.ID,
			strings.Repeat(oneOf(r, noteTexts)+"\n", 4+r.IntN(40)))
		class := []fitness.Classification{fitness.ClassOfficial, fitness.ClassOfficialSensitive, fitness.ClassPublic}[weighted(r, 70, 20, 10)]
		docs[i] = fitness.Document{ID: newID(r, at), CaseID: h.Case.ID, Filename: fmt.Sprintf("evidence-%04d.pdf", i+1),
			ContentType: "application/pdf", Size: int64(len(body)), Classification: class, UploadedAt: at,
			UploadedBy: h.Case.CaseManagerID}
		contents[i] = []byte(body)
		sum := sha256.Sum256(contents[i])
		docs[i].SHA256 = hex.EncodeToString(sum[:])
	}
	return docs, contents
}
