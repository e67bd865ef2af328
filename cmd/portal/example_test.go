package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/sitetest"
)

// TestExampleSite is the smoke test of the example site, the one Go test
// that reads its content and site.yaml (the others build fixture sites,
// testdata/sites, so the example can be rewritten freely): `portal check`
// finds no error, the committed story form lists the site's partners,
// sectors and faculties (after changing them, `portal issue-form` writes it
// again), and the site a company sees is finished in each of its
// languages. It builds as published (placeholders refused), no output file
// holds the placeholder marker, and none of its own pages is shown in
// another language's text. It asserts properties, never a list of pages, so
// a contributed story or a new institution's pages pass.
func TestExampleSite(t *testing.T) {
	root := sitetest.RepoRoot()
	if code, out, errOut := run(t, "check", "--source", root); code != 0 {
		t.Errorf("portal check: exit %d on the example site:\n%s%s", code, out, errOut)
	}
	if code, out, errOut := run(t, "issue-form", "--source", root, "--check"); code != 0 {
		t.Errorf("portal issue-form --check: exit %d on the example site:\n%s%s", code, out, errOut)
	}
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(t.Context(), generator.Options{Source: root, Out: out})
	if err != nil {
		t.Fatalf("the example site does not build as published: %v", err)
	}
	placeholders := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && bytes.Contains(data, []byte(cfg.Placeholder)) {
			placeholders++
			rel, _ := filepath.Rel(out, p)
			t.Errorf("%s holds the placeholder %q", rel, cfg.Placeholder)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fallbacks := 0
	for _, f := range res.Fallbacks {
		if sitetest.ExamplePage(root, f.File) {
			fallbacks++
			t.Errorf("%s has no %s translation: its address in that language shows another language's text", f.File, f.Lang)
		}
	}
	t.Logf("%d pages; %d fallback pages of the example site's own (%d in all), %d output files with a placeholder",
		res.Pages, fallbacks, len(res.Fallbacks), placeholders)
}
