package main

import (
	"context"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/perf"
)

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
	if isTerminal(m.Stderr) {
		opts.Progress = m.Stderr // "images 37/120" while pictures are processed; quiet in CI and logs
	}
	perf.PaceBuild(m.Getenv)
	if cpuProfile != "" {
		stop, err := perf.StartCPUProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := generator.Build(ctx, opts)
	if memProfile != "" {
		if perr := perf.WriteHeapProfile(memProfile); perr != nil {
			return perr
		}
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

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
