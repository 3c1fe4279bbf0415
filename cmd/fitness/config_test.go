package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// envOf returns a getenv reading from m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want Config
	}{
		{
			name: "defaults",
			want: Config{DB: "fitness.db", Addr: "127.0.0.1:8080", LogLevel: slog.LevelInfo, ShutdownTimeout: 15 * time.Second},
		},
		{
			name: "environment",
			env: map[string]string{"FITNESS_DB": "postgres://u:p@db/fitness", "FITNESS_ADDR": ":9000",
				"FITNESS_DEMO": "true", "FITNESS_MIGRATE": "1", "FITNESS_LOG_LEVEL": "debug",
				"FITNESS_SHUTDOWN_TIMEOUT": "30s", "FITNESS_DRAIN_DELAY": "2s", "FITNESS_SECURE_COOKIES": "true"},
			want: Config{DB: "postgres://u:p@db/fitness", Addr: ":9000", Demo: true, Migrate: true,
				LogLevel: slog.LevelDebug, ShutdownTimeout: 30 * time.Second, DrainDelay: 2 * time.Second, SecureCookies: true},
		},
		{
			name: "flags beat the environment",
			env:  map[string]string{"FITNESS_DB": "env.db", "FITNESS_ADDR": ":9000", "FITNESS_DEMO": "true"},
			args: []string{"--db", "flag.db", "--addr", "127.0.0.1:0", "--demo=false", "--log-level", "warn"},
			want: Config{DB: "flag.db", Addr: "127.0.0.1:0", LogLevel: slog.LevelWarn, ShutdownTimeout: 15 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := defaultConfig(envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.bindServe(fs)
			if err := parseFlags(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestConfigBadEnvironment(t *testing.T) {
	_, err := defaultConfig(envOf(map[string]string{"FITNESS_DEMO": "maybe", "FITNESS_LOG_LEVEL": "loud", "FITNESS_SHUTDOWN_TIMEOUT": "soon"}))
	for _, want := range []string{"FITNESS_DEMO", "FITNESS_LOG_LEVEL", "FITNESS_SHUTDOWN_TIMEOUT"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{DB: "x.db", Addr: "127.0.0.1:8080", ShutdownTimeout: time.Second}
	tests := []struct {
		name string
		edit func(*Config)
		want string // "" for valid
	}{
		{"valid", func(*Config) {}, ""},
		{"port zero", func(c *Config) { c.Addr = "127.0.0.1:0" }, ""},
		{"no db", func(c *Config) { c.DB = " " }, "--db"},
		{"no port", func(c *Config) { c.Addr = "localhost" }, "--addr"},
		{"port too big", func(c *Config) { c.Addr = ":70000" }, "--addr"},
		{"no shutdown timeout", func(c *Config) { c.ShutdownTimeout = 0 }, "--shutdown-timeout"},
		{"long drain", func(c *Config) { c.DrainDelay = time.Hour }, "--drain-delay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v; want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v; want an error about %s", err, tt.want)
			}
		})
	}
}

func TestConfigRedactsSecrets(t *testing.T) {
	tests := []struct{ db, want string }{
		{"fitness.db", "fitness.db"},
		{"postgres://fitness:s3cret@db.internal:5432/fitness?sslmode=verify-full", "postgres://fitness:xxxxx@db.internal:5432/fitness?sslmode=verify-full"},
		{"postgresql://fitness@db/fitness?password=s3cret&sslmode=require", "postgresql://fitness@db/fitness?password=xxxxx&sslmode=require"},
		{"postgres://db/fitness?user=a&PASSWORD=s3cret", "postgres://db/fitness?user=a&PASSWORD=xxxxx"},
	}
	for _, tt := range tests {
		c := Config{DB: tt.db, Addr: ":1"}
		if got := redactDB(tt.db); got != tt.want {
			t.Errorf("redactDB(%q) = %q; want %q", tt.db, got, tt.want)
		}
		var logged strings.Builder
		slog.New(slog.NewJSONHandler(&logged, nil)).Info("start", "config", c)
		for _, s := range []string{c.String(), logged.String()} {
			if strings.Contains(s, "s3cret") {
				t.Errorf("secret shown: %s", s)
			}
		}
	}
}
