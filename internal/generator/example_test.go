package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/sitetest"
)

// TestExampleSiteComplete is the smoke test of the example site, the one Go
// test that builds its content (the others build fixture sites,
// testdata/sites): the example site a company sees is finished and in each
// of its languages. It builds as published (placeholders refused), no
// output file holds the placeholder marker, and none of its own pages is
// shown in another language's text. It counts both, so it fails when a
// translation goes missing or a placeholder slips through; it asserts
// properties, never a list of pages, so a contributed story passes.
func TestExampleSiteComplete(t *testing.T) {
	root := sitetest.RepoRoot()
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(t.Context(), Options{Source: root, Out: out})
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
			t.Errorf("%s has no %s translation: its /%s/ address shows the other language's text", f.File, f.Lang, f.Lang)
		}
	}
	t.Logf("%d pages; %d fallback pages of the example site's own (%d in all), %d output files with a placeholder",
		res.Pages, fallbacks, len(res.Fallbacks), placeholders)
}
