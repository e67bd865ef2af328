package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/scaffold"
)

func init() {
	register(&command{name: "new", summary: "write a new page from its section's template", run: runNew})
}

// runNew is `portal new <section> "Title"`.
func runNew(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("new", "[--lang CODE] [--slug SLUG] [--source DIR] <section> \"Title of the page\"")
	var req scaffold.Request
	fs.StringVar(&req.Root, "source", ".", "site root holding site.yaml")
	fs.StringVar(&req.Lang, "lang", "", "language of the page, e.g. nb writes <slug>.nb.md (default: the site's first language)")
	fs.StringVar(&req.Slug, "slug", "", "file name without .md (default: made from the title; a translation uses its original's)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintf(m.Stderr, "portal new: want a section and a title, e.g. portal new case-studies \"Sensors with FFI\"\n")
		fs.Usage()
		return errUsage
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
	fmt.Fprintf(m.Stdout, "wrote %s\nFill in the fields marked in its comments, then run: go run ./cmd/portal check\n", res.File)
	return nil
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments (portal new case-studies "Title" --lang nb).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
