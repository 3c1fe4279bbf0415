package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

const userUsage = `Usage:
  fitness user create [--db PATH_OR_URL] --email ADDRESS --name NAME --role ROLE[,ROLE…]
                      [--password-file FILE | --password-stdin]
  fitness user token  [--db PATH_OR_URL] --email ADDRESS

create adds a staff user. The password comes from --password-file, from the
first line of standard input with --password-stdin, or from the
FITNESS_PASSWORD variable; never from the command line. Roles: %s.

token issues an API token for the user and prints only the token.`

// userCommand is `fitness user create|token`.
func userCommand() command {
	return command{summary: "create staff users and issue API tokens", run: runUser}
}

// runUser runs `fitness user create|token`.
func runUser(ctx context.Context, e env) error {
	if len(e.args) == 0 || (e.args[0] != "create" && e.args[0] != "token") {
		printUserUsage(e.stderr)
		return exitCode(2)
	}
	if e.args[0] == "token" {
		return runUserToken(ctx, e)
	}
	return runUserCreate(ctx, e)
}

func printUserUsage(w io.Writer) {
	roles := make([]string, len(fitness.Roles))
	for i, r := range fitness.Roles {
		roles[i] = string(r)
	}
	fmt.Fprintf(w, userUsage+"\n", strings.Join(roles, ", "))
}

// openCurrentDB opens the database named by cfg and refuses one with
// pending migrations.
func openCurrentDB(ctx context.Context, cfg Config) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	n, err := db.Pending(ctx)
	if err == nil && n > 0 {
		err = fmt.Errorf("the database has %d pending migrations: run `fitness migrate up --db %s` first",
			n, shellQuote(redactDB(cfg.DB)))
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// userFlags are the flags of fitness user create and token.
type userFlags struct {
	cfg                Config
	email, name, roles string
	passwordFile       string
	passwordStdin      bool
}

func parseUserFlags(sub string, e env, create bool) (userFlags, error) {
	var f userFlags
	var err error
	if f.cfg, err = defaultConfig(e.getenv); err != nil {
		return f, err
	}
	fs := flagSet("user "+sub, e.stderr)
	fs.Usage = func() { printUserUsage(e.stderr) }
	f.cfg.bindDB(fs)
	fs.StringVar(&f.email, "email", "", "the user's email `address`")
	if create {
		fs.StringVar(&f.name, "name", "", "the user's full `name`")
		fs.StringVar(&f.roles, "role", "", "comma-separated `roles`, e.g. case_manager,team_leader")
		fs.StringVar(&f.passwordFile, "password-file", "", "read the password from `file` (first line)")
		fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	}
	if err := parseFlags(fs, e.args[1:]); err != nil {
		return f, err
	}
	if f.email == "" {
		return f, fmt.Errorf("give the user's email address with --email")
	}
	return f, nil
}

// password returns the new user's password from the file, standard input
// or FITNESS_PASSWORD, in that order.
func (f userFlags) password(e env) (string, error) {
	switch {
	case f.passwordFile != "" && f.passwordStdin:
		return "", fmt.Errorf("give --password-file or --password-stdin, not both")
	case f.passwordFile != "":
		file, err := os.Open(f.passwordFile)
		if err != nil {
			return "", fmt.Errorf("read the password file: %w", err)
		}
		defer file.Close()
		return firstLine(file)
	case f.passwordStdin:
		return firstLine(e.stdin)
	case e.getenv("FITNESS_PASSWORD") != "":
		return e.getenv("FITNESS_PASSWORD"), nil
	}
	return "", fmt.Errorf("give the password with --password-file, --password-stdin or FITNESS_PASSWORD")
}

// firstLine returns the first line of r without its line ending.
func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func parseRoles(s string) ([]fitness.Role, error) {
	var roles []fitness.Role
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r == "" {
			continue
		}
		if !fitness.Role(r).Valid() {
			return nil, fmt.Errorf("--role: %q is not a role", r)
		}
		roles = append(roles, fitness.Role(r))
	}
	if len(roles) == 0 {
		return nil, fmt.Errorf("give at least one role with --role")
	}
	return roles, nil
}

// runUserCreate runs `fitness user create`.
func runUserCreate(ctx context.Context, e env) error {
	f, err := parseUserFlags("create", e, true)
	if err != nil {
		return err
	}
	roles, err := parseRoles(f.roles)
	if err != nil {
		return err
	}
	password, err := f.password(e)
	if err != nil {
		return err
	}
	db, err := openCurrentDB(ctx, f.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := sqldb.NewUserService(db, time.Now).CreateUser(ctx,
		fitness.User{Email: f.email, Name: f.name, Roles: roles}, password)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(e.stdout, "Created user %s <%s> with roles %s (id %s).\n", u.Name, u.Email, f.roles, u.ID)
	return nil
}

// userError turns a coded error into words for the command line.
func userError(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		if fitness.ErrorCode(err) == fitness.EInternal {
			return err
		}
		return fmt.Errorf("%s", fitness.ErrorMessage(err))
	}
	var msgs []string
	for _, name := range []string{"email", "name", "roles", "password"} {
		if m, ok := fields[name]; ok {
			msgs = append(msgs, "--"+strings.TrimSuffix(name, "s")+": "+m)
		}
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

// runUserToken runs `fitness user token`: it prints only the token.
func runUserToken(ctx context.Context, e env) error {
	f, err := parseUserFlags("token", e, false)
	if err != nil {
		return err
	}
	db, err := openCurrentDB(ctx, f.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	us := sqldb.NewUserService(db, time.Now)
	u, err := us.FindUserByEmail(ctx, f.email)
	if err != nil {
		return userError(err)
	}
	token, err := us.IssueToken(ctx, u.ID)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}
