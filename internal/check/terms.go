package check

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// lintTerms warns about taxonomy terms that differ from a more used term only
// by case, spacing or a small typo ("Pharma" and "pharma", "medtec" and
// "medtech"): each spelling makes its own list of pages, or splits one.
func (c *checker) lintTerms(l *diag.List) {
	for i := range c.cfg.Taxonomies {
		tax := &c.cfg.Taxonomies[i]
		if tax.Section != "" {
			c.lintSectionTerms(tax, l)
			continue
		}
		uses := map[string][]*content.Page{} // spelling -> pages using it
		for _, info := range c.infos {
			p := info.page
			seen := map[string]bool{}
			for _, t := range p.Terms[tax.Name] {
				if !seen[t] {
					seen[t] = true
					uses[t] = append(uses[t], p)
				}
			}
		}
		spellings := make([]string, 0, len(uses))
		for t := range uses {
			spellings = append(spellings, t)
		}
		// The most used spelling first: it is the existing term the others
		// are compared with. Uses by published pages count first, so the
		// term of a new draft is the one called a variant.
		published := func(t string) int {
			n := 0
			for _, p := range uses[t] {
				if !p.Draft {
					n++
				}
			}
			return n
		}
		sort.Slice(spellings, func(i, j int) bool {
			a, b := spellings[i], spellings[j]
			if pa, pb := published(a), published(b); pa != pb {
				return pa > pb
			}
			if len(uses[a]) != len(uses[b]) {
				return len(uses[a]) > len(uses[b])
			}
			return a < b
		})
		slugs := make([]string, len(spellings))
		lower := make([]string, len(spellings))
		for i, t := range spellings {
			slugs[i] = content.Slugify(t)
			lower[i] = strings.ToLower(t)
		}
		variants := map[string]bool{} // spellings to replace by an existing term
		for i, t := range spellings {
			for j := 0; j < i; j++ {
				if !similar(lower[i], lower[j], slugs[i], slugs[j]) {
					continue
				}
				variants[slugs[i]] = slugs[i] != slugs[j]
				existing := spellings[j]
				n := len(uses[existing])
				for _, p := range uses[t] {
					line, col := termPos(p, tax.Name, t)
					l.Add(diag.Warnf(p.File, line, col, "front matter: %s term %q looks like the existing term %q (%s): use the same spelling", tax.Name, t, existing, pages(n)))
				}
				break
			}
		}
		c.lintTermNames(tax, variants, l)
	}
}

// lintSectionTerms reports the terms of a taxonomy whose terms are the pages
// of a section (partners) that name no page there: there is one list of
// partners, and a case study links each of its partners to its page.
func (c *checker) lintSectionTerms(tax *config.Taxonomy, l *diag.List) {
	var pages []*content.Page
	for _, info := range c.infos {
		pages = append(pages, info.page)
	}
	ix := content.NewTermIndex(pages, tax.Section)
	var names []string // the section's page titles, for suggestions
	seen := map[string]bool{}
	for _, p := range pages {
		if p.Kind == content.Regular && p.Section == tax.Section && !seen[p.Title] {
			seen[p.Title] = true
			names = append(names, p.Title)
		}
	}
	sort.Strings(names)
	suggestions := map[string]string{} // a name is often missing from many pages
	for _, info := range c.infos {
		p := info.page
		for _, t := range p.Terms[tax.Name] {
			line, col := termPos(p, tax.Name, t)
			key, ok := ix.Page(t)
			if !ok {
				// A draft may name a partner whose page is still to come.
				sev := diag.Error
				if p.Draft {
					sev = diag.Warning
				}
				suggestion, done := suggestions[t]
				if !done {
					suggestion = diag.DidYouMean(t, names, "")
					suggestions[t] = suggestion
				}
				l.Add(&diag.Diagnostic{File: p.File, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(
					"front matter: %s %q has no page in %s/%s/: use the name of one that has%s, or add its page (portal new %s %q)",
					tax.Name, t, content.Dir, tax.Section, suggestion, tax.Section, t)})
				continue
			}
			if target := c.pageIn(key, c.def); target != nil && target.page.Draft && !p.Draft {
				l.Add(diag.Warnf(p.File, line, col, "front matter: %s %q is a draft (%s): the name is shown without a link until that page is published", tax.Name, t, target.page.File))
			}
		}
	}
}

// lintTermNames warns, once per term, about terms that site.yaml gives no
// display name in one of the site's languages: pages show them as written
// ("mathematics-and-natural-sciences"), in every language. A typo of an
// existing term (variants) needs its spelling fixed, not a name.
func (c *checker) lintTermNames(tax *config.Taxonomy, variants map[string]bool, l *diag.List) {
	reported := map[string]bool{}
	for _, info := range c.infos {
		p := info.page
		for _, t := range p.Terms[tax.Name] {
			slug := content.Slugify(t)
			if slug == "" || reported[slug] || variants[slug] {
				continue
			}
			reported[slug] = true
			var missing []string
			for _, lang := range c.cfg.Languages {
				if _, ok := tax.TermName(slug, lang.Code); !ok {
					missing = append(missing, lang.Code)
				}
			}
			if len(missing) == 0 {
				continue
			}
			line, col := termPos(p, tax.Name, t)
			l.Add(diag.Warnf(p.File, line, col, "front matter: %s term %q has no display name for %s: pages show it as written; name it in %s under taxonomies, %s, terms: %s: {%s}",
				tax.Name, t, strings.Join(missing, ", "), config.FileName, tax.Name, slug, termNameExample(c.cfg)))
		}
	}
}

// termNameExample is "en: ..., nb: ..." for the site's languages.
func termNameExample(cfg *config.Config) string {
	parts := make([]string, len(cfg.Languages))
	for i, l := range cfg.Languages {
		parts[i] = l.Code + ": ..."
	}
	return strings.Join(parts, ", ")
}

// termPos is where page p writes term t of the taxonomy.
func termPos(p *content.Page, tax, t string) (line, col int) {
	for i, x := range p.Terms[tax] {
		if x == t {
			return p.ItemPos(tax, i)
		}
	}
	return p.Line(tax), 1
}

// similar reports whether two spellings (lower-cased, and slugified) name the
// same term: the same slug, or a small typo in a word long enough for two
// edits not to make another word.
func similar(a, b, slugA, slugB string) bool {
	if slugA == slugB {
		return true
	}
	if utf8.RuneCountInString(a) < 5 || utf8.RuneCountInString(b) < 5 {
		return false
	}
	if d := len(a) - len(b); d > 2 || d < -2 {
		return false
	}
	return diag.Distance(a, b) <= 2
}

func pages(n int) string {
	if n == 1 {
		return "used by 1 page"
	}
	return fmt.Sprintf("used by %d pages", n)
}
