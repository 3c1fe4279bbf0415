package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"text/tabwriter"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// migrateCommand is `fitness migrate up|status`.
func migrateCommand() command {
	return command{summary: "apply database migrations (up) or list their state (status)", run: runMigrate}
}

// runMigrate runs `fitness migrate up|status --db …`.
func runMigrate(ctx context.Context, e env) error {
	if len(e.args) == 0 || (e.args[0] != "up" && e.args[0] != "status") {
		fmt.Fprintln(e.stderr, "Usage: fitness migrate up|status [--db PATH_OR_URL]")
		return exitCode(2)
	}
	sub := e.args[0]
	cfg, err := defaultConfig(e.getenv)
	if err != nil {
		return err
	}
	fs := flagSet("migrate "+sub, e.stderr)
	cfg.bindDB(fs)
	if err := parseFlags(fs, e.args[1:]); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	defer db.Close()
	if sub == "status" {
		return migrationStatus(ctx, db, cfg.DB, e.stdout)
	}
	n, err := migrateUp(ctx, db)
	if err != nil {
		return err
	}
	switch n {
	case 0:
		fmt.Fprintln(e.stdout, "No migrations to apply: the database is up to date.")
	case 1:
		fmt.Fprintln(e.stdout, "Applied 1 migration: the database is up to date.")
	default:
		fmt.Fprintf(e.stdout, "Applied %d migrations: the database is up to date.\n", n)
	}
	return nil
}

// migrateUp applies pending migrations and makes sure every profession of
// the default regulator is stored. It returns how many migrations it
// applied.
func migrateUp(ctx context.Context, db *sqldb.DB) (int, error) {
	n, err := db.Migrate(ctx)
	if err != nil {
		return n, fmt.Errorf("apply migrations: %w", err)
	}
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		return n, fmt.Errorf("store professions: %w", err)
	}
	return n, nil
}

// migrationStatus lists every migration and whether it is applied.
func migrationStatus(ctx context.Context, db *sqldb.DB, target string, w io.Writer) error {
	states, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tSTATE\tAPPLIED AT (UTC)")
	pending := 0
	for _, s := range states {
		state, at := "pending", "-"
		if s.Applied {
			state = "applied"
			at = s.AppliedAt.UTC().Format("2006-01-02 15:04:05")
		} else {
			pending++
		}
		fmt.Fprintf(tw, "%05d\t%s\t%s\t%s\n", s.Version, path.Base(s.Name), state, at)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if pending > 0 {
		fmt.Fprintf(w, "\n%d pending: run `fitness migrate up --db %s`.\n", pending, shellQuote(redactDB(target)))
	} else {
		fmt.Fprintln(w, "\nThe database is up to date.")
	}
	return nil
}
