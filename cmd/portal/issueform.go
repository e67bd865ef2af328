package main

import (
	"context"
	"fmt"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/story"
)

// runIssueForm is `portal issue-form [--source DIR] [--check]`.
func (m *Main) runIssueForm(ctx context.Context, args []string) error {
	fs := m.Flags("issue-form", "[--source DIR] [--check]")
	source := fs.String("source", ".", "site root holding site.yaml and .github/")
	checkOnly := fs.Bool("check", false, "write nothing; exit 1 if the form differs from what the site's lists make")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	if *checkOnly {
		stale, err := story.Stale(*source)
		if err != nil {
			return err
		}
		if stale {
			fmt.Fprintf(m.Stderr, "%s is out of date with the site's partners, sectors and faculties: run go run ./cmd/portal issue-form\n", story.TemplateFile)
			return cli.ExitError{Code: 1}
		}
		fmt.Fprintf(m.Stdout, "%s is up to date\n", story.TemplateFile)
		return nil
	}
	if err := story.WriteTemplate(*source); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %s\n", story.TemplateFile)
	return nil
}
