package main

import (
	"context"
	"fmt"

	"github.com/uio-partner/portal/internal/check"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/diag"
)

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
	errs, warns := list.Count()
	switch {
	case errs > 0:
		fmt.Fprintf(m.Stderr, "check: %d error(s), %d warning(s)\n", errs, warns)
		return cli.ExitError{Code: 1}
	case warns > 0:
		fmt.Fprintf(m.Stderr, "check: no errors, %d warning(s)\n", warns)
	default:
		fmt.Fprintln(m.Stderr, "check: no problems found")
	}
	return nil
}
