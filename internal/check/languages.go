package check

import (
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
