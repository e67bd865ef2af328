package generator

// This file writes robots.txt and sitemap.xml.

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/site"
)

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
		add(each(func(l *site.Lang) string {
			if sec := l.Section(s.Name); sec != nil {
				return sec.URL
			}
			return "" // no published page in this language
		}), nil)
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
