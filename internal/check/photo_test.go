package check

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/sitetest"
)

// A photo beside its page (content/case-studies/x-photo.jpg, image:
// x-photo.jpg) is the page's photo, not a stray file: the check accepts it,
// and reports one that is missing, with imageAlt required as for any
// image. (Which formats are read, and what a GIF, HEIC or SVG gets, is
// TestImageLints'.)
func TestPhotoBesidePage(t *testing.T) {
	page := func(image, alt string) string {
		return "---\ntitle: A\nsummary: S.\ndate: 2024-03-01\nimage: " + image + "\nimageAlt: " + alt + "\n---\nText.\n"
	}
	dir := baseSite(t, "")
	sitetest.WriteFile(t, dir, "content/case-studies/a.md", page("a-photo.png", "Two people"))
	writePNG(t, filepath.Join(dir, "content", "case-studies", "a-photo.png"), 4, 3)
	sitetest.WriteFile(t, dir, "content/case-studies/a.nb.md", page("a-photo.png", "To personer"))
	sitetest.WriteFile(t, dir, "content/case-studies/b.md", page("b-photo.jpg", "A lab"))
	sitetest.WriteFile(t, dir, "content/case-studies/c.md", page("c.gif", "A lab"))
	sitetest.WriteFile(t, dir, "content/case-studies/d.md", page("a-photo.png", `""`))
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir, CacheDir: t.TempDir()}) {
		if d.Severity == diag.Error {
			got = append(got, d.String())
		}
	}
	want := []string{
		`content/case-studies/b.md:5:1: error: image "b-photo.jpg": not found: add the file content/case-studies/b-photo.jpg (names are case-sensitive)`,
		`content/case-studies/c.md:5:1: error: image "c.gif": not found: add the file content/case-studies/c.gif (names are case-sensitive)`,
		`content/case-studies/d.md:5:1: error: front matter: image has no imageAlt: add imageAlt: saying what the picture shows, for readers who cannot see it`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
