package check

import (
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/search"
)

// lintGlossary warns about a search glossary group none of whose words is
// on the site in its language: such a group finds nothing, so it is most
// likely misspelt, or in the wrong language's list.
func (c *checker) lintGlossary(out *diag.List) {
	if len(c.cfg.Search.Glossary) == 0 {
		return
	}
	// The words of every page, by the language of its text: titles,
	// summaries and Markdown as written (a word in a link counts too).
	// Each distinct word is stemmed once: a 10,000-page site says the same
	// few thousand words millions of times.
	words := map[string]map[string]bool{}   // words and their stems
	stemmed := map[string]map[string]bool{} // words whose stem is in words
	add := func(lang, text string) {
		if words[lang] == nil {
			words[lang], stemmed[lang] = map[string]bool{}, map[string]bool{}
		}
		for _, w := range search.TokenizeIn(lang, text) {
			if stemmed[lang][w] {
				continue
			}
			stemmed[lang][w] = true
			words[lang][w] = true
			words[lang][search.Stem(lang, w)] = true
		}
	}
	for _, info := range c.infos {
		p := info.page
		add(p.Lang, p.Title+" "+p.Summary+" "+string(p.Body))
	}
	for _, l := range c.cfg.Languages {
		for _, t := range c.cfg.Taxonomies {
			add(l.Code, t.Title.Get(l.Code))
			for _, term := range t.Terms {
				add(l.Code, term.Get(l.Code))
			}
		}
		for _, s := range c.cfg.Sections {
			add(l.Code, s.Title.Get(l.Code)+" "+s.Summary.Get(l.Code))
		}
	}
	for lang, groups := range c.cfg.Search.Glossary {
		has := func(w string) bool { return words[lang][w] }
		for _, i := range search.GlossaryUnused(lang, c.cfg.Search.GlossaryFor(lang), has) {
			g := groups[i]
			out.Add(diag.Warnf(config.FileName, g.Line, 1, "search glossary (%s): none of %s is on the site, so the group finds nothing; check the spelling and the language", lang, quoteAll(g.Words)))
		}
	}
}

// quoteAll is words quoted and joined with commas.
func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + w + `"`
	}
	return strings.Join(q, ", ")
}
