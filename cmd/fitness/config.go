package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is the configuration of every command, filled from flags and
// FITNESS_* environment variables (a flag beats its variable, which beats
// the default) and checked by Validate. Each command binds only the flags it
// uses.
type Config struct {
	DB              string        // SQLite file path or postgres:// URL (FITNESS_DB)
	Addr            string        // host:port to listen on (FITNESS_ADDR)
	Demo            bool          // load demo data into an empty database (FITNESS_DEMO)
	Migrate         bool          // apply pending migrations at start (FITNESS_MIGRATE)
	LogLevel        slog.Level    // debug, info, warn or error (FITNESS_LOG_LEVEL)
	ShutdownTimeout time.Duration // longest wait for in-flight requests (FITNESS_SHUTDOWN_TIMEOUT)
	DrainDelay      time.Duration // time not-ready before closing listeners (FITNESS_DRAIN_DELAY)
	SecureCookies   bool          // served over TLS (directly or behind a proxy) (FITNESS_SECURE_COOKIES)
}

// defaultDB is the database used when neither --db nor FITNESS_DB is given.
const defaultDB = "fitness.db"

// defaultConfig returns the defaults overridden by FITNESS_* variables.
func defaultConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DB:              defaultDB,
		Addr:            "127.0.0.1:8080",
		LogLevel:        slog.LevelInfo,
		ShutdownTimeout: 15 * time.Second,
	}
	var errs []error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	boolean := func(name string, dst *bool) {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want true or false, got %q", name, v))
			}
			*dst = b
		}
	}
	duration := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want a duration such as 15s, got %q", name, v))
			}
			*dst = d
		}
	}
	str("FITNESS_DB", &c.DB)
	str("FITNESS_ADDR", &c.Addr)
	boolean("FITNESS_DEMO", &c.Demo)
	boolean("FITNESS_MIGRATE", &c.Migrate)
	boolean("FITNESS_SECURE_COOKIES", &c.SecureCookies)
	duration("FITNESS_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	duration("FITNESS_DRAIN_DELAY", &c.DrainDelay)
	if v := getenv("FITNESS_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("FITNESS_LOG_LEVEL: want debug, info, warn or error, got %q", v))
		}
	}
	return c, errors.Join(errs...)
}

// flagSet returns a flag set for command name writing its usage to w.
func flagSet(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("fitness "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// bindDB binds --db.
func (c *Config) bindDB(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file `path` or postgres:// URL (FITNESS_DB)")
}

// bindLog binds --log-level.
func (c *Config) bindLog(fs *flag.FlagSet) {
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log `level`: debug, info, warn or error (FITNESS_LOG_LEVEL)")
}

// bindServe binds the flags of fitness serve.
func (c *Config) bindServe(fs *flag.FlagSet) {
	c.bindDB(fs)
	c.bindLog(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "`host:port` to listen on; port 0 picks a free port (FITNESS_ADDR)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load demo data into an empty database and print the demo sign-ins (FITNESS_DEMO)")
	fs.BoolVar(&c.Migrate, "migrate", c.Migrate, "apply pending database migrations before serving (FITNESS_MIGRATE)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "longest wait for in-flight requests at shutdown (FITNESS_SHUTDOWN_TIMEOUT)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "the site is reached over HTTPS: Secure, __Host- session cookie (FITNESS_SECURE_COOKIES)")
	fs.DurationVar(&c.DrainDelay, "drain-delay", c.DrainDelay, "time to report not-ready before closing the listener (FITNESS_DRAIN_DELAY)")
}

// parseFlags parses args into fs and refuses stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// errHelp means the user asked for a command's usage, which has been shown.
var errHelp = exitCode(0)

// Validate checks the configuration and says what to change.
func (c Config) Validate() error {
	var errs []error
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("--db: give a SQLite file path or a postgres:// URL"))
	} else if isPostgresURL(c.DB) {
		if _, err := url.Parse(c.DB); err != nil {
			errs = append(errs, errors.New("--db: the postgres:// URL cannot be parsed"))
		}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr: want host:port such as 127.0.0.1:8080, got %q", c.Addr))
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		errs = append(errs, fmt.Errorf("--addr: port must be a number from 0 to 65535, got %q", port))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("--shutdown-timeout: must be more than zero"))
	}
	if c.DrainDelay < 0 || c.DrainDelay > time.Minute {
		errs = append(errs, errors.New("--drain-delay: must be between 0s and 1m"))
	}
	return errors.Join(errs...)
}

// isPostgresURL reports whether target names a PostgreSQL database.
func isPostgresURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// String describes the configuration with secrets redacted, for the log.
func (c Config) String() string {
	return fmt.Sprintf("db=%s addr=%s demo=%t migrate=%t secure-cookies=%t log-level=%s shutdown-timeout=%s drain-delay=%s",
		redactDB(c.DB), c.Addr, c.Demo, c.Migrate, c.SecureCookies, c.LogLevel, c.ShutdownTimeout, c.DrainDelay)
}

// LogValue makes slog log the redacted form.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("db", redactDB(c.DB)),
		slog.String("addr", c.Addr),
		slog.Bool("demo", c.Demo),
		slog.Bool("migrate", c.Migrate),
		slog.Bool("secure_cookies", c.SecureCookies),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("shutdown_timeout", c.ShutdownTimeout.String()),
		slog.String("drain_delay", c.DrainDelay.String()),
	)
}

// passwordParam matches a password given as a query parameter.
var passwordParam = regexp.MustCompile(`(?i)(password=)[^&]*`)

// redactDB hides any password in a database URL.
func redactDB(target string) string {
	if !isPostgresURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(unparseable URL redacted)"
	}
	s := u.Redacted()
	return passwordParam.ReplaceAllString(s, "${1}xxxxx")
}

// newLogger returns the JSON logger of the process at level, adding the
// request id of the context to every record logged with one.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	if w == nil {
		w = os.Stderr
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(requestIDHandler{h})
}
