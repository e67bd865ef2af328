package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/cli"
)

// Regression: -h printed the usage and then ran the command, so build -h
// rewrote public/ and serve -h started serving. Asking any command or
// contact subcommand for help must print its own usage, exit 0 and do
// nothing else.
//
// Every command runs in a site where it would leave a trace if it did run:
// build writes public/, contact serve and contact export create
// data/contact.db, check finds a broken link (exit 1), serve and contact
// serve try to listen on a port the test holds (exit 1), new, purge and
// delete lack their arguments (exit 2), and version writes to stdout.
func TestHelpRunsNothing(t *testing.T) {
	dir := minimalSite(t, map[string]string{
		"content/partners/a.md": "---\ntitle: A\n---\n[x](/nope/)\n",
		"site.yaml": "title: T\nbaseURL: https://example.org/\nlanguages: [{code: en, name: English}]\n" +
			"sections:\n  - {name: partners, title: Partners, required: [title], sort: title}\n" +
			"contact:\n  topics:\n    - {id: general, label: General, to: [office@example.org]}\n",
	})
	t.Chdir(dir)
	before := tree(t, dir)
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	env := map[string]string{"PORTAL_ADDR": held.Addr().String(), "PORTAL_CONTACT_ADDR": held.Addr().String()}

	var all [][]string
	for _, c := range (&Main{}).commands().Commands {
		all = append(all, []string{c.Name})
	}
	for _, c := range (&Main{}).contactCommands().Commands {
		all = append(all, []string{"contact", c.Name})
	}
	for _, cmd := range all {
		for _, help := range []string{"-h", "-help", "--help"} {
			args := append(append([]string{}, cmd...), help)
			var out, errOut bytes.Buffer
			m := &Main{Env: cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}}
			code := m.ExitCode(m.Run(context.Background(), args))
			if want := "Usage: portal " + strings.Join(cmd, " ") + " "; code != 0 || out.Len() != 0 || !strings.HasPrefix(errOut.String(), want) {
				t.Errorf("portal %s: exit %d, stdout %q, stderr:\n%s\nwant exit 0, no stdout and usage starting %q", strings.Join(args, " "), code, out.String(), errOut.String(), want)
			}
			if after := tree(t, dir); after != before {
				t.Fatalf("portal %s changed the site folder:\n%s\nwas:\n%s", strings.Join(args, " "), after, before)
			}
		}
	}
}

// portal help <command> is <command> -h; a subcommand-less contact -h
// lists the subcommands.
func TestHelpCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help", "build"}, 0, "Usage: portal build [flags]\n"},
		{[]string{"help", "contact", "purge"}, 0, "Usage: portal contact purge --older-than"},
		{[]string{"-h", "check"}, 0, "Usage: portal check [--source DIR]"},
		{[]string{"help", "nosuch"}, 2, "portal: unknown command \"nosuch\"\n"},
		{[]string{"--help"}, 0, "portal turns content/"},
		{[]string{"contact", "-h"}, 0, "Usage: portal contact <subcommand> [flags]\n"},
		{[]string{"contact", "help"}, 0, "Usage: portal contact <subcommand> [flags]\n"},
		{[]string{"contact"}, 2, "Usage: portal contact <subcommand> [flags]\n"},
		{[]string{"contact", "frobnicate"}, 2, "portal contact: unknown subcommand \"frobnicate\"\n"},
	} {
		code, stdout, stderr := run(t, tt.args...)
		if code != tt.code || stdout != "" || !strings.HasPrefix(stderr, tt.want) {
			t.Errorf("portal %q: exit %d, stdout %q, stderr:\n%s\nwant exit %d and stderr starting %q", tt.args, code, stdout, stderr, tt.code, tt.want)
		}
	}
	_, _, stderr := run(t, "contact", "-h")
	for _, c := range (&Main{}).contactCommands().Commands {
		if !strings.Contains(stderr, "  "+c.Name+" ") {
			t.Errorf("contact usage does not list %s:\n%s", c.Name, stderr)
		}
	}
}

// tree lists the files and folders under dir with their sizes, to tell
// whether a command wrote anything.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "%s %d %s\n", rel, info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
