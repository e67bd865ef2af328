package check

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// A photo beside its page (content/case-studies/x-photo.jpg, image:
// x-photo.jpg) is the page's photo, not a stray file: the check accepts it,
// and reports one that is missing or not a photo, with imageAlt required as
// for any image.
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
	got := texts(Run(context.Background(), Options{Source: dir}))
	want := []string{
		`content/case-studies/b.md:5:1: error: front matter: image "b-photo.jpg" not found: put the photo beside the page, at content/case-studies/b-photo.jpg`,
		`content/case-studies/c.md:5:1: error: front matter: image "c.gif" beside the page must be a JPEG, PNG or WebP photo`,
		`content/case-studies/d.md:5:1: error: front matter: image has no imageAlt: add imageAlt: saying what the picture shows`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
