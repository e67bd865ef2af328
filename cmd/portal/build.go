package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
		out := opts.Out
		if out == "" {
			out = filepath.Join(opts.Source, "public")
		}
		return m.reportDiagnostics(err, out)
	}
	// Warnings go where errors go, in the same format: an editor jumps to them.
	for _, d := range res.Warnings {
		fmt.Fprintln(m.Stderr, d.String())
	}
	fmt.Fprintf(m.Stdout, "built %d pages, %d files (%.1f MB) in %s\n", res.Pages, res.Files, float64(res.Bytes)/1e6, res.Duration.Round(1e6))
	if res.Images > 0 {
		fmt.Fprintf(m.Stdout, "%d %s: %d %s made, the rest from the cache\n", res.Images, plural(res.Images, "picture", "pictures"), res.ImagesMade, plural(res.ImagesMade, "size", "sizes"))
	}
	// Pages without a translation are served in their original's text:
	// say which, so the communications team knows what is left to translate.
	const shown = 10
	for i, f := range res.Fallbacks {
		if i == shown {
			fmt.Fprintf(m.Stdout, "  and %d more\n", len(res.Fallbacks)-shown)
			break
		}
		if i == 0 {
			fmt.Fprintf(m.Stdout, "%d %s no translation and %s shown in the original's text:\n", len(res.Fallbacks), plural(len(res.Fallbacks), "page has", "pages have"), plural(len(res.Fallbacks), "is", "are"))
		}
		fmt.Fprintf(m.Stdout, "  %s has no translation into %s\n", f.File, f.Lang)
	}
	return nil
}

// reportDiagnostics prints content errors one per line as path:line:col:
// message, with a count and the untouched output folder, and turns them into
// exit status 1.
func (m *Main) reportDiagnostics(err error, out string) error {
	list, ok := diag.AsList(err)
	if !ok {
		return err
	}
	for _, d := range list {
		fmt.Fprintln(m.Stderr, d.String())
	}
	n := 0
	for _, d := range list {
		if d.Severity == diag.Error {
			n++
		}
	}
	fmt.Fprintf(m.Stderr, "build failed: %d error(s); %s was not changed\n", n, out)
	return cli.ExitError{Code: 1}
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
