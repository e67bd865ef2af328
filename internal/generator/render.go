package generator

import (
	"fmt"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/theme"
	"html/template"
	"strings"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/publish"
)

// renderPage renders one source page in every language it is served in.
func (b *builder) renderPage(p *content.Page, refs []*site.Page) {
	lang := b.model.Lang(p.Lang)
	res, err := b.markdown(p.Body, b.resolver(p, lang), b.pictureFinder(p))
	if err != nil {
		b.fail(p.File, err)
		return
	}
	body := template.HTML(res.HTML) // produced by the safe Markdown pipeline
	if b.releaseSources {
		// Rendered in every language it is served in: nothing reads the
		// source again, and 10,000 pages of it are most of the heap.
		p.Body = nil
	}
	if b.index != nil {
		b.indexPage(p, refs, res)
	}
	for _, r := range refs {
		l := b.model.Lang(r.Lang)
		v := b.pageView(r, body)
		names := theme.LayoutsFor(r.Page)
		b.fail(p.File, b.execute(jobPage(r.Key()), v, p.File, names...))
		if r.Layout == "contact" {
			// One contact page per topic, so a link from an offering arrives
			// with its topic chosen, without JavaScript.
			for _, t := range l.Topics {
				tv := *v
				tv.Topic, tv.URL = t, t.URL
				tv.Canonical = v.Canonical
				// The language switch keeps the chosen topic.
				tv.Alternates = b.alternates(r.Page, func(o *site.Lang) string {
					if o.Contact == nil {
						return ""
					}
					for _, ot := range o.Topics {
						if ot.ID == t.ID {
							return ot.URL
						}
					}
					return o.Contact.URL
				})
				b.fail(p.File, b.execute(jobPage(r.Key()), &tv, p.File, names...))
			}
		}
	}
}

// pageView is the view of page r, in the language it is served in, with
// its rendered body.
func (b *builder) pageView(r *site.Page, body template.HTML) *theme.View {
	l := b.model.Lang(r.Lang)
	v := b.view("page", l, r.URL)
	v.Page, v.Content, v.Title = r, body, r.Title
	v.Description = r.Summary
	v.Section = l.Section(r.Section)
	v.Alternates = b.alternates(r.Page, func(o *site.Lang) string {
		if x := o.Ref(r.Key()); x != nil {
			return x.URL
		}
		return ""
	})
	if r.Kind == content.Standalone {
		v.Kind = "standalone"
	}
	if r.Layout == "contact" {
		v.Kind = "contact"
	}
	v.NoIndex = r.Fallback || r.Page.Params["noindex"] == true
	if r.Fallback {
		// The text is the original's: point search engines at it.
		v.Canonical = b.model.Lang(r.Page.Lang).Ref(r.Key()).Permalink
	}
	if s := b.cfg.Section(r.Section); s != nil && s.Schema == "Article" {
		v.OGType = "article"
		v.JSONLD = b.articleLD(v)
	}
	return v
}

// markdown renders a Markdown body. When the layouts are minified the pages
// they render are not minified again, so the body is minified here, once
// for all the languages it is shown in.
func (b *builder) markdown(src []byte, resolve markdown.Resolver, find markdown.ImageFinder) (*markdown.Result, error) {
	res, err := b.md.Render(src, resolve, find)
	if err != nil || !b.tmpl.Minified() {
		return res, err
	}
	buf := publish.GetBuffer()
	defer publish.PutBuffer(buf)
	if err := b.out.Minify("text/html", buf, res.HTML); err != nil {
		return nil, fmt.Errorf("minify the rendered Markdown: %w", err)
	}
	res.HTML = append(res.HTML[:0], buf.Bytes()...)
	return res, nil
}

// searchable reports whether a page belongs in the search indexes: pages
// kept out of search engines and the search page itself do not. A
// fallback is indexed through its original (indexPage).
func searchable(r *site.Page) bool {
	return !r.Fallback && r.Layout != site.SearchLayout && r.Page.Params["noindex"] != true
}

// resolver maps author links to site URLs: a relative link to another
// Markdown file ("../pathways/facility-access.md#steps") becomes that page's
// URL in the page's language, and a link to a section with no published
// page leads to the contact form instead (see emptyRoom).
func (b *builder) resolver(p *content.Page, l *site.Lang) markdown.Resolver {
	return func(dest string) string {
		target, frag, _ := strings.Cut(dest, "#")
		if u, ok := emptyRoom(l, p, target); ok {
			return u
		}
		if !strings.HasSuffix(target, ".md") || strings.Contains(target, ":") {
			return dest
		}
		key := site.MarkdownLinkKey(p.File, target)
		if r := l.Ref(key); r != nil {
			if frag != "" {
				return r.URL + "#" + frag
			}
			return r.URL
		}
		return dest
	}
}

// emptyRoom returns where a link from p to target leads when target is the
// list of a section with no published page: the contact form, with the
// topic named like the section, or else p's own topic, chosen. A visitor
// following it asks a person rather than opening an empty list.
func emptyRoom(l *site.Lang, p *content.Page, target string) (string, bool) {
	if !strings.HasPrefix(target, "/") {
		return "", false
	}
	sec := l.EmptySection(target)
	if sec == nil {
		return "", false
	}
	if t := l.TopicFor(sec, p.String("topic")); t != nil {
		return t.URL, true
	}
	return l.ContactURL(), true
}

