package generator

// This file writes the Atom feed of each dated section.

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/site"
)

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
	return b.out.Write(site.FeedUnit(s.Name).String(), strings.TrimPrefix(site.FeedURL(s.URL), "/"), "feed "+s.URL, buf.Bytes())
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}
