// Command portal builds, previews, checks and serves the partner portal.
// It only declares the commands' flags and wires packages together; the
// work is in internal/, the command line's conventions in internal/cli.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/uio-partner/portal/internal/buildinfo"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/starter"
	"github.com/uio-partner/portal/internal/story"
)

// Main holds what a command needs from the process, so tests can run
// commands without a subprocess.
type Main struct {
	cli.Env
	// HTTPClient fetches a story's photo; nil means the default client.
	// Tests give one that reaches a local server standing in for GitHub.
	HTTPClient *http.Client
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Env: cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}}
	err := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(m.ExitCode(err))
}

// commands are portal's commands, in the order its usage lists them.
func (m *Main) commands() *cli.Group {
	return &cli.Group{Prog: "portal", Noun: "command", Width: 8,
		Intro: "portal turns content/, layouts/, static/ and site.yaml into the partner portal.",
		Commands: []*cli.Command{
			{Name: "build", Summary: "build the site into public/", Run: m.runBuild},
			{Name: "check", Summary: "find problems in the content: fields, links, images, headings", Run: m.runCheck},
			{Name: "contact", Summary: "run the contact endpoint; report, export, purge or erase inquiries", Run: func(ctx context.Context, args []string) error {
				return m.Dispatch(ctx, m.contactCommands(), args)
			}},
			starter.Command(&m.Env),
			{Name: "issue-form", Summary: "write the story form (" + story.TemplateFile + ") from the site's lists", Run: m.runIssueForm},
			{Name: "new", Summary: "write a new page from its section's template", Run: m.runNew},
			{Name: "serve", Summary: "preview the site with drafts, rebuilding and reloading on every save", Run: m.runServe},
			{Name: "version", Summary: "print the version, the commit it was built from and the Go version", Run: m.runVersion},
		}}
}

// contactCommands are the subcommands of portal contact.
func (m *Main) contactCommands() *cli.Group {
	return &cli.Group{Prog: "portal contact", Noun: "subcommand", Width: 14, Commands: []*cli.Command{
		{Name: "serve", Summary: "run the contact endpoint (POST /api/contact, the links in mails, GET /healthz, POST /api/search-miss)", Run: m.contactServe},
		{Name: "report", Summary: "print who answered what, and how fast: per topic, the open inquiries, and the searches that found nothing", Run: m.contactReport},
		{Name: "export", Summary: "write inquiries as CSV or JSON for the CRM", Run: m.contactExport},
		{Name: "purge", Summary: "delete inquiries older than a retention period", Run: m.contactPurge},
		{Name: "delete", Summary: "erase every inquiry from one email address (GDPR)", Run: m.contactDelete},
		contact.PromiseCommand(&m.Env),
		{Name: "rotate-secret", Summary: "make a new link-signing key in the database (the old one stays valid)", Run: m.contactRotateSecret},
	}}
}

// Run runs the command args name.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) > 1 && cli.IsHelp(args[0]) {
		// portal help build is portal build -h, portal help contact serve
		// is portal contact serve -h.
		args = append(append([]string{}, args[1:]...), "-h")
	}
	return m.Dispatch(ctx, m.commands(), args)
}

// cacheDirFlag defines --cache-dir, the picture cache's folder, which
// build, check and serve share; PORTAL_CACHE_DIR is its default.
func (m *Main) cacheDirFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "cache-dir", m.Default(source.CacheEnv, ""), "folder of the picture cache (default <source>/.cache; env "+source.CacheEnv+")")
}

// version is the release the binary was built as, set by a release build:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/portal
//
// Without it, portal version shows the module version Go records from the
// checkout (a pseudo-version such as v0.0.0-20260101120000-30891d0c1a2b),
// or "(devel)" when there is none.
var version string

// runVersion is `portal version`, also reached as `portal --version`.
func (m *Main) runVersion(ctx context.Context, args []string) error {
	fs := m.Flags("version", "")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	fmt.Fprint(m.Stdout, buildinfo.Running(version))
	return nil
}
