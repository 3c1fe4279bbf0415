// Command fitness is the fitness-to-practise case system: one binary with a
// subcommand per job (serve, worker, migrate, seed, import, user, audit).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// env gives a command its surroundings, so tests can call run directly.
type env struct {
	args   []string // after the subcommand name
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand. Each lives in its own file and registers
// itself in commands.
type command struct {
	summary string
	run     func(ctx context.Context, e env) error
}

// commands lists every subcommand.
func commands() map[string]command {
	return map[string]command{
		"audit":    auditCommand(),
		"user":     userCommand(),
		"serve":    serveCommand(),
		"migrate":  migrateCommand(),
		"seed":     seedCommand(),
		"import":   importCommand(),
		"worker":   workerCommand(),
		"loadtest": loadtestCommand(),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if code, ok := err.(exitCode); ok {
			os.Exit(int(code))
		}
		fmt.Fprintln(os.Stderr, "fitness:", err)
		os.Exit(1)
	}
}

// exitCode is returned by a command that has already said why it failed
// and wants a particular exit status.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// run runs the subcommand named by args[0].
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, env{args: args[1:], getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr})
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: fitness COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
}
