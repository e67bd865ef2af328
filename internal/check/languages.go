package check

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/search"
)

// lintLanguages warns about a site language search has no stemmer for:
// its search still works, but "companies" will not find "company", which
// the office should know before it promises a search in that language.
func (c *checker) lintLanguages(out *diag.List) {
	for _, l := range c.cfg.Languages {
		if search.HasStemmer(l.Code) {
			continue
		}
		out.Add(diag.Warnf(config.FileName, l.Line, 1, "language %q has no Snowball stemmer, so search will match exact words and prefixes only (a word will not find its other forms); search stems %s",
			l.Code, strings.Join(search.StemmerLanguages(), ", ")))
	}
}

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
