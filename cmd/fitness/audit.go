package main

import (
	"context"
	"fmt"

	"fitness/internal/sqldb"
)

const auditUsage = `Usage: fitness audit verify [--db PATH_OR_URL]

Recomputes the hash chain of every case's events and of the access log,
and checks every case's version against its events. Prints
"audit chain intact: …" and exits 0, or prints the first broken link and
exits 1.`

// auditCommand is `fitness audit verify`.
func auditCommand() command {
	return command{summary: "check the hash chains of case events and the access log", run: runAudit}
}

// runAudit runs `fitness audit verify --db …`. A broken chain is reported
// on stdout with exit status 1.
func runAudit(ctx context.Context, e env) error {
	if len(e.args) == 0 || e.args[0] != "verify" {
		fmt.Fprintln(e.stderr, auditUsage)
		return exitCode(2)
	}
	cfg, err := defaultConfig(e.getenv)
	if err != nil {
		return err
	}
	fs := flagSet("audit verify", e.stderr)
	fs.Usage = func() { fmt.Fprintln(e.stderr, auditUsage) }
	cfg.bindDB(fs)
	if err := parseFlags(fs, e.args[1:]); err != nil {
		return err
	}
	db, err := openCurrentDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := sqldb.NewAuditService(db).Verify(ctx)
	if err != nil {
		return err
	}
	if rep.Broken != nil {
		fmt.Fprintf(e.stdout, "broken link: %s\n", rep.Broken)
		return exitCode(1)
	}
	fmt.Fprintf(e.stdout, "audit chain intact: %d events, %d inquiry events, %d access records\n", rep.Events,
		rep.InquiryEvents, rep.Accesses)
	return nil
}
