package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/synth"
)

// scaleFlags are the flags of `fitness seed --scale NAME`.
type scaleFlags struct {
	Scale string
	Seed  int64
	Until string
}

func (sc *scaleFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&sc.Scale, "scale", "", "load a synthetic data set: hcpc (330,000 registrants, 25,000 cases) or large (1,000,000 registrants, 100,000 cases)")
	fs.Int64Var(&sc.Seed, "seed", 1, "random seed of --scale: the same seed and --until make the same data")
	fs.StringVar(&sc.Until, "until", "", "last day of the --scale data set's history, YYYY-MM-DD (default today)")
}

// scalePassword is the password of every synthetic staff user: the data
// set is fictional and the password printed, like the demo's.
const scalePassword = "scale-password-2026"

// scaleArgon is the argon2id cost of the synthetic staff's hashes: the
// light settings of the demo staff (19 MiB, 2 passes, 1 lane), so that 500
// users hash in seconds; sign-in reads the settings from each hash.
var scaleArgon = sqldb.WithArgonParams(19*1024, 2, 1)

// runSeedScale runs `fitness seed --scale NAME --seed N --db …`: it
// migrates a brand-new database, refuses one that holds data, and loads a
// synthetic data set with a progress bar on stderr. tiny and small are
// scales for tests and quick benchmarks.
func runSeedScale(ctx context.Context, e env, cfg Config, sc scaleFlags) error {
	scale, ok := synth.ScaleNamed(sc.Scale)
	if !ok {
		return fmt.Errorf("--scale must be one of %s", strings.Join(synth.ScaleNames(), ", "))
	}
	until, err := scaleUntil(sc.Until)
	if err != nil {
		return err
	}
	db, err := openEmpty(ctx, cfg, newLogger(e.stderr, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer db.Close()
	bar := &progressBar{w: e.stderr, now: time.Now}
	bulk := sqldb.NewBulk(db, scaleArgon)
	start := time.Now()
	st, err := synth.Seed(ctx, bulk, fitness.HCPCProcess(), fitness.HCPCRules(), synth.SeedOptions{
		Scale: scale, Seed: sc.Seed, Until: until, Password: scalePassword, Progress: bar.update,
	})
	bar.update("analyze", 0, 1)
	if err == nil {
		err = bulk.Analyze(ctx)
	}
	bar.update("analyze", 1, 1)
	if err != nil {
		return fmt.Errorf("seed %s: %w", scale.Name, err)
	}
	fmt.Fprintf(e.stdout, "Loaded the %s data set (seed %d, until %s) into %s in %s: %s.\n", scale.Name, sc.Seed,
		until.Format(time.DateOnly), redactDB(cfg.DB), time.Since(start).Round(100*time.Millisecond), st)
	bar.report(e.stdout)
	fmt.Fprintf(e.stdout, "Staff sign in as ROLE-NNN@staff.fitness.test (case-manager-001, team-leader-001, hearings-001, registrar-001, admin-001, …) with the password %s\n", scalePassword)
	return nil
}

// openEmpty opens the database of cfg, migrates it if it is brand new (as
// --demo does) and refuses one that holds data.
func openEmpty(ctx context.Context, cfg Config, logger *slog.Logger) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	fresh := cfg
	fresh.Demo = true
	err = prepareSchema(ctx, db, fresh, logger)
	empty := false
	if err == nil {
		empty, err = db.Empty(ctx)
	}
	if err == nil && !empty {
		err = fmt.Errorf("the database %s already holds data: a synthetic data set is only loaded into an empty database", redactDB(cfg.DB))
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// scaleUntil reads --until; "" is today in Europe/London.
func scaleUntil(s string) (time.Time, error) {
	if s == "" {
		now, err := londonClock(time.Now)
		if err != nil {
			return time.Time{}, err
		}
		y, m, d := now().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--until must be a date such as 2026-06-30, not %q", s)
	}
	return t, nil
}

// progressBar draws the progress of each step of seeding on one line,
// redrawn at most five times a second, and remembers how long each took.
type progressBar struct {
	w         io.Writer
	now       func() time.Time
	step      string
	stepStart time.Time
	drawn     time.Time
	took      []stepTime
}

// stepTime is how long one step of seeding took.
type stepTime struct {
	step  string
	total int
	took  time.Duration
}

// update shows that done of total of step are done.
func (b *progressBar) update(step string, done, total int) {
	now := b.now()
	if step != b.step {
		b.step, b.stepStart = step, now
		b.took = append(b.took, stepTime{step: step})
	}
	last := &b.took[len(b.took)-1]
	last.total, last.took = total, now.Sub(b.stepStart)
	if done < total && now.Sub(b.drawn) < 200*time.Millisecond {
		return
	}
	b.drawn = now
	const width = 30
	filled := width
	if total > 0 {
		filled = width * done / total
	}
	fmt.Fprintf(b.w, "\r%-17s [%s%s] %3d%% %11s / %-11s %6.1fs", step, strings.Repeat("#", filled),
		strings.Repeat(".", width-filled), 100*filled/width, thousands(done), thousands(total), last.took.Seconds())
	if done >= total {
		fmt.Fprintln(b.w)
	}
}

// report prints how long each step took.
func (b *progressBar) report(w io.Writer) {
	for _, t := range b.took {
		fmt.Fprintf(w, "  %-17s %11s in %s\n", t.step, thousands(t.total), t.took.Round(10*time.Millisecond))
	}
}

// thousands writes n with commas: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
