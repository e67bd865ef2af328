package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/scaffold"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/story"
)

// runNew is `portal new <section> "Title"`, or `portal new --from-issue
// EVENT.json` for a story sent with the story form.
func (m *Main) runNew(ctx context.Context, args []string) error {
	fs := m.Flags("new", "[--lang CODE] [--slug SLUG] [--source DIR] <section> \"Title of the page\"\n       portal new --from-issue EVENT.json [--source DIR] [--reply-dir DIR]")
	var req scaffold.Request
	fs.StringVar(&req.Root, "source", ".", "site root holding site.yaml")
	fs.StringVar(&req.Lang, "lang", "", "language of the page, e.g. nb writes <slug>.nb.md (default: the site's first language)")
	fs.StringVar(&req.Slug, "slug", "", "file name without .md (default: made from the title; a translation uses its original's)")
	fromIssue := fs.String("from-issue", "", "write the case study sent with the story form, from a GitHub issues event (a workflow's $GITHUB_EVENT_PATH)")
	replyDir := fs.String("reply-dir", "", "with --from-issue: write the replies, the pull request's texts and a copy of the files here")
	pos, err := cli.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *fromIssue != "" {
		if len(pos) > 0 || req.Lang != "" || req.Slug != "" {
			fmt.Fprintf(m.Stderr, "portal new: --from-issue takes the section, title, language and slug from the issue\n")
			return cli.ErrUsage
		}
		return m.newFromIssue(ctx, req.Root, *fromIssue, *replyDir)
	}
	if *replyDir != "" {
		fmt.Fprintf(m.Stderr, "portal new: --reply-dir goes with --from-issue\n")
		return cli.ErrUsage
	}
	if len(pos) != 2 {
		fmt.Fprintf(m.Stderr, "portal new: want a section and a title, e.g. portal new case-studies \"Sensors with FFI\"\n")
		fs.Usage()
		return cli.ErrUsage
	}
	req.Section, req.Title = pos[0], pos[1]
	req.Now = time.Now()
	res, err := scaffold.New(req)
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(m.Stderr, "note:", n)
	}
	fmt.Fprintf(m.Stdout, "wrote %s\nFill in the fields marked in its comments, then run: portal check (with Go: go run ./cmd/portal check)\n", res.File)
	return nil
}

// newFromIssue converts the story in the issues event at eventFile. A
// story that cannot be a page as it is exits 1 with the reply that says
// why (in replyDir, and on stderr).
func (m *Main) newFromIssue(ctx context.Context, root, eventFile, replyDir string) error {
	req := story.Request{Root: root, Fetcher: &attachment.Fetcher{Client: m.HTTPClient}, CacheDir: m.Default(source.CacheEnv, "")}
	res, err := story.FromIssue(ctx, req, eventFile, replyDir)
	var refusal *story.Refusal
	if errors.As(err, &refusal) {
		fmt.Fprint(m.Stderr, refusal.Reply())
		return cli.ExitError{Code: 1}
	}
	if err != nil {
		return err
	}
	for _, f := range res.Files {
		fmt.Fprintf(m.Stdout, "wrote %s\n", f)
	}
	if err := diag.Write(m.Stdout, diag.FormatText, res.Diagnostics()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "story of issue #%d ready for branch %s\n", res.Issue.Number, res.Branch)
	return nil
}

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
