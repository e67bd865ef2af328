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
	return b.out.Write(site.RobotsUnit.String(), rel, rel, []byte(s))
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

// writeSitemap lists every output of the render plan that search engines
// are asked to index (site.Output.Indexed), in address order, each with
// its indexed alternates in the other languages. Fallback pages are left
// out: they duplicate the original.
func (b *builder) writeSitemap() error {
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	for _, o := range b.model.Outputs() {
		if !o.Indexed() {
			continue
		}
		e := sitemapURL{Loc: base + o.URL}
		if o.Kind.IsPage() {
			// A page's own date, per language: each translation has its own.
			if t := lastmod(o.Page); !t.IsZero() {
				e.LastMod = t.Format("2006-01-02")
			}
		}
		var alts []site.Output
		for _, a := range b.model.Alternates(o) {
			if a.Indexed() {
				alts = append(alts, a)
			}
		}
		if len(alts) > 1 {
			for _, a := range alts {
				e.Links = append(e.Links, sitemapXLink{Rel: "alternate", Hreflang: a.Lang, Href: base + a.URL})
			}
		}
		set.URLs = append(set.URLs, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(set); err != nil {
		return err
	}
	rel := strings.TrimPrefix(site.SitemapURL, "/")
	return b.out.Write(site.SitemapUnit.String(), rel, rel, buf.Bytes())
}

func lastmod(r *site.Page) time.Time {
	if !r.Lastmod.IsZero() {
		return r.Lastmod
	}
	return r.Date
}
