package check

import (
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
)

// lintFields checks a page's front matter beyond what the build rejects
// and warns about (content's Page.Warnings): the image field, and whether a
// translation has its original.
func (c *checker) lintFields(info *pageInfo, l *diag.List) {
	p := info.page
	for _, name := range c.cfg.ImageFields() {
		if p.String(name) == "" {
			continue
		}
		if _, external, _ := site.ImageFile(p.File, p.String(name)); external {
			l.Add(diag.Warnf(p.File, p.Line(name), 1, "front matter: %s %q is loaded from another site: the site loads nothing from other sites (a picture can be a tracking pixel); put the file beside the page and write its name", name, p.String(name)))
		}
		alt := config.AltField(name)
		if strings.TrimSpace(p.String(alt)) == "" {
			l.Add(diag.Errorf(p.File, p.Line(name), 1, "front matter: %s has no %s: add %s: saying what the picture shows, for readers who cannot see it", name, alt, alt))
		}
	}

	if p.Lang != c.def && c.byKey[p.Key()][c.def] == nil {
		orig := strings.TrimSuffix(p.File, "."+p.Lang+".md") + ".md"
		l.Add(diag.Errorf(p.File, 1, 1, "translation without an original: %s does not exist; a translation's file name is its original's with .%s before .md", orig, p.Lang))
	}
}
