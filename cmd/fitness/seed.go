package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fitness/internal/sqldb"
)

// seedCommand is `fitness seed --demo` and `fitness seed --scale NAME`.
func seedCommand() command {
	return command{summary: "load the fictional demo data (--demo) or a synthetic data set (--scale) into an empty database", run: runSeed}
}

// runSeed runs `fitness seed --demo --db …`: it migrates a brand-new
// database, refuses one that holds data, and loads the demo data.
func runSeed(ctx context.Context, e env) error {
	cfg, err := defaultConfig(e.getenv)
	if err != nil {
		return err
	}
	fs := flagSet("seed", e.stderr)
	cfg.bindDB(fs)
	cfg.bindLog(fs)
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "load the fictional demo data (FITNESS_DEMO)")
	var sc scaleFlags
	sc.bind(fs)
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if sc.Scale != "" {
		if cfg.Demo {
			return errors.New("give --demo or --scale, not both")
		}
		return runSeedScale(ctx, e, cfg, sc)
	}
	if !cfg.Demo {
		return errors.New("fitness seed loads fictional data only: add --demo, or --scale for a synthetic data set (to load a real register use fitness import)")
	}
	logger := newLogger(e.stderr, cfg.LogLevel)
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	defer db.Close()
	if err := prepareSchema(ctx, db, cfg, logger); err != nil {
		return err
	}
	empty, err := db.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("the database %s already holds data: demo data is only loaded into an empty database", redactDB(cfg.DB))
	}
	a, err := newApp(db, logger, time.Now)
	if err != nil {
		return err
	}
	stats, err := seedDemo(ctx, a)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	fmt.Fprintf(e.stdout, "Loaded demo data: %s.\n", stats)
	printSignIns(e.stdout, demoStaff())
	return nil
}
