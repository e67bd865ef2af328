// Package site is the linked site model and every address rule: the pages
// of each language with their translations and fallbacks, the section lists
// and their pager pages, the taxonomies and their terms, the contact topic
// pages, how a Markdown link names a page and a picture names a file, and the
// list of every output the build writes, with clashing addresses found when
// the model is made. The build renders from it, portal check resolves links
// against it, and the preview keeps it up to date.
package site

import (
	"cmp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

// Page is a page as it is served in one language: the source page, its
// address, and whether it is a fallback (the default-language text shown
// under another language because no translation exists).
type Page struct {
	*content.Page
	Lang         string // the language of the site tree it is served in
	URL          string // site-relative, e.g. /nb/offerings/mentoring/
	Permalink    string // absolute
	Fallback     bool
	SectionTitle string
	// DateLabel says what Date means in the page's section ("Published"),
	// or is "" where the section shows no date.
	DateLabel string
	// Copies of the source page's most used fields (see setSource).
	Title, Summary, Section, Layout string
	Date                            time.Time
	Params                          map[string]any

	// TermLinks are the page's terms, linked to their term pages in the
	// same language, in the order of site.yaml's taxonomies: what layouts
	// show as the page's facts without a lookup per term.
	TermLinks []PageTerms
	// Term is the term this page stands for when its section's pages are
	// a taxonomy's terms (a partner): .Term.Pages are the pages naming it.
	Term *Term
	// Image is the page's picture (front matter image:): its hero, its
	// card's thumbnail and its link preview; nil without one.
	Image *PageImage
	// Answers are a guide step's answers, linked in the page's language.
	Answers []GuideAnswer
	// Documents are the files the page offers (front matter documents:).
	Documents []*Document

	sortTitle string // lower-cased title, computed once: sorting compares it often
}

// setPage points r at p. The fields layouts read most are copied onto r:
// html/template finds a field of an embedded struct only by a search of
// every embedded type, which on a large site costs more than the copy.
func (r *Page) setSource(p *content.Page) {
	r.Page = p
	r.Title, r.Summary, r.Section, r.Layout = p.Title, p.Summary, p.Section, p.Layout
	r.Date, r.Params = p.Date, p.Params
}

// ContentLang is the language the page's text is written in.
func (p *Page) ContentLang() string { return p.Page.Lang }

// termNames are the page's terms by their display names, per taxonomy: what
// search filters show.
func (p *Page) TermNames() map[string][]string {
	if len(p.TermLinks) == 0 {
		return nil
	}
	names := make(map[string][]string, len(p.TermLinks))
	for _, pt := range p.TermLinks {
		for _, t := range pt.Terms {
			names[pt.Taxonomy.Name] = append(names[pt.Taxonomy.Name], t.Name)
		}
	}
	return names
}

// PageTerms are a page's terms of one taxonomy.
type PageTerms struct {
	Taxonomy *Taxonomy
	Terms    []TermLink

	terms []*Term // while the taxonomy is grouped, before terms are named
}

// TermLink is a term by its display name and the URL of its term page; URL
// is "" for a term that names no page (a partner without a partner page).
type TermLink struct {
	Name string
	URL  string
}

// Term is one taxonomy term with its pages in one language.
type Term struct {
	// Name is the display name in site.yaml for the language, else the
	// most common spelling; for a taxonomy of a section's pages, the
	// title of the term's page.
	Name  string
	Slug  string
	URL   string
	Pages []*Page
	Page  *Page // the term's page, for a taxonomy of a section's pages
}

// Count is the number of pages with the term.
func (t *Term) Count() int { return len(t.Pages) }

// Taxonomy is a taxonomy with its terms in one language.
type Taxonomy struct {
	Name  string
	Title string
	URL   string
	Terms []*Term // sorted by name
	// Section is set when the section's pages are the terms: the taxonomy
	// then has no pages of its own, and URL is the section's.
	Section *Section
}

// Section is a section in one language, its pages in the configured order.
type Section struct {
	Name    string
	Title   string
	Summary string
	URL     string
	Intro   *Page // content/<section>/_index.md, if any
	Pages   []*Page
	Config  *config.Section
}

// Topic is a contact topic in one language.
type Topic struct {
	ID    string
	Label string
	URL   string // the contact page with this topic selected
	Unit  string // who answers, or ""
	// ReplyDays is the promise in working days: the same number the
	// contact endpoint computes the reply-by day from.
	ReplyDays int
}

// Lang is the whole site in one language.
type Lang struct {
	Code     string
	Name     string
	Locale   string
	Prefix   string // "" for the default language, "/nb" otherwise
	Default  bool
	Home     *Page      // content/_index.md texts, may be nil
	Sections []*Section // the sections with a published page, in site.yaml's order
	// Empty are the sections with no published page. They are kept out of
	// every menu, list, filter and the sitemap, and get no address until
	// their first page is published; a link to one leads to the contact form
	// (EmptySection).
	Empty      []*Section
	Taxonomies []*Taxonomy
	Standalone []*Page
	Topics     []*Topic
	Contact    *Page   // the page with layout: contact, or nil
	Guide      *Page   // the guide's first question (layout: guide), or nil
	Pages      []*Page // every regular page, fallbacks included
	byKey      map[string]*Page
}

// URL is the site path p (/search/) in the language: /nb/search/.
func (l *Lang) URL(p string) string { return l.Prefix + "/" + strings.TrimPrefix(p, "/") }

// SearchIndexURL is the folder of the language's search index.
func (l *Lang) SearchIndexURL() string { return SearchIndexURL(l.Code) }

// SearchStemmersURL is the stemmers' script the search page loads, the same
// for every language (it holds them all).
func (l *Lang) SearchStemmersURL() string { return SearchStemmersURL }

// HomeURL is the language's home page.
func (l *Lang) HomeURL() string { return l.Prefix + "/" }

// ContactURL is the contact page of the language: the page with layout:
// contact, at /contact/ when there is none.
func (l *Lang) ContactURL() string {
	if l.Contact != nil {
		return l.Contact.URL
	}
	return l.URL(ContactPath)
}

// SearchURL is the search page of the language: the page with layout:
// search, at /search/ when there is none.
func (l *Lang) SearchURL() string { return l.layoutURL(SearchLayout, SearchPath) }

// ThanksURL is where the contact form sends a visitor whose inquiry is
// stored: the page with layout: thanks, at ThanksPath when there is none.
func (l *Lang) ThanksURL() string { return l.layoutURL(ThanksLayout, ThanksPath) }

// layoutURL is the address of the language's standalone page with layout,
// or the site path fallback in the language when it has none.
func (l *Lang) layoutURL(layout, fallback string) string {
	if r := l.StandaloneWith(layout); r != nil {
		return r.URL
	}
	return l.URL(fallback)
}

// StandaloneWith returns the language's standalone page with layout (its
// own, or the default language's shown in its place), or nil.
func (l *Lang) StandaloneWith(layout string) *Page {
	for _, r := range l.Standalone {
		if r.Layout == layout {
			return r
		}
	}
	return nil
}

// Section returns the section with name, or nil.
func (l *Lang) Section(name string) *Section {
	for _, s := range l.Sections {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// EmptySection returns the section with no published page whose list is at
// the site path p in any language (/facilities/, /nb/facilities/, a page of
// its list), or nil.
func (l *Lang) EmptySection(p string) *Section {
	for _, sec := range l.Empty {
		for _, prefix := range []string{sec.URL, SectionURL("", sec.Name)} {
			if p == prefix || strings.HasPrefix(p, prefix) && strings.HasPrefix(strings.TrimPrefix(p, prefix), pagerFolder+"/") {
				return sec
			}
		}
	}
	return nil
}

// TopicFor is the contact topic a visitor looking for the section would
// choose: the topic named like the section, or else fallback (the topic of
// the page they came from), or nil.
func (l *Lang) TopicFor(sec *Section, fallback string) *Topic {
	for _, id := range []string{sec.Name, fallback} {
		for _, t := range l.Topics {
			if t.ID == id {
				return t
			}
		}
	}
	return nil
}

// Taxonomy returns the taxonomy with name, or nil.
func (l *Lang) Taxonomy(name string) *Taxonomy {
	for _, t := range l.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Ref returns the page with key ("section/slug" or a standalone slug), or nil.
func (l *Lang) Ref(key string) *Page { return l.byKey[key] }

// Site is the linked site: every language's tree, made from the pages to
// publish (or, for portal check, all of them).
type Site struct {
	Config *config.Config
	Langs  []*Lang // in site.yaml's order; the first is the default

	outputs map[string]Output // by output file, /x/index.html

	images     map[string]*Image     // the pictures pages show, by source file
	pageImages map[string]*PageImage // by page file, field and destination (imageKey)
}

// HeroField is the front-matter field of a page's own picture, which the
// theme shows as its hero, card thumbnail and link preview.
const HeroField = "image"

// Lang returns the language with code, or nil.
func (s *Site) Lang(code string) *Lang {
	for _, l := range s.Langs {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// link links pages into per-language trees. Pages without a translation
// appear in other languages as fallbacks. The languages are independent, so
// they are linked at once, one per core: a new page in the preview relinks
// the whole site.
func link(cfg *config.Config, pages []*content.Page) *Site {
	m := &Site{Config: cfg, Langs: make([]*Lang, len(cfg.Languages))}
	terms := map[string]*content.TermIndex{} // taxonomy -> the pages its terms name
	for _, t := range cfg.Taxonomies {
		if t.Section != "" {
			terms[t.Name] = content.NewTermIndex(pages, t.Section)
		}
	}
	var wg sync.WaitGroup
	for i, lc := range cfg.Languages {
		wg.Go(func() { m.Langs[i] = newLang(cfg, lc, pages, terms) })
	}
	wg.Wait()
	return m
}

// newLang links the site tree of one language.
func newLang(cfg *config.Config, lc config.Language, pages []*content.Page, terms map[string]*content.TermIndex) *Lang {
	def := cfg.DefaultLanguage()
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	l := &Lang{Code: lc.Code, Name: lc.Name, Locale: lc.Locale, Default: lc.Code == def, Prefix: Prefix(lc.Code, def), byKey: map[string]*Page{}}
	ref := func(p *content.Page, fallback bool) *Page {
		r := &Page{Lang: l.Code, Fallback: fallback, sortTitle: strings.ToLower(p.Title)}
		r.setSource(p)
		r.URL = PageURL(l.Prefix, p)
		r.Permalink = base + r.URL
		if s := cfg.Section(p.Section); s != nil {
			r.SectionTitle = s.Title.Get(l.Code)
			r.DateLabel = s.DateLabel.Get(l.Code)
		}
		return r
	}
	// Choose, per key, the page in this language or the default-language fallback.
	// Only published pages count as translations: a draft translation
	// leaves the original to fall back.
	translated := map[string]bool{}
	for _, p := range pages {
		if p.Lang == l.Code {
			translated[p.TranslationKey()] = true
		}
	}
	chosen := map[string]*Page{}
	var keys []string
	for _, p := range pages {
		k := p.TranslationKey()
		switch {
		case p.Lang == l.Code:
			if _, seen := chosen[k]; !seen {
				keys = append(keys, k)
			}
			chosen[k] = ref(p, false)
		case p.Lang == def && !translated[k]:
			if _, seen := chosen[k]; !seen {
				keys = append(keys, k)
				chosen[k] = ref(p, true)
			}
		}
	}
	sort.Strings(keys)
	for _, s := range cfg.Sections {
		sec := s
		l.Sections = append(l.Sections, &Section{Name: s.Name, Title: s.Title.Get(l.Code), Summary: s.Summary.Get(l.Code), URL: SectionURL(l.Prefix, s.Name), Config: &sec})
	}
	for _, k := range keys {
		r := chosen[k]
		switch r.Kind {
		case content.Home:
			l.Home = r
		case content.SectionIndex:
			l.Section(r.Section).Intro = r
		case content.Standalone:
			l.Standalone = append(l.Standalone, r)
			l.byKey[r.Key()] = r
		default:
			l.Pages = append(l.Pages, r)
			l.byKey[r.Key()] = r
			sec := l.Section(r.Section)
			sec.Pages = append(sec.Pages, r)
		}
	}
	for _, s := range l.Sections {
		sortPages(s.Pages, s.Config)
	}
	l.Taxonomies = buildTaxonomies(cfg, l, terms)
	all := l.Sections
	l.Sections = nil
	for _, sec := range all {
		if len(sec.Pages) == 0 {
			l.Empty = append(l.Empty, sec)
		} else {
			l.Sections = append(l.Sections, sec)
		}
	}
	// A topic's page lives under the contact page's address (content/contact.md:
	// /contact/<topic>/).
	for _, r := range l.Standalone {
		if r.Layout == ContactLayout {
			l.Contact = r
			break
		}
	}
	for _, t := range cfg.Contact.Topics {
		l.Topics = append(l.Topics, &Topic{ID: t.ID, Label: t.Label.Get(l.Code), URL: topicURL(l.ContactURL(), t.ID), Unit: t.Unit.Get(l.Code), ReplyDays: t.ReplyDays})
	}
	return l
}

// ContactLayout is the layout of the contact page, which is also served once
// per topic with that topic chosen.
const ContactLayout = "contact"

// The layouts of the standalone pages the theme links from every page.
const (
	// SearchLayout is the search page's: kept out of the search index,
	// and rendered again with the home page (it lists what the home
	// lists, in its no-results box).
	SearchLayout = "search"
	ThanksLayout = "thanks" // the page after an inquiry is stored
)

// sortPages orders a section by its sort field; ties go by title, then slug,
// so the order never depends on the file system.
func sortPages(pages []*Page, s *config.Section) {
	field, desc := s.SortField()
	sort.Slice(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		// Pages without the field go last, in either direction.
		if ha, hb := hasField(a.Page, field), hasField(b.Page, field); ha != hb {
			return ha
		}
		if field == "title" {
			if a.sortTitle != b.sortTitle {
				return (a.sortTitle < b.sortTitle) != desc
			}
		} else if c := compareField(a.Page, b.Page, field); c != 0 {
			return (c < 0) != desc
		}
		if a.sortTitle != b.sortTitle {
			return a.sortTitle < b.sortTitle
		}
		return a.URL < b.URL
	})
}

// hasField reports whether p has a value for field to sort by: an empty
// string or date counts as none.
func hasField(p *content.Page, field string) bool {
	switch v := p.Params[field].(type) {
	case nil:
		return false
	case time.Time:
		return !v.IsZero()
	case string:
		return v != ""
	}
	return true
}

func compareField(a, b *content.Page, field string) int {
	switch av := a.Params[field].(type) {
	case time.Time:
		bv, _ := b.Params[field].(time.Time)
		return av.Compare(bv)
	case int:
		bv, _ := b.Params[field].(int)
		return cmp.Compare(av, bv) // not av-bv, which overflows
	case string:
		bv, _ := b.Params[field].(string)
		return strings.Compare(strings.ToLower(av), strings.ToLower(bv))
	}
	return 0
}

// buildTaxonomies groups a language's pages by term. Terms that differ only in
// case or spacing share a page; site.yaml's display name, else the most
// common spelling, names it. A taxonomy whose terms are a section's pages
// (terms holds their index) links each term to its page instead.
func buildTaxonomies(cfg *config.Config, l *Lang, terms map[string]*content.TermIndex) []*Taxonomy {
	var out []*Taxonomy
	for i := range cfg.Taxonomies {
		tc := &cfg.Taxonomies[i]
		tax := &Taxonomy{Name: tc.Name, Title: tc.Title.Get(l.Code), URL: taxonomyURL(l.Prefix, tc.Path)}
		if ix := terms[tc.Name]; ix != nil {
			linkSectionTerms(l, tax, l.Section(tc.Section), ix)
		} else {
			groupTerms(l, tc, tax)
		}
		sort.Slice(tax.Terms, func(i, j int) bool {
			a, b := strings.ToLower(tax.Terms[i].Name), strings.ToLower(tax.Terms[j].Name)
			if a != b {
				return a < b
			}
			return tax.Terms[i].Slug < tax.Terms[j].Slug
		})
		out = append(out, tax)
	}
	return out
}

// groupTerms makes the terms of a taxonomy with pages of its own.
func groupTerms(l *Lang, tc *config.Taxonomy, tax *Taxonomy) {
	bySlug := map[string]*Term{}
	spellings := map[string]map[string]int{}
	for _, p := range l.Pages {
		var links []*Term
		for _, name := range p.Terms[tc.Name] {
			slug := content.Slugify(name)
			if slug == "" {
				continue
			}
			t := bySlug[slug]
			if t == nil {
				t = &Term{Slug: slug, URL: termURL(tax.URL, slug)}
				bySlug[slug] = t
				spellings[slug] = map[string]int{}
			}
			links = append(links, t)
			if n := len(t.Pages); n == 0 || t.Pages[n-1] != p { // a page listing a term twice counts once
				t.Pages = append(t.Pages, p)
			}
			spellings[slug][name]++
		}
		if links != nil {
			// Names are known once every page is seen: link the terms
			// now, name the links below.
			p.TermLinks = append(p.TermLinks, PageTerms{Taxonomy: tax, terms: links})
		}
	}
	for slug, t := range bySlug {
		if name, ok := tc.TermName(slug, l.Code); ok {
			t.Name = name
		} else {
			best, bestN := "", -1
			for name, n := range spellings[slug] {
				if n > bestN || (n == bestN && name < best) {
					best, bestN = name, n
				}
			}
			t.Name = best
		}
		SortNewestFirst(t.Pages)
		tax.Terms = append(tax.Terms, t)
	}
	for _, p := range l.Pages {
		for i := range p.TermLinks {
			pt := &p.TermLinks[i]
			if pt.Taxonomy != tax {
				continue
			}
			for _, t := range pt.terms {
				pt.Terms = append(pt.Terms, TermLink{Name: t.Name, URL: t.URL})
			}
			pt.terms = nil
		}
	}
}

// linkSectionTerms makes the terms of a taxonomy whose terms are the pages
// of sec: each page of sec is a term, and the pages that name it are its
// pages. A term that names no page is shown as written, without a link.
func linkSectionTerms(l *Lang, tax *Taxonomy, sec *Section, ix *content.TermIndex) {
	tax.Section, tax.URL = sec, sec.URL
	byKey := map[string]*Term{}
	for _, r := range sec.Pages {
		t := &Term{Name: r.Title, Slug: r.Slug, URL: r.URL, Page: r}
		r.Term = t
		byKey[r.Key()] = t
		tax.Terms = append(tax.Terms, t)
	}
	for _, p := range l.Pages {
		var links []TermLink
		for _, name := range p.Terms[tax.Name] {
			key, _ := ix.Page(name)
			t := byKey[key]
			if t == nil {
				links = append(links, TermLink{Name: name})
				continue
			}
			links = append(links, TermLink{Name: t.Name, URL: t.URL})
			if n := len(t.Pages); n == 0 || t.Pages[n-1] != p {
				t.Pages = append(t.Pages, p)
			}
		}
		if links != nil {
			p.TermLinks = append(p.TermLinks, PageTerms{Taxonomy: tax, Terms: links})
		}
	}
	for _, t := range tax.Terms {
		SortNewestFirst(t.Pages)
	}
}

// SortNewestFirst orders mixed-section lists and feeds: newest first, then
// by title.
func SortNewestFirst(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		if a.sortTitle != b.sortTitle {
			return a.sortTitle < b.sortTitle
		}
		return a.URL < b.URL
	})
}
