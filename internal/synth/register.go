package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"fitness/internal/fitness"
)

// professionWeights are rough relative sizes of the HCPC professions, so a
// synthetic register has many social workers and few orthoptists.
var professionWeights = map[string]int{
	"SW": 100, "PH": 60, "OT": 42, "RA": 38, "PA": 33, "PYL": 26, "BS": 25, "SL": 19,
	"ODP": 15, "CH": 13, "DT": 11, "CS": 7, "AS": 5, "HAD": 3, "OR": 2, "PO": 1,
}

// Register makes fictional registrants with registration numbers unique
// across everything it makes. It is deterministic for its seed.
type Register struct {
	*Generator
	profs  []fitness.Profession
	total  int
	next   map[string]int // prefix → next number
	epoch0 time.Time
	days   int
}

// NewRegister returns a register generator over profs, seeded with seed.
func NewRegister(seed int64, profs []fitness.Profession) *Register {
	g := &Register{Generator: New(seed), profs: profs, next: map[string]int{}}
	for _, p := range profs {
		w := professionWeights[p.Prefix]
		if w == 0 {
			w = 5
		}
		g.total += w
		g.next[p.Prefix] = 1000 + g.r.IntN(9000)
	}
	g.epoch0 = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	g.days = int(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC).Sub(g.epoch0).Hours() / 24)
	return g
}

func (g *Register) profession() fitness.Profession {
	n := g.r.IntN(g.total)
	for _, p := range g.profs {
		w := professionWeights[p.Prefix]
		if w == 0 {
			w = 5
		}
		if n < w {
			return p
		}
		n -= w
	}
	return g.profs[len(g.profs)-1]
}

func (g *Register) status() fitness.RegistrantStatus {
	switch n := g.r.IntN(100); {
	case n < 88:
		return fitness.StatusRegistered
	case n < 93:
		return fitness.StatusLapsed
	case n < 96:
		return fitness.StatusVoluntarilyRemoved
	case n < 98:
		return fitness.StatusSuspended
	case n < 99:
		return fitness.StatusStruckOff
	}
	return fitness.StatusDeceased
}

// Registrant returns a new fictional registrant without an ID.
func (g *Register) Registrant() fitness.Registrant {
	p := g.profession()
	n := g.next[p.Prefix]
	g.next[p.Prefix] = n + 1 + g.r.IntN(3)
	return fitness.Registrant{
		Number:          fmt.Sprintf("%s%06d", p.Prefix, n),
		ProfessionCode:  p.Code,
		GivenNames:      g.GivenNames(),
		FamilyName:      g.FamilyName(),
		Status:          g.status(),
		RegisteredSince: g.epoch0.AddDate(0, 0, g.r.IntN(g.days)),
		Town:            g.Town(),
	}
}

// WriteSyntheticRegistrantCSV writes a registrant CSV file (the import
// format of fitness.ParseRegistrantCSV) with a header and n fictional rows
// over the HCPC professions, deterministic for seed. The profession column
// is sometimes a code, sometimes a prefix and sometimes blank.
func WriteSyntheticRegistrantCSV(w io.Writer, n int, seed int64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(fitness.RegistrantCSVColumns); err != nil {
		return err
	}
	profs := fitness.HCPCProfessions()
	prefix := map[string]string{}
	for _, p := range profs {
		prefix[p.Code] = p.Prefix
	}
	g := NewRegister(seed, profs)
	for i := 0; i < n; i++ {
		r := g.Registrant()
		prof := r.ProfessionCode
		switch i % 4 {
		case 1:
			prof = prefix[prof]
		case 2:
			prof = ""
		}
		rec := []string{r.Number, r.GivenNames, r.FamilyName, prof, string(r.Status), r.RegisteredSince.Format(time.DateOnly), r.Town}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write synthetic registrants: %w", err)
	}
	return bw.Flush()
}
