package check

import (
	"os"
	"path/filepath"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
)

// lintDefaultLanguage reports a default language (the first in
// site.yaml) without a single page: its pages are the ones at /, the
// files without a language code, and without them the site has no front
// page, no contact page, and every translation is one without an original.
func (c *checker) lintDefaultLanguage(out *diag.List) {
	for _, p := range c.all {
		if p.Lang == c.def {
			return
		}
	}
	line := 0
	if data, err := os.ReadFile(filepath.Join(c.root, config.FileName)); err == nil {
		line = config.Line(data, "languages", "0")
	}
	out.Add(diag.Errorf(config.FileName, line, 0, "the default language %q (the first under languages:) has no pages: write its pages as the files without a language code (content/_index.md, content/about.md), or list first the language the pages are in", c.def))
}
