package theme

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/site"
)

// View is what a layout's dot is: the page being rendered, its language's
// site tree, and helpers that depend on the language.
type View struct {
	Kind        site.Kind // what the output is: eq .Kind "home" (site.Kind names them all)
	Site        *SiteView
	Lang        *site.Lang
	Title       string // the page's own title (without the site title)
	Description string
	Page        *site.Page     // home, page, standalone, contact; nil for lists
	Content     template.HTML  // rendered Markdown body
	Section     *site.Section  // section lists and pages in a section
	Taxonomy    *site.Taxonomy // terms and term lists
	Term        *site.Term     // term lists
	Pages       []*site.Page   // this pager page's items
	Pager       *site.Pager
	Topic       *site.Topic // contact: the pre-selected topic, if any
	Form        *Form       // contact: a visitor's form sent back by the endpoint, nil on the built pages
	Canonical   string      // absolute URL
	URL         string      // site-relative URL of this output
	Alternates  []Alternate
	OGType      string
	JSONLD      template.JS
	NoIndex     bool // fallback pages and the 404 page are kept out of search engines
	// I holds the theme strings of the view's language: {{ .I.search }}. A
	// map field is much cheaper for templates than a method call; use .T for
	// strings with arguments.
	I map[string]string

	t *Theme
	// layouts, when set, are the layouts to render with, caching nothing:
	// the layouts as written, for a second render of a view that failed, to
	// explain the error, or a probe of them (slips.go). Nil means t.exec.
	layouts *layoutSet
	refs    []string // page keys looked up with Ref, for incremental rebuilds
}

// Refs are the keys of the pages the view looked up (.Ref) while it
// rendered: a change to their front matter must render it again.
func (v *View) Refs() []string { return v.refs }

// SiteView is the language-independent part of the site for layouts.
type SiteView struct {
	Config    *config.Config
	Languages []*site.Lang
}

// Alternate is the same page in another language.
type Alternate struct {
	Lang      string
	Name      string
	URL       string
	Permalink string
	Current   bool
	Fallback  bool // the page exists there only as a fallback
}

// SiteTitle is the site's title in the view's language.
func (v *View) SiteTitle() string { return v.Site.Config.Title.Get(v.Lang.Code) }

// OrganisationName is the name of the organisation behind the site in the
// view's language.
func (v *View) OrganisationName() string { return v.Site.Config.Organisation.Name.Get(v.Lang.Code) }

// SiteDescription is the site's description in the view's language.
func (v *View) SiteDescription() string { return v.Site.Config.Description.Get(v.Lang.Code) }

// T returns the theme string key in the view's language (layouts/i18n/<lang>.yaml),
// formatted with args; a missing key shows as the key itself so it is noticed.
// A string with plural forms is refused: it is a count, shown with N.
func (v *View) T(key string, args ...any) (string, error) {
	s, ok := v.I[key]
	if !ok {
		if v.t.strs.plural[v.Lang.Code][key] {
			return "", fmt.Errorf("theme string %q has plural forms: show it with .N and the count", key)
		}
		return key, nil
	}
	if len(args) > 0 {
		return format(key, s, args...)
	}
	return s, nil
}

// N is T for a count: the plural form of key that the view's language's
// CLDR rules give n ("1 page", "2 pages"), formatted with n. A key without
// plural forms is an error: a count shown without its plural rule.
func (v *View) N(key string, n int) (string, error) {
	return v.t.strs.count(v.Lang.Code, key, n)
}

// Forms are the plural forms of the theme string key in the view's
// language, by CLDR category ("one", "other", …), each with %d for the
// count: for a script that shows a count, which picks the form with the
// browser's Intl.PluralRules for the view's locale. A key without plural
// forms is an error, as for N.
func (v *View) Forms(key string) (map[string]string, error) {
	m := v.t.strs.forms[v.Lang.Code][key]
	if m == nil {
		return nil, fmt.Errorf("no theme string %q with plural forms in %s/i18n/%s.yaml", key, LayoutsDir, v.Lang.Code)
	}
	out := map[string]string{}
	for form, text := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if text != "" {
			out[form] = text
		}
	}
	return out, nil
}

// TFor returns the theme string key.name, such as allOf.case-studies ("All
// case studies"), or else key formatted with fallback: a text that reads
// naturally for each section, with one that fits all of them.
func (v *View) TFor(key, name, fallback string) (string, error) {
	if s, ok := v.I[key+"."+name]; ok {
		return s, nil
	}
	return v.T(key, fallback)
}

// RelURL prefixes a site path with the view's language, e.g. "/search/" → "/nb/search/".
func (v *View) RelURL(p string) string {
	return v.Lang.URL(p)
}

