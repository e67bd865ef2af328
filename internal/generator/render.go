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

// renderPage renders source page p at each of its outputs: in every
// language it is served in, and the contact page once per topic.
func (b *builder) renderPage(p *content.Page, outs []site.Output) {
	lang := b.model.Lang(p.Lang)
	res, err := b.markdown(p.Body, b.resolver(p, lang), b.pictureFinder(p))
	if err != nil {
		b.fail(p.File, err)
		return
	}
	body := template.HTML(res.HTML) // produced by the safe Markdown pipeline
	if b.releaseSources {
		// Rendered in every language it is served in: nothing reads the
		// source again, and 10,000 pages of it are most of the heap. Head
		// (for check's positions) shares the file's bytes with Body: both
		// go, or the whole file stays live.
		p.Body, p.Head = nil, nil
	}
	if b.index != nil {
		var refs []*site.Page
		for _, o := range outs {
			if o.Topic == nil {
				refs = append(refs, o.Page)
			}
		}
		b.indexPage(p, refs, res)
	}
	names := theme.LayoutsFor(p)
	for _, o := range outs {
		b.fail(p.File, b.execute(o.Unit, b.outputView(o, body), p.File, names...))
	}
}

// outputView is the view of a page output with its rendered body: the
// page, or the contact page with a topic chosen.
func (b *builder) outputView(o site.Output, body template.HTML) *theme.View {
	if o.Topic == nil {
		return b.pageView(o, body)
	}
	page, _ := b.model.Lookup(o.Page.URL)
	v := b.pageView(page, body) // its canonical address stays the contact page's
	v.Topic, v.URL = o.Topic, o.URL
	v.Alternates = b.alternates(o) // the language switch keeps the chosen topic
	return v
}

// pageView is the view of page output o (not a topic's), in the language
// it is served in, with its rendered body.
func (b *builder) pageView(o site.Output, body template.HTML) *theme.View {
	r := o.Page
	l := b.model.Lang(r.Lang)
	v := b.view(o.Kind, l, r.URL)
	v.Page, v.Content, v.Title = r, body, r.Title
	v.Description = r.Summary
	v.Section = l.Section(r.Section)
	v.Alternates = b.alternates(o)
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

func (b *builder) renderHome(o site.Output) {
	l := b.model.Lang(o.Lang)
	v := b.view(o.Kind, l, o.URL)
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
	v.Alternates = b.alternates(o)
	v.JSONLD = b.organisationLD(v)
	b.fail(file, b.execute(o.Unit, v, file, "index.html", "_default/list.html"))
}

func (b *builder) render404(l *site.Lang) {
	v := b.view(site.NotFoundOutput, l, site.NotFoundURL(l.HomeURL()))
	v.Title, _ = v.T("notFoundTitle") // without arguments, only a plural key fails, and the layout says so
	v.NoIndex = true
	b.fail(theme.Dir+"/404.html", b.execute(site.NotFoundUnit, v, "", "404.html", "_default/single.html"))
}

func (b *builder) renderSection(o site.Output) error {
	l, s := b.model.Lang(o.Lang), o.Section
	v := b.view(o.Kind, l, o.URL)
	v.Section, v.Pages, v.Pager = s, o.Items, o.Pager
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
	v.Alternates = b.alternates(o)
	return b.execute(o.Unit, v, "", s.Name+"/list.html", "_default/list.html")
}

func (b *builder) renderTerms(o site.Output) error {
	t := o.Taxonomy
	v := b.view(o.Kind, b.model.Lang(o.Lang), o.URL)
	v.Taxonomy, v.Title = t, t.Title
	v.Alternates = b.alternates(o)
	return b.execute(o.Unit, v, "", t.Name+"/terms.html", "_default/terms.html")
}

func (b *builder) renderTerm(o site.Output) error {
	t, term := o.Taxonomy, o.Term
	v := b.view(o.Kind, b.model.Lang(o.Lang), o.URL)
	v.Taxonomy, v.Term, v.Pages, v.Pager = t, term, o.Items, o.Pager
	v.Title = term.Name
	v.Description = fmt.Sprintf("%s: %s", t.Title, term.Name)
	v.Alternates = b.alternates(o)
	return b.execute(o.Unit, v, "", t.Name+"/term.html", "_default/term.html")
}

// view returns a View with the fields every output shares.
func (b *builder) view(kind site.Kind, l *site.Lang, url string) *theme.View {
	return b.tmpl.NewView(kind, b.site, l, url)
}

// alternates is output o in every language it exists in (the model's
// Alternates), for the language switch and the hreflang links. For a page,
// Current marks the language its text is written in, and Fallback a
// language where it is shown only as a fallback.
func (b *builder) alternates(o site.Output) []theme.Alternate {
	var out []theme.Alternate
	base := strings.TrimSuffix(b.cfg.BaseURL, "/")
	for _, a := range b.model.Alternates(o) {
		alt := theme.Alternate{Lang: a.Lang, Name: b.model.Lang(a.Lang).Name, URL: a.URL, Permalink: base + a.URL}
		if o.Kind.IsPage() {
			alt.Current = o.Page.Page.Lang == a.Lang
			alt.Fallback = a.Page.Fallback
		}
		out = append(out, alt)
	}
	return out
}

// execute renders v with the first existing layout of names and writes
// the result to its URL (a folder URL gets index.html), as unit's output.
func (b *builder) execute(unit site.Unit, v *theme.View, srcFile string, names ...string) error {
	buf := publish.GetBuffer()
	defer publish.PutBuffer(buf)
	if err := b.tmpl.RenderChecked(buf, v, srcFile, names...); err != nil {
		return err
	}
	owner := srcFile
	if owner == "" {
		owner = string(v.Kind) + " " + v.URL
	}
	write := b.out.Write
	if b.tmpl.Minified() {
		write = b.out.WriteMinified
	}
	if err := write(unit.String(), site.File(v.URL), owner, buf.Bytes()); err != nil {
		return err
	}
	if b.deps != nil {
		b.deps.record(unit, v.Refs())
	}
	return nil
}
