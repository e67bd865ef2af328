package site

// This file answers the questions the build asks of the render plan (the
// outputs New lists): which outputs are the same thing in another language,
// and which units of work a change to a page touches.

import (
	"github.com/uio-partner/portal/internal/content"
)

// Alternates returns output o in every language it exists in, o included,
// in the site's language order: the page's translations (and fallbacks), the
// contact page with the same topic chosen (or the contact page where the
// topic is missing), the same list page, taxonomy or term. Other kinds
// have no alternates but o. The language switch, the hreflang links and the
// sitemap all read it.
func (s *Site) Alternates(o Output) []Output {
	var out []Output
	for _, l := range s.Langs {
		if l.Code == o.Lang {
			out = append(out, o)
			continue
		}
		if u := s.urlIn(o, l); u != "" {
			if a, ok := s.Lookup(u); ok {
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, o) // an output of no language
	}
	return out
}

// urlIn is the address of o's counterpart in language l, or "".
func (s *Site) urlIn(o Output, l *Lang) string {
	switch o.Kind {
	case HomeOutput:
		return l.HomeURL()
	case PageOutput, StandaloneOutput, ContactOutput: // IsPage
		if o.Topic != nil {
			// The language switch keeps the chosen topic.
			if l.Contact == nil {
				return ""
			}
			for _, t := range l.Topics {
				if t.ID == o.Topic.ID {
					return t.URL
				}
			}
			return l.Contact.URL
		}
		if x := l.Ref(o.Page.Key()); x != nil {
			return x.URL
		}
	case ListOutput:
		// Another language's list may be shorter (pages only in this language).
		if sec := l.Section(o.Section.Name); sec != nil && Pages(len(sec.Pages), s.Config.Paginate) >= o.Pager.Number {
			return PagerURL(sec.URL, o.Pager.Number)
		}
	case TermsOutput:
		if t := l.Taxonomy(o.Taxonomy.Name); t != nil {
			return t.URL
		}
	case TermOutput:
		if t := l.Taxonomy(o.Taxonomy.Name); t != nil {
			for _, x := range t.Terms {
				if x.Slug == o.Term.Slug && Pages(len(x.Pages), s.Config.Paginate) >= o.Pager.Number {
					return PagerURL(x.URL, o.Pager.Number)
				}
			}
		}
	}
	return ""
}

// Indexed reports whether search engines are asked to index output o: the
// homes, lists, taxonomies and pages, but not a fallback (it repeats the
// original's text), a page whose front matter says noindex, a topic's copy
// of the contact page, or a list's later pages.
func (o Output) Indexed() bool {
	switch o.Kind {
	case HomeOutput, TermsOutput:
		return true
	case ListOutput, TermOutput:
		return o.Pager.Number == 1
	case PageOutput, StandaloneOutput, ContactOutput: // IsPage
		return o.Topic == nil && !o.Page.Fallback && o.Page.Params["noindex"] != true
	}
	return false
}

// SourceUnit is the unit that renders source page p: the home, a section's
// list for its introduction, or the page's own.
func SourceUnit(p *content.Page) Unit {
	switch p.Kind {
	case content.Home:
		return HomeUnit
	case content.SectionIndex:
		return SectionUnit(p.Section)
	}
	return PageUnit(p.Key())
}

// ShownBy returns the units that show page p's front matter (its title,
// summary, date or terms), besides p's own: the home and the sitemap, its
// section's list and feed, the taxonomies and terms it names, the pages of
// a section whose pages are the terms p names (each lists the pages naming
// it), and, when p's section's pages are a taxonomy's terms, every page of
// pages naming one (each shows its term pages' titles). pages are the
// source pages to look through: an incremental build passes those before
// and after the change, as the model does not hold the new ones yet.
func (s *Site) ShownBy(p *content.Page, pages []*content.Page) []Unit {
	units := []Unit{HomeUnit, SitemapUnit}
	if p.Section != "" {
		units = append(units, SectionUnit(p.Section), FeedUnit(p.Section))
	}
	termSections := map[string]bool{} // sections whose pages are terms p names
	for tax, terms := range p.Terms {
		if tc := s.Config.Taxonomy(tax); tc != nil && tc.Section != "" {
			termSections[tc.Section] = true
			continue
		}
		units = append(units, TermsUnit(tax))
		for _, t := range terms {
			units = append(units, TermUnit(tax, content.Slugify(t)))
		}
	}
	var namers []string // taxonomies whose terms are p's section's pages
	for _, tc := range s.Config.Taxonomies {
		if tc.Section != "" && tc.Section == p.Section {
			namers = append(namers, tc.Name)
		}
	}
	if len(termSections) == 0 && len(namers) == 0 {
		return units
	}
	for _, o := range pages {
		named := false
		for _, tax := range namers {
			named = named || len(o.Terms[tax]) > 0
		}
		if termSections[o.Section] || named {
			units = append(units, PageUnit(o.Key()))
		}
	}
	return units
}