// AbsURL makes a site-relative URL absolute.
func (v *View) AbsURL(p string) string {
	return strings.TrimSuffix(v.Site.Config.BaseURL, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Date formats a date for readers of the view's language, by its CLDR
// locale: "1 May 2024", "1. mai 2024", "1 maj 2024".
func (v *View) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return v.Site.Config.Dates(v.Lang.Code).Long(t)
}

// LocaleTag is the view's CLDR locale as a BCP 47 tag ("en-GB", "sv"),
// for the scripts that write dates with the browser's Intl (thanks.js).
func (v *View) LocaleTag() string {
	if l := v.Site.Config.Language(v.Lang.Code); l != nil {
		return strings.ReplaceAll(l.LocaleName(), "_", "-")
	}
	return v.Lang.Code
}

// SourceDate formats a source's date as precisely as the source gives it:
// a day as Date does, a month as "February 2021" ("februar 2021"), a year
// alone.
func (v *View) SourceDate(d content.SourceDate) string {
	switch d.Precision {
	case content.Day:
		return v.Date(d.Time)
	case content.Month:
		return v.Site.Config.Dates(v.Lang.Code).MonthYear(d.Time)
	case content.Year:
		return strconv.Itoa(d.Time.Year())
	}
	return ""
}

// ISODate formats a date for datetime attributes.
func (v *View) ISODate(t time.Time) string { return t.Format("2006-01-02") }

// Ref returns a page of the view's language by key ("pathways/facility-access").
func (v *View) Ref(key string) *site.Page {
	v.refs = append(v.refs, key)
	return v.Lang.Ref(key)
}

// TopicLabel returns the label of a contact topic id, or "".
func (v *View) TopicLabel(id string) string {
	for _, t := range v.Lang.Topics {
		if t.ID == id {
			return t.Label
		}
	}
	return ""
}

// ContactURL returns the contact page with topic pre-selected, or the plain
// contact page for an unknown or empty topic.
func (v *View) ContactURL(topic string) string {
	for _, t := range v.Lang.Topics {
		if t.ID == topic {
			return t.URL
		}
	}
	return v.Lang.ContactURL()
}

// IsSection reports whether the view belongs to the named section (for
// marking the current menu item).
func (v *View) IsSection(name string) bool {
	return v.Section != nil && v.Section.Name == name
}

// Card returns a page's card for lists (layouts/partials/card.html), top
// saying whether it sits right under the page's h1 and showSection whether it
// names its section. A page appears in its section's list and in one list per
// term, so its card is rendered once per language and kind, then reused: on
// large sites cards are most of the list pages' work.
func (v *View) Card(p *site.Page, top, showSection bool) (template.HTML, error) {
	key := cardKey{p.URL, top, showSection}
	layouts := v.t.exec
	if v.layouts != nil {
		layouts = v.layouts
	} else if h, ok := v.t.cards.Load(key); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	data := &CardData{Page: p, View: v, Top: top, ShowSection: showSection}
	if err := layouts.base.ExecuteTemplate(&b, "partials/card.html", data); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // produced by html/template: already escaped
	if v.layouts == nil {
		v.t.cards.Store(key, h)
	}
	return h, nil
}

// CardData is the dot of layouts/partials/card.html.
type CardData struct {
	Page        *site.Page
	View        *View // the list page showing the card
	Top         bool  // the card sits right under the page's h1 (h2 titles)
	ShowSection bool  // the list mixes sections: name the card's
}

// cardKey identifies a rendered card; the URL carries the language.
type cardKey struct {
	url              string
	top, showSection bool
}

// SectionName is the name of the view's section, or "".
func (v *View) SectionName() string {
	if v.Section == nil {
		return ""
	}
	return v.Section.Name
}

// TaxonomyName is the name of the view's taxonomy, or "".
func (v *View) TaxonomyName() string {
	if v.Taxonomy == nil {
		return ""
	}
	return v.Taxonomy.Name
}

// SectionTerms are the terms of the taxonomy named tax that the pages of
// the view's section have (all of them, not only this pager page's), by
// name, each linked to its term page: a list's way into its pages by sector.
func (v *View) SectionTerms(tax string) []site.TermLink {
	if v.Section == nil {
		return nil
	}
	// Every pager page of the section asks (200 of them for a section of
	// 4,000 pages): worked out once. A changed page's front matter makes
	// a new site model, with new sections, so nothing stale is found.
	key := sectionTermsKey{v.Section, tax}
	if terms, ok := v.t.sectionTerms.Load(key); ok {
		return terms.([]site.TermLink)
	}
	terms := sectionTerms(v.Section, tax)
	v.t.sectionTerms.Store(key, terms)
	return terms
}

// sectionTermsKey identifies a section's terms of one taxonomy.
type sectionTermsKey struct {
	section *site.Section
	tax     string
}

// sectionTerms are the terms of taxonomy tax that the pages of s have.
func sectionTerms(s *site.Section, tax string) []site.TermLink {
	seen := map[string]bool{}
	var out []site.TermLink
	for _, p := range s.Pages {
		for _, pt := range p.TermLinks {
			if pt.Taxonomy.Name != tax {
				continue
			}
			for _, t := range pt.Terms {
				if t.URL != "" && !seen[t.URL] {
					seen[t.URL] = true
					out = append(out, t)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// Terms are the terms of the taxonomy named tax that p has, linked to
// their term pages (a card's sectors).
func (v *View) Terms(p *site.Page, tax string) []site.TermLink {
	for _, pt := range p.TermLinks {
		if pt.Taxonomy.Name == tax {
			return pt.Terms
		}
	}
	return nil
}
