// Command portal builds, previews, checks and serves the partner portal.
// It only parses flags and wires packages together; the work is in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
)

// command is one subcommand: `portal <name> ...`.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
}

// commands is filled by the init functions of this package's files, one file
// per command, so adding a command touches no shared code.
var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// Main holds what a command needs from the process, so tests can run commands
// without a subprocess.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// HTTPClient fetches a story's photo; nil means the default client.
	// Tests give one that reaches a local server standing in for GitHub.
	HTTPClient *http.Client
}

// errUsage means the arguments were wrong; usage has already been printed.
var errUsage = errors.New("usage")

// exitError carries a specific exit status (for example 1 for content errors).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	err := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(m.exitCode(err))
}

func (m *Main) exitCode(err error) int {
	var ee exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		if list, ok := diag.AsList(err); ok {
			// One problem per line, each starting with its file:line:col
			// as editors and CI annotations expect (site.yaml's, say).
			for _, d := range list {
				fmt.Fprintln(m.Stderr, d.String())
			}
			return 1
		}
		fmt.Fprintln(m.Stderr, "portal:", err)
		return 1
	}
}

// Run dispatches args to a subcommand.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		m.usage()
		return errUsage
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	if isHelp(args[0]) && len(args) == 1 {
		m.usage()
		return flag.ErrHelp
	}
	if isHelp(args[0]) {
		// portal help build is portal build -h, portal help contact serve
		// is portal contact serve -h.
		args = append(append([]string{}, args[1:]...), "-h")
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "portal: unknown command %q\n\n", args[0])
		m.usage()
		return errUsage
	}
	return c.run(ctx, m, args[1:])
}

// commandNames lists the commands in the order usage shows them.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (m *Main) usage() {
	names := commandNames()
	var b strings.Builder
	b.WriteString("portal turns content/, layouts/, static/ and site.yaml into the partner portal.\n\nUsage: portal <command> [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nRun 'portal <command> -h' for a command's flags.\n")
	fmt.Fprint(m.Stderr, b.String())
}

// newFlags returns a FlagSet that prints to m.Stderr and returns errors
// instead of exiting, so commands stay testable.
func (m *Main) newFlags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("portal "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: portal %s %s\n", name, usage)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(m.Stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args. After -h, -help or --help (usage printed) it
// returns flag.ErrHelp, which the command returns at once so that asking for
// help runs nothing and exits 0, as with the flag package's ExitOnError; a
// bad flag (message and usage printed) is errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return flag.ErrHelp
		}
		return errUsage
	}
	return nil
}

// parseFlagsOnly is parseFlags for commands that take flags and no other
// arguments: a stray argument (a forgotten flag name, say) is a usage error
// rather than silently ignored.
func (m *Main) parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// isHelp reports whether arg asks for help where a subcommand is expected.
func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "-help" || arg == "--help"
}

// envDefault returns the environment variable's value if set, else def: flags
// of long-running commands may be set from the environment (systemd units).
// cacheDirFlag defines --cache-dir, the picture cache's folder, which
// build, check and serve share; PORTAL_CACHE_DIR is its default.
func (m *Main) cacheDirFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "cache-dir", m.envDefault(generator.CacheEnv, ""), "folder of the picture cache (default <source>/.cache; env "+generator.CacheEnv+")")
}

func (m *Main) envDefault(name, def string) string {
	if v := m.Getenv(name); v != "" {
		return v
	}
	return def
}
