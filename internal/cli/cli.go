// Package cli holds portal's command-line conventions, so that cmd/portal
// only declares its commands' flags and wires packages: commands and
// groups of subcommands with their usage, help that runs nothing and exits
// 0, wrong arguments that exit 2, content errors printed one a line as
// path:line:col that exit 1, and flags that default from the environment
// (systemd units set them there).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/uio-partner/portal/internal/diag"
)

// ErrUsage means the arguments were wrong; usage has already been printed.
var ErrUsage = errors.New("usage")

// ExitError carries a specific exit status (for example 1 for content
// errors already printed).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Env is the process as a command sees it, so tests can run commands
// without a subprocess.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// Command is one subcommand: `<group> <name> ...`.
type Command struct {
	Name, Summary string
	Run           func(ctx context.Context, args []string) error
}

// Group is a program or a command with subcommands, and how its usage
// reads: Intro (may be empty), then "Usage: <Prog> <Noun> [flags]" and the
// commands in the order given, names padded to Width.
type Group struct {
	Prog, Intro, Noun string
	Width             int
	Commands          []*Command
}

// Dispatch runs the command args[0] names with the rest of args. Without
// one it prints the usage: after help, -h, -help or --help it returns
// flag.ErrHelp; otherwise, saying so if args[0] names no command, ErrUsage.
func (e *Env) Dispatch(ctx context.Context, g *Group, args []string) error {
	if len(args) > 0 {
		for _, c := range g.Commands {
			if c.Name == args[0] {
				return c.Run(ctx, args[1:])
			}
		}
	}
	if len(args) > 0 && !IsHelp(args[0]) {
		fmt.Fprintf(e.Stderr, "%s: unknown %s %q\n\n", g.Prog, g.Noun, args[0])
	}
	e.Usage(g)
	if len(args) > 0 && IsHelp(args[0]) {
		return flag.ErrHelp
	}
	return ErrUsage
}

// Usage prints g's usage to Stderr.
func (e *Env) Usage(g *Group) {
	var b strings.Builder
	if g.Intro != "" {
		b.WriteString(g.Intro + "\n\n")
	}
	fmt.Fprintf(&b, "Usage: %s <%s> [flags]\n\n%s%ss:\n", g.Prog, g.Noun, strings.ToUpper(g.Noun[:1]), g.Noun[1:])
	for _, c := range g.Commands {
		fmt.Fprintf(&b, "  %-*s %s\n", g.Width, c.Name, c.Summary)
	}
	fmt.Fprintf(&b, "\nRun '%s <%s> -h' for a %s's flags.\n", g.Prog, g.Noun, g.Noun)
	fmt.Fprint(e.Stderr, b.String())
}

// IsTerminal reports whether w is a terminal, where progress is shown;
// CI logs and pipes get none.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// IsHelp reports whether arg asks for help where a command is expected.
func IsHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "-help" || arg == "--help"
}

// ExitCode is the exit status for err, which it prints: 0 for none or
// help, 2 for wrong arguments, an ExitError's own, and 1 for anything else;
// content errors one a line, each starting with its file:line:col as
// editors and CI annotations expect (site.yaml's, say).
func (e *Env) ExitCode(err error) int {
	var ee ExitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	case errors.As(err, &ee):
		return ee.Code
	default:
		if list, ok := diag.AsList(err); ok {
			for _, d := range list {
				fmt.Fprintln(e.Stderr, d.String())
			}
			return 1
		}
		fmt.Fprintln(e.Stderr, "portal:", err)
		return 1
	}
}

// Flags returns a FlagSet for `portal <name>` that prints to Stderr and
// returns errors instead of exiting, so commands stay testable; usage is
// what follows the name in its usage line.
func (e *Env) Flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("portal "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "Usage: portal %s %s\n", name, usage)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(e.Stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// Parse parses args. After -h, -help or --help (usage printed) it returns
// flag.ErrHelp, which the command returns at once so that asking for help
// runs nothing and exits 0, as with the flag package's ExitOnError; a bad
// flag (message and usage printed) is ErrUsage.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return flag.ErrHelp
		}
		return ErrUsage
	}
	return nil
}

// ParseOnly is Parse for commands that take flags and no other arguments:
// a stray argument (a forgotten flag name, say) is a usage error rather
// than silently ignored.
func (e *Env) ParseOnly(fs *flag.FlagSet, args []string) error {
	if err := Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ErrUsage
	}
	return nil
}

// ParseInterspersed parses flags that may come before, between or after
// the positional arguments (portal new case-studies "Title" --lang nb), and
// returns the positional ones.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := Parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// Default returns the environment variable's value if set, else def: the
// default of a flag that may be set from the environment.
func (e *Env) Default(name, def string) string {
	if v := e.Getenv(name); v != "" {
		return v
	}
	return def
}

// Float reads a number from the environment, warning about (and ignoring)
// one that does not parse rather than failing a service at boot.
func (e *Env) Float(name string, def float64) float64 {
	s := e.Default(name, "")
	if s == "" {
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fmt.Fprintf(e.Stderr, "portal: ignoring %s=%q: not a number\n", name, s)
		return def
	}
	return v
}
