package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/theme"
)

// ContactForm renders the site's own contact page around a visitor's form,
// for the contact endpoint to send back when a form sent without
// JavaScript has problems: the theme's header, menu, footer, labels and
// consent text, the text the visitor typed, and each problem beside its
// field.
type ContactForm struct {
	b      *builder
	pages  map[string]*site.Page // language -> its contact page
	thanks map[string]string     // language -> its thank-you page
	bodies map[*content.Page]template.HTML
	def    string
}

// LoadContactForm reads the site at source as the build does and keeps
// what the contact page needs. It fails when the site has no page with
// layout: contact.
func LoadContactForm(dir string) (*ContactForm, error) {
	l, err := source.Load(dir, nil)
	if err != nil {
		return nil, err
	}
	cfg, tmpl, loaded := l.Config, l.Theme, l.Content
	opts := Options{Source: dir, Now: time.Now(), AllowPlaceholders: true, NoMinify: true, NoSearch: true}
	pages, err := publishable(opts, tmpl, loaded.Pages)
	if err != nil {
		return nil, err
	}
	m, err := site.New(cfg, pages, nil, nil)
	if err != nil {
		return nil, err
	}
	c := &ContactForm{b: newBuilder(opts, cfg, tmpl, markdown.New(markdown.ReservedIDs(tmpl.IDs()...)), m, nil), pages: map[string]*site.Page{}, bodies: map[*content.Page]template.HTML{}, def: cfg.DefaultLanguage()}
	c.thanks = map[string]string{}
	for _, l := range m.Langs {
		c.thanks[l.Code] = l.ThanksURL()
		for _, r := range l.Standalone {
			if r.Layout != site.ContactLayout {
				continue
			}
			c.pages[l.Code] = r
			if _, done := c.bodies[r.Page]; !done {
				res, err := c.b.markdown(r.Body, c.b.resolver(r.Page, m.Lang(r.Page.Lang)), nil)
				if err != nil {
					return nil, diag.Errorf(r.File, 0, 0, "%v", err)
				}
				c.bodies[r.Page] = template.HTML(res.HTML) // produced by the safe Markdown pipeline
			}
			break
		}
	}
	if c.pages[c.def] == nil {
		return nil, fmt.Errorf("the site has no contact page: a page in %s/ with layout: contact", content.Dir)
	}
	return c, nil
}

// ThanksURL is the thank-you page in lang (the default language's when the
// site has no such language), as the site model places it: where the
// endpoint sends a visitor whose inquiry is stored.
func (c *ContactForm) ThanksURL(lang string) string {
	if u, ok := c.thanks[lang]; ok {
		return u
	}
	return c.thanks[c.def]
}

// RenderForm writes the contact page in lang (the default language when
// the site has no such language) with the form: values are the visitor's,
// problems the messages by field, status a message for the whole form.
func (c *ContactForm) RenderForm(w io.Writer, lang string, values, problems map[string]string, status string) error {
	r := c.pages[lang]
	if r == nil {
		r = c.pages[c.def]
	}
	o, _ := c.b.model.Lookup(r.URL)
	v := c.b.pageView(o, c.bodies[r.Page])
	v.NoIndex = true // an answer to one visitor, never a page to index
	v.Form = &theme.Form{Values: values, Problems: problems, Status: status}
	for _, t := range v.Lang.Topics {
		if t.ID == values["topic"] {
			v.Topic = t
		}
	}
	var buf bytes.Buffer
	if err := c.b.tmpl.Render(&buf, v, r.File, theme.LayoutsFor(r.Page)...); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
