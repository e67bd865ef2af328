package check

import (
	"strings"

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
		if strings.HasPrefix(img, "/") && !c.staticExists(img) {
			l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image %q not found: add the file %s%s", img, generator.StaticDir, img))
		}
	}

	if p.Lang != c.def && c.byKey[p.Key()][c.def] == nil {
		orig := strings.TrimSuffix(p.File, "."+p.Lang+".md") + ".md"
		l.Add(diag.Errorf(p.File, 1, 1, "translation without an original: %s does not exist; a translation's file name is its original's with .%s before .md", orig, p.Lang))
	}
}
