package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

const importUsage = `Usage: fitness import registrants [--db PATH_OR_URL] FILE.csv

Imports registrants from a CSV file (FILE "-" reads standard input). The
first line names the columns, in any order: registration_number,
given_names, family_name, profession (code or prefix; may be blank or left
out, then the number's prefix decides), status, registered_since
(YYYY-MM-DD) and town. Every problem in the file is listed by line, and
then nothing is imported.`

// importCommand is `fitness import registrants`.
func importCommand() command {
	return command{summary: "import registrants from a CSV file", run: runImport}
}

// runImport runs `fitness import registrants --db … FILE.csv`.
func runImport(ctx context.Context, e env) error {
	if len(e.args) == 0 || e.args[0] != "registrants" {
		fmt.Fprintln(e.stderr, importUsage)
		return exitCode(2)
	}
	cfg, err := defaultConfig(e.getenv)
	if err != nil {
		return err
	}
	fs := flagSet("import registrants", e.stderr)
	fs.Usage = func() { fmt.Fprintln(e.stderr, importUsage) }
	cfg.bindDB(fs)
	file, err := importFileArg(fs, e.args[1:])
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	defer db.Close()
	if n, err := db.Pending(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("the database has %d pending migrations: run `fitness migrate up --db %s` first", n, shellQuote(redactDB(cfg.DB)))
	}
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		return fmt.Errorf("store professions: %w", err)
	}
	return importRegistrants(ctx, db, file, e)
}

// importFileArg parses flags given before or after the file name and
// returns the one file name.
func importFileArg(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", errHelp
			}
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return "", fmt.Errorf("give one CSV file to import, not %d (see fitness import registrants -h)", len(files))
	}
	return files[0], nil
}

// importRegistrants parses file and imports it, or lists every problem on
// stderr and returns exit status 1 with nothing imported.
func importRegistrants(ctx context.Context, db *sqldb.DB, file string, e env) error {
	var r io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("open the CSV file: %w", err)
		}
		defer f.Close()
		r = f
	}
	profs, err := sqldb.NewRegistrantService(db).Professions(ctx)
	if err != nil {
		return err
	}
	rows, problems := fitness.ParseRegistrantCSV(r, profs)
	if len(problems) == 0 {
		var n int
		n, err = sqldb.ImportRegistrants(ctx, db, rows)
		var ie *fitness.ImportError
		if errors.As(err, &ie) {
			problems = ie.Problems
		} else if err != nil {
			return err
		} else {
			fmt.Fprintf(e.stdout, "Imported %d registrants\n", n)
			return nil
		}
	}
	for _, p := range problems {
		fmt.Fprintln(e.stderr, p.String())
	}
	s := "s"
	if len(problems) == 1 {
		s = ""
	}
	fmt.Fprintf(e.stderr, "%d problem%s in %s; nothing was imported. Correct the file and import it again.\n", len(problems), s, file)
	return exitCode(1)
}
