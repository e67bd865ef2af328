package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

// The site's own addresses, besides its pages and lists.
const (
	SitemapURL  = "/sitemap.xml"
	RobotsURL   = "/robots.txt"
	feedName    = "feed.xml"
	notFound    = "404.html"
	pagerFolder = "page"
	// StaticDir holds files published at the same path (text formats
	// minified): static/images/logo.svg is /images/logo.svg.
	StaticDir = "static"
	// ContactPath is the contact page's address in each language when no
	// page has layout: contact, and where the endpoint sends a visitor back.
	ContactPath = "/contact/"
	// SearchPath is the search page's address in each language when no
	// page has layout: search.
	SearchPath = "/search/"
	// ThanksPath is where the contact endpoint sends a visitor whose inquiry
	// is stored (content/thanks.md sets url: to it).
	ThanksPath = "/contact/thanks/"
)

// Prefix is the address prefix of a language: "" for the default language
// def (served at /), "/nb" for the others.
func Prefix(code, def string) string {
	if code == def {
		return ""
	}
	return "/" + code
}

// HomeURL is the home page of the language with code: "/" for the default
// language, "/nb/" for the others.
func HomeURL(cfg *config.Config, code string) string {
	return Prefix(code, cfg.DefaultLanguage()) + "/"
}

// SplitLang is the language of the site path u, by its prefix, and u
// without it: "/nb/offerings/" is nb and "/offerings/"; an address with no
// other language's prefix is in the default language. The inverse of Prefix,
// for everything that reads an address back (check, the preview's 404 page).
func SplitLang(cfg *config.Config, u string) (lang, rest string) {
	def := cfg.DefaultLanguage()
	for _, l := range cfg.Languages {
		lp := Prefix(l.Code, def)
		if lp == "" {
			continue
		}
		if r, ok := strings.CutPrefix(u, lp); ok && (r == "" || r[0] == '/') {
			if r == "" {
				r = "/"
			}
			return l.Code, r
		}
	}
	return def, u
}

// PageURL is where a page is served in the language with prefix lp.
func PageURL(lp string, p *content.Page) string {
	switch p.Kind {
	case content.Home:
		return lp + "/"
	case content.SectionIndex:
		return lp + "/" + p.Section + "/"
	case content.Standalone:
		if p.URLPath != "" {
			return lp + p.URLPath
		}
		return lp + "/" + p.Slug + "/"
	}
	return lp + "/" + p.Section + "/" + p.Slug + "/"
}

// SectionURL is the list of a section in the language with prefix lp.
func SectionURL(lp, name string) string { return lp + "/" + name + "/" }

// taxonomyURL is the list of a taxonomy's terms, at its path.
func taxonomyURL(lp, taxPath string) string { return lp + "/" + taxPath + "/" }

// termURL is the list of the pages with one term of the taxonomy at taxURL.
func termURL(taxURL, slug string) string { return taxURL + slug + "/" }

// topicURL is the contact page at contactURL with the topic id chosen.
func topicURL(contactURL, id string) string { return contactURL + id + "/" }

// SearchIndexURL is the folder of a language's search index, which
// internal/search writes (and static/js/search.js reads).
func SearchIndexURL(lang string) string { return "/search/" + lang + "/" }

// SearchStemmersURL is the script with the Snowball stemmers of the site's
// languages, which the search index writes beside the languages' folders
// and the search page loads before search.js.
const SearchStemmersURL = "/search/snowball.js"

// FeedURL is the Atom feed of a section list at sectionURL.
func FeedURL(sectionURL string) string { return sectionURL + feedName }

// NotFoundURL is the 404 page of the language whose home is home ("/" or "/nb/").
func NotFoundURL(home string) string { return home + notFound }

// File is the output file that serves the site address u: a folder address
// (/offerings/) is its index.html.
func File(u string) string {
	if strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// PagerURL is the address of page n of the list at base: base itself for
// the first, base/page/n/ for the others.
func PagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return fmt.Sprintf("%s%s/%d/", base, pagerFolder, n)
}

// ListBase is the list a pager address belongs to: /offerings/page/2/ is the
// second page of /offerings/, and n is 2; any other address is its own base.
func ListBase(u string) (base string, n int) {
	rest, ok := strings.CutSuffix(u, "/")
	if !ok {
		return u, 1
	}
	i := strings.LastIndex(rest, "/"+pagerFolder+"/")
	if i < 0 {
		return u, 1
	}
	if _, err := fmt.Sscanf(rest[i+len(pagerFolder)+2:], "%d", &n); err != nil || n < 1 || fmt.Sprint(n) != rest[i+len(pagerFolder)+2:] {
		return u, 1
	}
	return rest[:i+1], n
}

// Pages is the number of list pages for n items at per items a page (at
// least one: an empty list still has its page).
func Pages(n, per int) int {
	return max(1, (n+per-1)/per)
}

// Pager is the position of a list page among its siblings.
type Pager struct {
	Number int
	Total  int
	Prev   string
	Next   string
	Links  []PagerLink
}

// PagerLink is a link to one page of a paginated list.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

// NewPager is page n of total of the list at base. A window around the
// current page plus the first and last keeps every list page small however
// long the list is.
func NewPager(base string, n, total int) *Pager {
	p := &Pager{Number: n, Total: total}
	if n > 1 {
		p.Prev = PagerURL(base, n-1)
	}
	if n < total {
		p.Next = PagerURL(base, n+1)
	}
	for i := 1; i <= total; i++ {
		if i == 1 || i == total || (i >= n-2 && i <= n+2) {
			p.Links = append(p.Links, PagerLink{Number: i, URL: PagerURL(base, i), Current: i == n})
		}
	}
	return p
}

// MarkdownLinkKey turns a link to a .md file, relative to the page's file
// (or absolute from content/), into the key of the page it names,
// "section/slug"; a link to x.nb.md names the page x.
func MarkdownLinkKey(file, target string) string {
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(strings.TrimPrefix(target, "/"))
		p = strings.TrimPrefix(p, content.Dir+"/")
	} else {
		p = path.Clean(path.Join(path.Dir(strings.TrimPrefix(file, content.Dir+"/")), target))
	}
	p = strings.TrimSuffix(p, ".md")
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		p = p[:i]
	}
	return p
}
