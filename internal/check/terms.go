package check

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// lintTerms warns about taxonomy terms that differ from a more used term only
// by case, spacing or a small typo ("Pharma" and "pharma", "medtec" and
// "medtech"): each spelling makes its own list of pages, or splits one.
func (c *checker) lintTerms(l *diag.List) {
	for _, tax := range c.cfg.Taxonomies {
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
		for i, t := range spellings {
			for j := 0; j < i; j++ {
				if !similar(lower[i], lower[j], slugs[i], slugs[j]) {
					continue
				}
				existing := spellings[j]
				n := len(uses[existing])
				for _, p := range uses[t] {
					line, col := c.position(p.File, p.Line(tax.Name), t)
					l.Add(diag.Warnf(p.File, line, col, "front matter: %s term %q looks like the existing term %q (%s): use the same spelling", tax.Name, t, existing, pages(n)))
				}
				break
			}
		}
	}
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