func (b *builder) renderHome(l *site.Lang) {
	v := b.view("home", l, l.HomeURL())
	v.Page = l.Home
	v.Title = v.SiteTitle()
	v.Description = v.SiteDescription()
	file := "content/_index.md"
	if l.Home != nil {
		file = l.Home.File
		if l.Home.Summary != "" {
			v.Description = l.Home.Summary
		}
		res, err := b.markdown(l.Home.Body, b.resolver(l.Home.Page, l), b.pictureFinder(l.Home.Page))
		if err != nil {
			b.fail(file, err)
			return
		}
		v.Content = template.HTML(res.HTML)
	}
	v.Alternates = b.alternates(nil, func(o *site.Lang) string { return o.HomeURL() })
	v.JSONLD = b.organisationLD(v)
	b.fail(file, b.execute(jobHome, v, file, "index.html", "_default/list.html"))
}

func (b *builder) render404(l *site.Lang) {
	v := b.view("404", l, site.NotFoundURL(l.HomeURL()))
	v.Title, _ = v.T("notFoundTitle") // without arguments, only a plural key fails, and the layout says so
	v.NoIndex = true
	b.fail(theme.Dir+"/404.html", b.execute(job404, v, "", "404.html", "_default/single.html"))
}

func (b *builder) renderSection(l *site.Lang, s *site.Section, items []*site.Page, pg *site.Pager) error {
	v := b.view("section", l, site.PagerURL(s.URL, pg.Number))
	v.Section, v.Pages, v.Pager = s, items, pg
	v.Title, v.Description = s.Title, s.Summary
	if s.Intro != nil {
		v.Page = s.Intro
		if s.Intro.Title != "" {
			v.Title = s.Intro.Title
		}
		if s.Intro.Summary != "" {
			v.Description = s.Intro.Summary
		}
		res, err := b.markdown(s.Intro.Body, b.resolver(s.Intro.Page, l), b.pictureFinder(s.Intro.Page))
		if err != nil {
			return err
		}
		v.Content = template.HTML(res.HTML)
	}
	v.Alternates = b.alternates(nil, func(o *site.Lang) string {
		// Another language's list may be shorter (pages only in this language).
		if sec := o.Section(s.Name); sec == nil || b.pagerPages(len(sec.Pages)) < pg.Number {
			return ""
		}
		return site.PagerURL(o.Section(s.Name).URL, pg.Number)
	})
	return b.execute(jobSection(s.Name), v, "", s.Name+"/list.html", "_default/list.html")
}

func (b *builder) renderTerms(l *site.Lang, t *site.Taxonomy) error {
	v := b.view("terms", l, t.URL)
	v.Taxonomy, v.Title = t, t.Title
	v.Alternates = b.alternates(nil, func(o *site.Lang) string {
		if ot := o.Taxonomy(t.Name); ot != nil {
			return ot.URL
		}
		return ""
	})
	return b.execute(jobTerms(t.Name), v, "", t.Name+"/terms.html", "_default/terms.html")
}

func (b *builder) renderTerm(l *site.Lang, t *site.Taxonomy, term *site.Term, items []*site.Page, pg *site.Pager) error {
	v := b.view("term", l, site.PagerURL(term.URL, pg.Number))
	v.Taxonomy, v.Term, v.Pages, v.Pager = t, term, items, pg
	v.Title = term.Name
	v.Description = fmt.Sprintf("%s: %s", t.Title, term.Name)
	v.Alternates = b.alternates(nil, func(o *site.Lang) string {
		if ot := o.Taxonomy(t.Name); ot != nil {
			for _, x := range ot.Terms {
				if x.Slug == term.Slug && b.pagerPages(len(x.Pages)) >= pg.Number {
					return site.PagerURL(x.URL, pg.Number)
				}
			}
		}
		return ""
	})
	return b.execute(jobTerm(t.Name, term.Slug), v, "", t.Name+"/term.html", "_default/term.html")
}

// pagerPages is the number of list pages for n items (at least one).
func (b *builder) pagerPages(n int) int { return site.Pages(n, b.cfg.Paginate) }

// view returns a View with the fields every output shares.
func (b *builder) view(kind string, l *site.Lang, url string) *theme.View {
	return b.tmpl.NewView(kind, b.site, l, url)
}

// alternates lists the output in every language; urlIn returns "" where the
// output does not exist in that language. For pages, a language where the
// page is only a fallback is marked so.
func (b *builder) alternates(p *content.Page, urlIn func(*site.Lang) string) []theme.Alternate {
	var out []theme.Alternate
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	for _, o := range b.model.Langs {
		u := urlIn(o)
		if u == "" {
			continue
		}
		a := theme.Alternate{Lang: o.Code, Name: o.Name, URL: u, Permalink: base + u}
		if p != nil {
			a.Current = p.Lang == o.Code
			if r := o.Ref(p.Key()); r != nil {
				a.Fallback = r.Fallback
			}
		}
		out = append(out, a)
	}
	return out
}

// execute renders v with the first existing layout of names and writes
// the result to its URL (a folder URL gets index.html), as job's output.
func (b *builder) execute(job string, v *theme.View, srcFile string, names ...string) error {
	buf := publish.GetBuffer()
	defer publish.PutBuffer(buf)
	if err := b.tmpl.RenderChecked(buf, v, srcFile, names...); err != nil {
		return err
	}
	owner := srcFile
	if owner == "" {
		owner = v.Kind + " " + v.URL
	}
	write := b.out.Write
	if b.tmpl.Minified() {
		write = b.out.WriteMinified
	}
	if err := write(job, site.File(v.URL), owner, buf.Bytes()); err != nil {
		return err
	}
	if b.deps != nil {
		b.deps.record(job, v.Refs())
	}
	return nil
}
