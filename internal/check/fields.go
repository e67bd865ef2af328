package check

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
)

// lintFields checks a page's front matter beyond what the build rejects
// and warns about (content's Page.Warnings): the image field, and whether a
// translation has its original.
func (c *checker) lintFields(info *pageInfo, l *diag.List) {
	p := info.page
	if img := p.String("image"); img != "" {
		if _, known := c.cfg.Fields["imageAlt"]; known && strings.TrimSpace(p.String("imageAlt")) == "" {
			l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image has no imageAlt: add imageAlt: saying what the picture shows"))
		}
		switch {
		case strings.HasPrefix(img, "/"):
			if !c.staticExists(img) {
				l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image %q not found: add the file %s%s", img, generator.StaticDir, img))
			}
		case !content.IsPhoto(img):
			l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image %q beside the page must be a JPEG, PNG or WebP photo", img))
		default:
			// A photo beside its page: content/case-studies/x-photo.jpg.
			beside := path.Join(path.Dir(p.File), img)
			if fi, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(beside))); err != nil || !fi.Mode().IsRegular() {
				l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image %q not found: put the photo beside the page, at %s", img, beside))
			}
		}
	}

	if p.Lang != c.def && c.byKey[p.Key()][c.def] == nil {
		orig := strings.TrimSuffix(p.File, "."+p.Lang+".md") + ".md"
		l.Add(diag.Errorf(p.File, 1, 1, "translation without an original: %s does not exist; a translation's file name is its original's with .%s before .md", orig, p.Lang))
	}
}
