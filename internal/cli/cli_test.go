package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
)

func newEnv(vars map[string]string) (*Env, *bytes.Buffer) {
	var out bytes.Buffer
	return &Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return vars[k] }}, &out
}

func TestDispatch(t *testing.T) {
	var ran []string
	g := &Group{Prog: "portal tool", Noun: "subcommand", Width: 6, Intro: "tool does things.", Commands: []*Command{
		{Name: "zap", Summary: "zaps", Run: func(_ context.Context, args []string) error { ran = args; return nil }},
		{Name: "a", Summary: "comes second, as listed"},
	}}
	usage := "tool does things.\n\nUsage: portal tool <subcommand> [flags]\n\nSubcommands:\n  zap    zaps\n  a      comes second, as listed\n\nRun 'portal tool <subcommand> -h' for a subcommand's flags.\n"
	for _, tc := range []struct {
		args []string
		err  error
		out  string
	}{
		{[]string{"zap", "x", "-y"}, nil, ""},
		{nil, ErrUsage, usage},
		{[]string{"help"}, flag.ErrHelp, usage},
		{[]string{"--help", "zap"}, flag.ErrHelp, usage},
		{[]string{"frob"}, ErrUsage, "portal tool: unknown subcommand \"frob\"\n\n" + usage},
	} {
		e, out := newEnv(nil)
		ran = nil
		if err := e.Dispatch(context.Background(), g, tc.args); err != tc.err || out.String() != tc.out {
			t.Errorf("Dispatch(%q) = %v, printed:\n%s\nwant %v, printed:\n%s", tc.args, err, out, tc.err, tc.out)
		}
		if tc.err == nil && strings.Join(ran, " ") != "x -y" {
			t.Errorf("zap ran with %q, want the arguments after its name", ran)
		}
	}
}

func TestExitCode(t *testing.T) {
	list := diag.List{diag.Errorf("content/a.md", 3, 1, "no title"), diag.Warnf("site.yaml", 1, 1, "odd")}
	for _, tc := range []struct {
		err  error
		code int
		out  string
	}{
		{nil, 0, ""},
		{flag.ErrHelp, 0, ""},
		{ErrUsage, 2, ""},
		{fmt.Errorf("build: %w", ExitError{Code: 3}), 3, ""},
		{list, 1, list[0].String() + "\n" + list[1].String() + "\n"},
		{errors.New("disk full"), 1, "portal: disk full\n"},
	} {
		e, out := newEnv(nil)
		if code := e.ExitCode(tc.err); code != tc.code || out.String() != tc.out {
			t.Errorf("ExitCode(%v) = %d, printed %q; want %d, %q", tc.err, code, out, tc.code, tc.out)
		}
	}
}

func TestParse(t *testing.T) {
	e, out := newEnv(nil)
	fs := e.Flags("thing", "[--n N]")
	n := fs.Int("n", 1, "how many")
	if err := e.ParseOnly(fs, []string{"--n", "2", "stray"}); err != ErrUsage || *n != 2 || !strings.Contains(out.String(), `portal thing: unexpected argument "stray"`) {
		t.Errorf("a stray argument: %v, n=%d, printed %q", err, *n, out)
	}
	out.Reset()
	if err := e.ParseOnly(fs, []string{"-h"}); err != flag.ErrHelp || !strings.HasPrefix(out.String(), "Usage: portal thing [--n N]\n\nFlags:\n  -n int") {
		t.Errorf("-h: %v, printed %q", err, out)
	}
	if err := e.ParseOnly(fs, []string{"--m"}); err != ErrUsage {
		t.Errorf("an unknown flag: %v, want ErrUsage", err)
	}
	fs = e.Flags("new", "<section> <title>")
	lang := fs.String("lang", "", "")
	pos, err := ParseInterspersed(fs, []string{"news", "--lang", "nb", "A title"})
	if err != nil || strings.Join(pos, "|") != "news|A title" || *lang != "nb" {
		t.Errorf("ParseInterspersed = %q, %v, lang %q", pos, err, *lang)
	}
}

func TestEnvironmentDefaults(t *testing.T) {
	e, out := newEnv(map[string]string{"RATE": "2.5", "BAD": "fast", "ADDR": "0.0.0.0:80"})
	if got := e.Default("ADDR", "127.0.0.1:1"); got != "0.0.0.0:80" {
		t.Errorf("Default(ADDR) = %q", got)
	}
	if got := e.Default("NONE", "def"); got != "def" {
		t.Errorf("Default(NONE) = %q", got)
	}
	if got := e.Float("RATE", 6); got != 2.5 {
		t.Errorf("Float(RATE) = %v", got)
	}
	if got := e.Float("BAD", 6); got != 6 || out.String() != "portal: ignoring BAD=\"fast\": not a number\n" {
		t.Errorf("Float(BAD) = %v, printed %q", got, out)
	}
}
