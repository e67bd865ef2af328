package site

import (
	"sort"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// Kind says what an output is.
type Kind int

// The kinds of output.
const (
	PageOutput     Kind = iota // a page, in one language (a fallback included)
	TopicOutput                // the contact page with one topic chosen
	HomeOutput                 // a language's home page
	NotFoundOutput             // a language's 404 page
	ListOutput                 // a page of a section's list
	TermsOutput                // a taxonomy's list of terms
	TermOutput                 // a page of the list of one term's pages
	FeedOutput                 // a section's Atom feed
	SitemapOutput
	RobotsOutput
	StaticOutput      // a file of static/
	SearchIndexOutput // a language's search index folder, /search/<lang>/
	ImageOutput       // a size of a picture pages show
	DocumentOutput    // a file a page offers, published unchanged
	// SearchStemmersOutput is the Snowball stemmers of the site's
	// languages, SearchStemmersURL, written with the search index.
	SearchStemmersOutput
)

// Output is one address the build writes.
type Output struct {
	URL   string // the site address: /nb/offerings/x/, /sitemap.xml, /search/nb/
	Kind  Kind
	Lang  string // the language, for pages and lists ("" otherwise)
	Owner string // what writes it: a content file, or "section /nb/x/" for a list
	Page  *Page  // the page it shows: for pages and topics, the home's texts, a section's introduction
	Image *Image // the picture, for an ImageOutput
	// Document is the file, for a DocumentOutput.
	Document *Document
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
		add(Output{URL: home, Kind: HomeOutput, Lang: l.Code, Owner: homeOwner, Page: l.Home})
		add(Output{URL: NotFoundURL(home), Kind: NotFoundOutput, Lang: l.Code, Owner: "404 " + NotFoundURL(home)})
		for _, list := range [][]*Page{l.Pages, l.Standalone} {
			for _, r := range list {
				add(Output{URL: r.URL, Kind: PageOutput, Lang: l.Code, Owner: r.File, Page: r})
			}
		}
		if l.Contact != nil {
			for _, t := range l.Topics {
				add(Output{URL: t.URL, Kind: TopicOutput, Lang: l.Code, Owner: l.Contact.File, Page: l.Contact})
			}
		}
		for _, sec := range l.Sections {
			s.addList(add, sec.URL, len(sec.Pages), ListOutput, l.Code, "section ", sec.Intro)
			if sec.Config.Feed {
				add(Output{URL: FeedURL(sec.URL), Kind: FeedOutput, Lang: l.Code, Owner: "feed " + sec.URL})
			}
		}
		for _, t := range l.Taxonomies {
			if t.Section != nil {
				continue // its terms are the section's pages
			}
			add(Output{URL: t.URL, Kind: TermsOutput, Lang: l.Code, Owner: "terms " + t.URL})
			for _, term := range t.Terms {
				s.addList(add, term.URL, len(term.Pages), TermOutput, l.Code, "term ", nil)
			}
		}
		add(Output{URL: SearchIndexURL(l.Code), Kind: SearchIndexOutput, Lang: l.Code, Owner: "search index " + l.Code})
	}
	add(Output{URL: SearchStemmersURL, Kind: SearchStemmersOutput, Owner: "search stemmers"})
	add(Output{URL: SitemapURL, Kind: SitemapOutput, Owner: strings.TrimPrefix(SitemapURL, "/")})
	add(Output{URL: RobotsURL, Kind: RobotsOutput, Owner: strings.TrimPrefix(RobotsURL, "/")})
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
		add(Output{URL: "/" + rel, Kind: StaticOutput, Owner: StaticDir + "/" + rel})
	}
	errs = append(errs, s.linkGuide()...)
	errs.Sort()
	return s, errs.Err()
}

// addList adds the pages of a list of n items at base; intro is the text
// above the list, if any.
func (s *Site) addList(add func(Output), base string, n int, kind Kind, lang, what string, intro *Page) {
	for i := 1; i <= Pages(n, s.Config.Paginate); i++ {
		u := PagerURL(base, i)
		add(Output{URL: u, Kind: kind, Lang: lang, Owner: what + u, Page: intro})
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
