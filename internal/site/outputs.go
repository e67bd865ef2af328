package site

import (
	"sort"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// Kind says what an output is. It is the one vocabulary of output kinds:
// the model lists every output by it, the build renders each by it, an
// incremental build names its units of work by it (Unit), and layouts see
// it as the view's .Kind. Its value is the word layouts test and print
// ({{ if eq .Kind "home" }}, <body class="kind-{{ .Kind }}">), so a kind is
// spelled once, here.
type Kind string

// The kinds of output.
const (
	PageOutput        Kind = "page"       // a section's page, in one language (a fallback included)
	StandaloneOutput  Kind = "standalone" // a page outside the sections (about, search)
	ContactOutput     Kind = "contact"    // the contact page, and the same page once per topic with it chosen (Output.Topic)
	HomeOutput        Kind = "home"       // a language's home page
	NotFoundOutput    Kind = "404"        // a language's 404 page
	ListOutput        Kind = "section"    // a page of a section's list
	TermsOutput       Kind = "terms"      // a taxonomy's list of terms
	TermOutput        Kind = "term"       // a page of the list of one term's pages
	FeedOutput        Kind = "feed"       // a section's Atom feed
	SitemapOutput     Kind = "sitemap"
	RobotsOutput      Kind = "robots"
	StaticOutput      Kind = "static"   // a file of static/
	SearchIndexOutput Kind = "search"   // a language's search index folder (SearchIndexURL)
	ImageOutput       Kind = "image"    // a size of a picture pages show
	DocumentOutput    Kind = "document" // a file a page offers, published unchanged
	// SearchStemmersOutput is the Snowball stemmers of the site's
	// languages, SearchStemmersURL, written with the search index.
	SearchStemmersOutput Kind = "stemmers"
)

// IsPage reports whether an output of kind k shows a page of content/ (a
// section's page, a standalone page or the contact page) with its text.
func (k Kind) IsPage() bool {
	return k == PageOutput || k == StandaloneOutput || k == ContactOutput
}

// Output is one address the build writes: the render plan is the list of
// them (Outputs), and each carries what its rendering needs.
type Output struct {
	URL   string // the site address: /nb/offerings/x/, /sitemap.xml, /search/nb/
	Kind  Kind
	Lang  string // the language, for pages and lists ("" otherwise)
	Owner string // what writes it: a content file, or "section /nb/x/" for a list
	// Unit is the unit of work that writes it, with the outputs rendered
	// and redone together (a page in every language it is served in).
	Unit Unit
	Page *Page // the page it shows: for pages and topics, the home's texts, a section's introduction
	// Section is the section of a list page or a feed; Taxonomy and Term
	// those of a terms or term list page.
	Section  *Section
	Taxonomy *Taxonomy
	Term     *Term
	// Pager is the list page's position, and Items its share of the
	// list's pages, for a list or term page.
	Pager *Pager
	Items []*Page
	Topic *Topic // the topic chosen, for the contact page once per topic
	Image *Image // the picture, for an ImageOutput
	// Document is the file, for a DocumentOutput.
	Document *Document
}

// Unit names the outputs the build renders as one piece of work, and an
// incremental build redoes together: a source page in every language it is
// served in (Kind PageOutput, Name its key), a section's list pages in every
// language (ListOutput, the section's name), a term's (TermOutput,
// "taxonomy/slug"), a picture's sizes (ImageOutput, its file); every
// language's home, 404 page, sitemap, robots.txt, static files and
// documents are one unit each (Name "").
type Unit struct {
	Kind Kind
	Name string
}

// String is the unit as the publisher records it: "page:offerings/x", "home".
func (u Unit) String() string {
	if u.Name == "" {
		return string(u.Kind)
	}
	return string(u.Kind) + ":" + u.Name
}

// PageUnit is the unit of the page with key; SectionUnit, FeedUnit,
// TermsUnit and TermUnit those of a section's list, its feed, a taxonomy's
// terms and one term's list.
func PageUnit(key string) Unit       { return Unit{PageOutput, key} }
func SectionUnit(name string) Unit   { return Unit{ListOutput, name} }
func FeedUnit(section string) Unit   { return Unit{FeedOutput, section} }
func TermsUnit(tax string) Unit      { return Unit{TermsOutput, tax} }
func TermUnit(tax, slug string) Unit { return Unit{TermOutput, tax + "/" + slug} }
func ImageUnit(file string) Unit     { return Unit{ImageOutput, file} }
func whole(k Kind) Unit              { return Unit{Kind: k} }

// The units that are one for the whole site.
var (
	HomeUnit     = whole(HomeOutput)
	NotFoundUnit = whole(NotFoundOutput)
	SitemapUnit  = whole(SitemapOutput)
	RobotsUnit   = whole(RobotsOutput)
	StaticUnit   = whole(StaticOutput)
	DocumentUnit = whole(DocumentOutput)
	SearchUnit   = whole(SearchIndexOutput)
)

// SearchIndexOwner names a language's search index in messages about the
// files it writes.
func SearchIndexOwner(lang string) string { return "search index " + lang }

// pageKind is the kind of output page r is: the contact page, a standalone
// page or a section's page.
func pageKind(r *Page) Kind {
	switch {
	case r.Layout == ContactLayout:
		return ContactOutput
	case r.Kind == content.Standalone:
		return StandaloneOutput
	}
	return PageOutput
}

// New links the pages into the site (see link) and lists its outputs,
// static holding the slash paths of static/'s files and pics the pictures
// the pages show (nil for none). Two outputs at one address are an error,
// reported at the content file that causes it, before anything is written.
// A file of static/ that pages show as a picture is published in its sizes,
// not as it is.
func New(cfg *config.Config, pages []*content.Page, static []string, pics *Pictures) (*Site, error) {
	s := link(cfg, pages)
	s.outputs = map[string]Output{}
	var errs diag.List
	add := func(o Output) {
		file := File(o.URL)
		if prev, ok := s.outputs[file]; ok {
			errs.Add(collision(prev.Owner, o.Owner, file))
			return
		}
		s.outputs[file] = o
	}
	for _, l := range s.Langs {
		home := l.HomeURL()
		homeOwner := "home " + home
		if l.Home != nil {
			homeOwner = l.Home.File
		}
		add(Output{URL: home, Kind: HomeOutput, Lang: l.Code, Owner: homeOwner, Unit: HomeUnit, Page: l.Home})
		add(Output{URL: NotFoundURL(home), Kind: NotFoundOutput, Lang: l.Code, Owner: "404 " + NotFoundURL(home), Unit: NotFoundUnit})
		for _, list := range [][]*Page{l.Pages, l.Standalone} {
			for _, r := range list {
				add(Output{URL: r.URL, Kind: pageKind(r), Lang: l.Code, Owner: r.File, Unit: PageUnit(r.Key()), Page: r})
			}
		}
		if l.Contact != nil {
			// One contact page per topic, so a link from an offering
			// arrives with its topic chosen, without JavaScript.
			for _, t := range l.Topics {
				add(Output{URL: t.URL, Kind: ContactOutput, Lang: l.Code, Owner: l.Contact.File, Unit: PageUnit(l.Contact.Key()), Page: l.Contact, Topic: t})
			}
		}
		for _, sec := range l.Sections {
			s.addList(add, Output{Kind: ListOutput, Lang: l.Code, Owner: "section ", Unit: SectionUnit(sec.Name), Page: sec.Intro, Section: sec}, sec.URL, sec.Pages)
			if sec.Config.Feed {
				add(Output{URL: FeedURL(sec.URL), Kind: FeedOutput, Lang: l.Code, Owner: "feed " + sec.URL, Unit: FeedUnit(sec.Name), Section: sec})
			}
		}
		for _, t := range l.Taxonomies {
			if t.Section != nil {
				continue // its terms are the section's pages
			}
			add(Output{URL: t.URL, Kind: TermsOutput, Lang: l.Code, Owner: "terms " + t.URL, Unit: TermsUnit(t.Name), Taxonomy: t})
			for _, term := range t.Terms {
				s.addList(add, Output{Kind: TermOutput, Lang: l.Code, Owner: "term ", Unit: TermUnit(t.Name, term.Slug), Taxonomy: t, Term: term}, term.URL, term.Pages)
			}
		}
		add(Output{URL: SearchIndexURL(l.Code), Kind: SearchIndexOutput, Lang: l.Code, Owner: SearchIndexOwner(l.Code), Unit: SearchUnit})
	}
	add(Output{URL: SearchStemmersURL, Kind: SearchStemmersOutput, Owner: "search stemmers", Unit: SearchUnit})
	add(Output{URL: SitemapURL, Kind: SitemapOutput, Owner: strings.TrimPrefix(SitemapURL, "/"), Unit: SitemapUnit})
	add(Output{URL: RobotsURL, Kind: RobotsOutput, Owner: strings.TrimPrefix(RobotsURL, "/"), Unit: RobotsUnit})
	errs = append(errs, s.linkImages(pics, add)...)
	for _, l := range s.Langs {
		for _, list := range [][]*Page{l.Pages, l.Standalone, {l.Home}} {
			for _, r := range list {
				if r != nil {
					r.Image = s.PageImage(r.Page.File, HeroField, r.Page.String(HeroField))
				}
			}
		}
		for _, sec := range l.Sections {
			if sec.Intro != nil {
				sec.Intro.Image = s.PageImage(sec.Intro.Page.File, HeroField, sec.Intro.Page.String(HeroField))
			}
		}
	}
	for _, rel := range static {
		if s.Processed(StaticDir + "/" + rel) {
			continue // published in its sizes
		}
		add(Output{URL: "/" + rel, Kind: StaticOutput, Owner: StaticDir + "/" + rel, Unit: StaticUnit})
	}
	errs = append(errs, s.linkGuide()...)
	errs.Sort()
	return s, errs.Err()
}

// addList adds the pages of the list of items at base, each like o with
// its address, pager and share of the items; o.Owner is "section " or
// "term ", completed with the address.
func (s *Site) addList(add func(Output), o Output, base string, items []*Page) {
	per := s.Config.Paginate
	total := Pages(len(items), per)
	what := o.Owner
	for i := 1; i <= total; i++ {
		o.URL = PagerURL(base, i)
		o.Owner = what + o.URL
		o.Pager = NewPager(base, i, total)
		o.Items = items[min((i-1)*per, len(items)):min(i*per, len(items))]
		add(o)
	}
}

// URL is the address of a source page in its own language.
func (s *Site) URL(p *content.Page) string {
	return PageURL(Prefix(p.Lang, s.Config.DefaultLanguage()), p)
}

// collision is the error of two owners of one output file, at the content
// file where there is one (the other may be a list the site makes).
func collision(a, b, file string) *diag.Diagnostic {
	if b < a {
		a, b = b, a
	}
	blame := a
	if !strings.HasPrefix(a, content.Dir+"/") && strings.HasPrefix(b, content.Dir+"/") {
		blame = b
	}
	return diag.Errorf(blame, 0, 0, "%s and %s both write %s", a, b, file)
}

// Outputs lists every output, sorted by address. The search index of a
// language is one output, its folder.
func (s *Site) Outputs() []Output {
	out := make([]Output, 0, len(s.outputs))
	for _, o := range s.outputs {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// Lookup returns the output at the site address u (/nb/offerings/x/ or
// /nb/offerings/x/index.html), if the site writes one.
func (s *Site) Lookup(u string) (Output, bool) {
	o, ok := s.outputs[File(u)]
	return o, ok
}
