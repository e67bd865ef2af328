package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/theme"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/sitefiles"
)

// StaticDir holds files copied to the output as they are (text formats minified).
const StaticDir = site.StaticDir

// listStatic lists the files of static/ that belong to the site
// (sitefiles.Ignored), as slash paths under it, in walk order; none when
// there is no static/ folder.
func listStatic(source string) ([]string, error) {
	dir := sitefiles.Folder(source, site.StaticDir)
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && sitefiles.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, diag.Errorf(site.StaticDir, 0, 0, "%v", err)
	}
	return files, nil
}

// scheduleStatic copies static/ into the output, one job per file.
func (b *builder) scheduleStatic(jobs chan<- func()) {
	dir := sitefiles.Folder(b.opts.Source, site.StaticDir)
	for _, rel := range b.static {
		owner := site.StaticDir + "/" + rel
		src := filepath.Join(dir, filepath.FromSlash(rel))
		jobs <- func() { b.fail(owner, b.out.Copy(jobStatic, rel, owner, src)) }
	}
}

func (b *builder) writeRobots() error {
	s := "User-agent: *\nAllow: /\n\nSitemap: " + strings.TrimSuffix(b.cfg.BaseURL, "/") + site.SitemapURL + "\n"
	rel := strings.TrimPrefix(site.RobotsURL, "/")
	return b.out.Write(jobRobots, rel, rel, []byte(s))
}

// sitemap types follow sitemaps.org with xhtml:link alternates (Google's
// hreflang extension).
type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"`
	Links   []sitemapXLink `xml:"xhtml:link"`
}

type sitemapXLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// writeSitemap lists every indexable output with its real translations.
// Fallback pages are left out: they duplicate the original.
func (b *builder) writeSitemap() error {
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	// modIn returns the date an output last changed in a language; each
	// translation has its own.
	add := func(alts map[string]string, modIn func(*site.Lang) time.Time) {
		for _, l := range b.model.Langs {
			u, ok := alts[l.Code]
			if !ok {
				continue
			}
			e := sitemapURL{Loc: base + u}
			if modIn != nil {
				if t := modIn(l); !t.IsZero() {
					e.LastMod = t.Format("2006-01-02")
				}
			}
			if len(alts) > 1 {
				for _, o := range b.model.Langs {
					if ou, ok := alts[o.Code]; ok {
						e.Links = append(e.Links, sitemapXLink{Rel: "alternate", Hreflang: o.Code, Href: base + ou})
					}
				}
			}
			set.URLs = append(set.URLs, e)
		}
	}
	each := func(urlIn func(*site.Lang) string) map[string]string {
		m := map[string]string{}
		for _, l := range b.model.Langs {
			if u := urlIn(l); u != "" {
				m[l.Code] = u
			}
		}
		return m
	}
	add(each(func(l *site.Lang) string { return l.HomeURL() }), nil)
	def := b.model.Langs[0]
	for _, s := range def.Sections {
		add(each(func(l *site.Lang) string { return l.Section(s.Name).URL }), nil)
	}
	// noindex is per language: each translation has its own front matter.
	indexed := func(r *site.Page) bool { return r != nil && !r.Fallback && r.Params["noindex"] != true }
	for _, list := range [][]*site.Page{def.Standalone, def.Pages} {
		for _, r := range list {
			add(each(func(l *site.Lang) string {
				if x := l.Ref(r.Key()); indexed(x) {
					return x.URL
				}
				return ""
			}), func(l *site.Lang) time.Time {
				if x := l.Ref(r.Key()); x != nil {
					return lastmod(x)
				}
				return time.Time{}
			})
		}
	}
	// Pages that exist only in another language (no original) are listed alone.
	for _, l := range b.model.Langs[1:] {
		for _, list := range [][]*site.Page{l.Standalone, l.Pages} {
			for _, r := range list {
				if indexed(r) && def.Ref(r.Key()) == nil {
					add(map[string]string{l.Code: r.URL}, func(*site.Lang) time.Time { return lastmod(r) })
				}
			}
		}
	}
	for _, l := range b.model.Langs {
		for _, t := range l.Taxonomies {
			if t.Section != nil {
				continue // its pages are the section's, listed above
			}
			add(map[string]string{l.Code: t.URL}, nil)
			for _, term := range t.Terms {
				add(map[string]string{l.Code: term.URL}, nil)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(set); err != nil {
		return err
	}
	rel := strings.TrimPrefix(site.SitemapURL, "/")
	return b.out.Write(jobSitemap, rel, rel, buf.Bytes())
}

func lastmod(r *site.Page) time.Time {
	if !r.Lastmod.IsZero() {
		return r.Lastmod
	}
	return r.Date
}

// Atom feed types (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published,omitempty"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary"`
}

// feedSize is how many of the newest entries a feed carries.
const feedSize = 50

// writeFeed writes an Atom feed of a section in one language. Fallback pages
// are included so a Norwegian reader still sees every new story. Updated is
// the newest entry's date, never the build time, so output is reproducible.
func (b *builder) writeFeed(l *site.Lang, s *site.Section) error {
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	items := append([]*site.Page(nil), s.Pages...)
	site.SortNewestFirst(items)
	if len(items) > feedSize {
		items = items[:feedSize]
	}
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Lang: l.Code,
		Title:  s.Title + " · " + b.cfg.Title.Get(l.Code),
		ID:     base + s.URL,
		Author: atomAuthor{Name: b.cfg.Organisation.Name.Get(l.Code)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + site.FeedURL(s.URL)},
			{Rel: "alternate", Type: "text/html", Href: base + s.URL},
		},
	}
	var newest time.Time
	for _, r := range items {
		d := lastmod(r)
		if d.After(newest) {
			newest = d
		}
		e := atomEntry{Title: r.Title, ID: r.Permalink, Link: atomLink{Rel: "alternate", Href: r.Permalink}, Updated: atomTime(d), Summary: r.Summary}
		if !r.Date.IsZero() {
			e.Published = atomTime(r.Date)
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = atomTime(newest)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		return err
	}
	return b.out.Write(jobFeed(s.Name), strings.TrimPrefix(site.FeedURL(s.URL), "/"), "feed "+s.URL, buf.Bytes())
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

// jsonLD marshals schema.org data for a <script type="application/ld+json">.
// json.Marshal escapes <, > and &, so the text cannot close the script element.
func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(data)
}

func (b *builder) organisationRef(lang string) map[string]any {
	o := b.cfg.Organisation
	m := map[string]any{"@type": "Organization", "name": o.Name.Get(lang)}
	if o.URL != "" {
		m["url"] = o.URL
	}
	if o.Logo != "" {
		m["logo"] = strings.TrimSuffix(b.cfg.BaseURL, "/") + o.Logo
	}
	return m
}

// organisationLD is the home page's JSON-LD: the organisation and the site.
func (b *builder) organisationLD(v *theme.View) template.JS {
	org := b.organisationRef(v.Lang.Code)
	org["@context"] = "https://schema.org"
	return jsonLD([]any{org, map[string]any{
		"@context": "https://schema.org", "@type": "WebSite",
		"name": v.SiteTitle(), "url": v.Canonical, "inLanguage": v.Lang.Code,
		"publisher": b.organisationRef(v.Lang.Code),
	}})
}

// articleLD is a case study's JSON-LD.
func (b *builder) articleLD(v *theme.View) template.JS {
	p := v.Page
	m := map[string]any{
		"@context": "https://schema.org", "@type": "Article",
		"headline": p.Title, "description": p.Summary, "url": v.Canonical,
		"inLanguage": p.ContentLang(), "publisher": b.organisationRef(p.ContentLang()), "author": b.organisationRef(p.ContentLang()),
		"mainEntityOfPage": v.Canonical,
	}
	if !p.Date.IsZero() {
		m["datePublished"] = p.Date.Format("2006-01-02")
		m["dateModified"] = lastmod(p).Format("2006-01-02")
	}
	if img := p.String("image"); img != "" {
		m["image"] = strings.TrimSuffix(b.cfg.BaseURL, "/") + img
	}
	return jsonLD(m)
}
