package generator

import (
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
)

// indexPage hands page p, rendered as res, to the search index: to its own
// language's index, and to the index of every language it has no
// translation in, marked as written in its own language (at its fallback
// address where it has one, else at its own), so the Norwegian search finds
// the pages that exist only in English, after the Norwegian ones.
func (b *builder) indexPage(p *content.Page, refs []*site.Page, res *markdown.Result) {
	var own *site.Page
	for _, r := range refs {
		if !r.Fallback {
			own = r
		}
	}
	if own == nil || !searchable(own) {
		return
	}
	heads := make([]search.Heading, 0, len(res.Headings))
	for _, h := range res.Headings {
		if h.Level > 1 && h.ID != "" {
			heads = append(heads, search.Heading{ID: h.ID, Text: h.Text, Offset: h.Offset})
		}
	}
	doc := search.Document{Section: own.Section, Title: own.Title, Summary: own.Summary,
		Text: res.Text, Headings: heads, Weight: b.cfg.Search.Weight(own.Section)}
	var docs []search.Document
	for _, l := range b.model.Langs {
		d := doc
		d.Lang, d.URL = l.Code, own.URL
		r := l.Ref(own.Key())
		switch {
		case l.Code == own.Lang:
			d.SectionTitle, d.Terms = own.SectionTitle, own.TermNames()
		case r == nil || r.Fallback:
			d.ContentLang = own.Lang
			if r != nil {
				d.URL, d.SectionTitle, d.Terms = r.URL, r.SectionTitle, r.TermNames()
			}
		default:
			continue // its translation is in that index
		}
		// Its names in the other languages find it too.
		for _, o := range b.model.Langs {
			if x := o.Ref(own.Key()); x != nil && !x.Fallback && x.Title != own.Title {
				d.Names = append(d.Names, x.Title)
			}
		}
		docs = append(docs, d)
	}
	b.index.Add(docs...)
}
