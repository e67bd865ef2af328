package generator

// This file writes the schema.org JSON-LD of the home page and the case studies.

import (
	"encoding/json"
	"html/template"
	"strings"

	"github.com/uio-partner/portal/internal/theme"
)

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
	if img := p.Image; img != nil && img.OG.URL != "" {
		m["image"] = strings.TrimSuffix(b.cfg.BaseURL, "/") + img.OG.URL
	}
	return jsonLD(m)
}
