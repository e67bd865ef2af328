package content

// TermIndex finds the page a term names, for a taxonomy whose terms are the
// pages of a section (site.yaml taxonomies: section:). A term names a page
// by the page's slug or by its title in any of its languages, compared as
// slugs: "Roche", "roche" and "Forsvarets forskningsinstitutt" each find
// their partner page. This is the one rule for it, used by the build, the
// check and portal new.
type TermIndex struct {
	bySlug  map[string]string // page slug -> page key
	byTitle map[string]string // slug of a title -> page key
}

// NewTermIndex indexes the pages of section among pages.
func NewTermIndex(pages []*Page, section string) *TermIndex {
	ix := &TermIndex{bySlug: map[string]string{}, byTitle: map[string]string{}}
	for _, p := range pages {
		if p.Kind != Regular || p.Section != section {
			continue
		}
		ix.bySlug[p.Slug] = p.Key()
		if t := Slugify(p.Title); t != "" {
			if _, taken := ix.byTitle[t]; !taken {
				ix.byTitle[t] = p.Key() // pages come in File order: the first keeps a shared title
			}
		}
	}
	return ix
}

// Page returns the key of the page term names, or false.
func (ix *TermIndex) Page(term string) (key string, ok bool) {
	s := Slugify(term)
	if key, ok = ix.bySlug[s]; ok {
		return key, true
	}
	key, ok = ix.byTitle[s]
	return key, ok
}
