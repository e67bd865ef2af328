package main

import (
	"context"
	"fmt"

	"github.com/uio-partner/portal/internal/check"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/devserver"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/perf"
)

// runBuild is `portal build`. This file holds the commands on the site
// itself: build it, check it, preview it.
func (m *Main) runBuild(ctx context.Context, args []string) error {
	var opts generator.Options
	var timings bool
	var cpuProfile, memProfile string
	fs := m.Flags("build", "[flags]")
	fs.StringVar(&opts.Source, "source", ".", "site root holding site.yaml, content/, layouts/ and static/")
	fs.StringVar(&opts.Out, "o", "", "output folder (default <source>/public)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "override site.yaml baseURL, e.g. https://staging.example.org/")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&opts.Future, "future", false, "include pages whose publishDate is in the future")
	fs.BoolVar(&opts.Expired, "expired", false, "include pages whose expiryDate has passed")
	fs.BoolVar(&opts.NoMinify, "no-minify", false, "write unminified output (to debug layouts)")
	fs.BoolVar(&opts.NoSearch, "no-search", false, "leave out the search index (to measure what it costs)")
	fs.BoolVar(&timings, "timings", false, "print how long each phase of the build took")
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	fs.StringVar(&memProfile, "memprofile", "", "write a heap profile (allocations) of the build to this file")
	m.cacheDirFlag(fs, &opts.CacheDir)
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	if timings {
		opts.Timings = m.Stderr
	}
	if cli.IsTerminal(m.Stderr) {
		opts.Progress = m.Stderr // "images 37/120" while pictures are processed; quiet in CI and logs
	}
	perf.PaceBuild(m.Getenv)
	stop, err := perf.StartCPUProfile(cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	res, err := generator.Build(ctx, opts)
	if perr := perf.WriteHeapProfile(memProfile); perr != nil {
		return perr
	}
	if err != nil {
		if generator.WriteFailure(m.Stderr, err, opts) {
			return cli.ExitError{Code: 1}
		}
		return err
	}
	// Warnings go where errors go, in the same format: an editor jumps to them.
	if err := diag.Write(m.Stderr, diag.FormatText, res.Warnings); err != nil {
		return err
	}
	res.WriteSummary(m.Stdout)
	return nil
}

// runCheck is `portal check [--source DIR] [--format text|github]`. Findings
// go to stdout; the exit status is 1 only when there are errors.
func (m *Main) runCheck(ctx context.Context, args []string) error {
	fs := m.Flags("check", "[--source DIR] [--format text|github]")
	source := fs.String("source", ".", "site root holding site.yaml, content/, layouts/ and static/")
	format := fs.String("format", diag.FormatText, "output: text (path:line:col: severity: message) or github (Actions annotations)")
	var cacheDir string
	m.cacheDirFlag(fs, &cacheDir)
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	if *format != diag.FormatText && *format != diag.FormatGitHub {
		fmt.Fprintf(m.Stderr, "portal check: unknown format %q: want text or github\n", *format)
		return cli.ErrUsage
	}
	list := check.Run(ctx, check.Options{Source: *source, CacheDir: cacheDir})
	if err := diag.Write(m.Stdout, *format, list); err != nil {
		return err
	}
	fmt.Fprintln(m.Stderr, "check:", list.Summary())
	if list.HasErrors() {
		return cli.ExitError{Code: 1}
	}
	return nil
}

// runServe is `portal serve [--addr 127.0.0.1:1313] [--source .]`.
func (m *Main) runServe(ctx context.Context, args []string) error {
	p := devserver.Preview{Log: m.Stderr, Out: m.Stdout}
	fs := m.Flags("serve", "[--addr HOST:PORT] [--source DIR]")
	fs.StringVar(&p.Addr, "addr", m.Default("PORTAL_ADDR", "127.0.0.1:1313"), "address to listen on (env PORTAL_ADDR)")
	fs.StringVar(&p.Options.Source, "source", ".", "site root holding site.yaml, content/, layouts/ and static/")
	fs.BoolVar(&p.Options.Drafts, "drafts", true, "include pages with draft: true")
	m.cacheDirFlag(fs, &p.Options.CacheDir)
	fs.StringVar(&p.ContactDB, "contact-db", m.Default("PORTAL_PREVIEW_DB", "data/preview-contact.db"), "SQLite file (or postgres:// URL) for inquiries sent from the preview's contact form (env PORTAL_PREVIEW_DB)")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	return p.Run(ctx)
}
