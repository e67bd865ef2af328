package site_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitetest"
)

// planSite is a small site in two languages: lists of different lengths
// per language (two pages only in Norwegian), a fallback, a taxonomy, a
// section's feed, contact topics and a noindex page.
const planSite = `
-- site.yaml --
title: {en: Plan, nb: Plan}
description: {en: A test., nb: En test.}
baseURL: https://plan.example.org/
languages:
  - {code: en, name: English, locale: en_GB}
  - {code: nb, name: Norsk, locale: nb_NO}
paginate: 2
organisation:
  name: Test University
  url: https://uni.example.org/
fields:
  title: {type: string, max: 80}
  summary: {type: text}
  date: {type: date}
  noindex: {type: bool}
  partners: {type: list}
taxonomies:
  - {name: partners, path: by-partner, title: {en: By partner, nb: Per partner}}
sections:
  - name: stories
    title: {en: Stories, nb: Historier}
    required: [title, date]
    optional: [partners, summary]
    sort: -date
    feed: true
contact:
  topics:
    - id: research
      label: {en: Research, nb: Forskning}
      to: [research@example.org]
` + sitetest.CoreFields + `-- content/stories/alpha.md --
---
title: Alpha
date: 2026-03-01
partners: [Acme]
---
A.
-- content/stories/alpha.nb.md --
---
title: Alfa
date: 2026-03-01
partners: [Acme]
---
A.
-- content/stories/bravo.md --
---
title: Bravo
date: 2026-02-01
---
B.
-- content/stories/delta.nb.md --
---
title: Delta
date: 2026-01-01
---
D.
-- content/stories/echo.nb.md --
---
title: Echo
date: 2026-01-02
---
E.
-- content/about.md --
---
title: About
noindex: true
---
About.
-- content/contact.md --
---
title: Contact
layout: contact
---
Write.
-- content/contact.nb.md --
---
title: Kontakt
layout: contact
---
Skriv.
`

// loadPlan loads planSite (with overrides, see sitetest.Write) into the
// site model, with static/'s files as given.
func loadPlan(t *testing.T, static []string, overrides ...string) *site.Site {
	t.Helper()
	root := sitetest.Write(t, planSite, overrides...)
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	col, err := content.Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := site.New(cfg, col.Pages, static, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func urls(outs []site.Output) string {
	var s []string
	for _, o := range outs {
		s = append(s, o.URL)
	}
	return strings.Join(s, " ")
}

// TestRenderPlan: the model lists every output the build writes, each with
// its kind, unit and what rendering it needs.
func TestRenderPlan(t *testing.T) {
	m := loadPlan(t, []string{"css/site.css"})
	got := map[string]site.Output{}
	for _, o := range m.Outputs() {
		got[o.URL] = o
	}
	want := map[string]struct {
		kind site.Kind
		unit string
	}{
		"/":                       {site.HomeOutput, "home"},
		"/nb/":                    {site.HomeOutput, "home"},
		"/404.html":               {site.NotFoundOutput, "404"},
		"/nb/404.html":            {site.NotFoundOutput, "404"},
		"/stories/alpha/":         {site.PageOutput, "page:stories/alpha"},
		"/nb/stories/alpha/":      {site.PageOutput, "page:stories/alpha"},
		"/nb/stories/bravo/":      {site.PageOutput, "page:stories/bravo"}, // a fallback
		"/nb/stories/delta/":      {site.PageOutput, "page:stories/delta"},
		"/about/":                 {site.StandaloneOutput, "page:about"},
		"/contact/":               {site.ContactOutput, "page:contact"},
		"/contact/research/":      {site.ContactOutput, "page:contact"},
		"/nb/contact/research/":   {site.ContactOutput, "page:contact"},
		"/stories/":               {site.ListOutput, "section:stories"},
		"/nb/stories/page/2/":     {site.ListOutput, "section:stories"},
		site.FeedURL("/stories/"): {site.FeedOutput, "feed:stories"},
		"/by-partner/":            {site.TermsOutput, "terms:partners"},
		"/nb/by-partner/acme/":    {site.TermOutput, "term:partners/acme"},
		"/sitemap.xml":            {site.SitemapOutput, "sitemap"},
		"/robots.txt":             {site.RobotsOutput, "robots"},
		"/css/site.css":           {site.StaticOutput, "static"},
		site.SearchIndexURL("nb"): {site.SearchIndexOutput, "search"},
	}
	for u, w := range want {
		o, ok := got[u]
		if !ok {
			t.Errorf("the plan lacks %s", u)
			continue
		}
		if o.Kind != w.kind || o.Unit.String() != w.unit {
			t.Errorf("%s: kind %q unit %q, want %q %q", u, o.Kind, o.Unit, w.kind, w.unit)
		}
	}
	if _, ok := got["/stories/page/2/"]; ok {
		t.Errorf("the English list has two pages, one list page")
	}
	// A list page carries its pager and its share of the list.
	p2 := got["/nb/stories/page/2/"]
	if p2.Pager == nil || p2.Pager.Number != 2 || p2.Pager.Total != 2 || p2.Section == nil || p2.Section.Name != "stories" {
		t.Fatalf("/nb/stories/page/2/: pager %+v section %+v", p2.Pager, p2.Section)
	}
	if len(p2.Items) != 2 || p2.Items[0].Slug != "delta" && p2.Items[0].Slug != "echo" {
		t.Errorf("/nb/stories/page/2/ items %v, want the two oldest", p2.Items)
	}
	if o := got["/nb/contact/research/"]; o.Topic == nil || o.Topic.ID != "research" || o.Page == nil || o.Page.URL != "/nb/contact/" {
		t.Errorf("topic output %+v: want the Norwegian contact page with research chosen", o)
	}
	if o := got["/nb/stories/bravo/"]; !o.Page.Fallback {
		t.Errorf("/nb/stories/bravo/ is a fallback")
	}
	// Every output's kind is one of the kinds, and each is written by a
	// unit.
	for _, o := range m.Outputs() {
		if o.Unit.Kind == "" {
			t.Errorf("%s (%s) has no unit", o.URL, o.Kind)
		}
	}
}

// TestAlternates: the same output in every language, as the language
// switch, the hreflang links and the sitemap show it.
func TestAlternates(t *testing.T) {
	m := loadPlan(t, nil)
	tests := []struct{ url, want string }{
		{"/", "/ /nb/"},
		{"/stories/alpha/", "/stories/alpha/ /nb/stories/alpha/"},
		{"/stories/bravo/", "/stories/bravo/ /nb/stories/bravo/"}, // the fallback is an alternate
		{"/nb/stories/delta/", "/nb/stories/delta/"},              // only in Norwegian
		{"/contact/research/", "/contact/research/ /nb/contact/research/"},
		{"/stories/", "/stories/ /nb/stories/"},
		{"/nb/stories/page/2/", "/nb/stories/page/2/"}, // the English list is shorter
		{"/by-partner/", "/by-partner/ /nb/by-partner/"},
		{"/nb/by-partner/acme/", "/by-partner/acme/ /nb/by-partner/acme/"},
		{"/404.html", "/404.html"},
		{"/sitemap.xml", "/sitemap.xml"},
	}
	for _, tt := range tests {
		o, ok := m.Lookup(tt.url)
		if !ok {
			t.Errorf("no output at %s", tt.url)
			continue
		}
		if got := urls(m.Alternates(o)); got != tt.want {
			t.Errorf("Alternates(%s) = %s, want %s", tt.url, got, tt.want)
		}
	}
}

// TestIndexed: what the sitemap lists.
func TestIndexed(t *testing.T) {
	m := loadPlan(t, nil)
	var indexed []string
	for _, o := range m.Outputs() {
		if o.Indexed() {
			indexed = append(indexed, o.URL)
		}
	}
	for _, u := range []string{"/", "/nb/", "/stories/", "/stories/alpha/", "/nb/stories/delta/", "/contact/", "/by-partner/", "/by-partner/acme/"} {
		if !slices.Contains(indexed, u) {
			t.Errorf("%s is not indexed", u)
		}
	}
	// A fallback, a noindex page, a topic's copy of the contact page, a
	// list's later page and the files that are not pages are not.
	for _, u := range []string{"/nb/stories/bravo/", "/about/", "/contact/research/", "/nb/stories/page/2/", "/404.html", site.FeedURL("/stories/"), "/sitemap.xml"} {
		if slices.Contains(indexed, u) {
			t.Errorf("%s is indexed", u)
		}
	}
}

// TestShownBy: the units a change to a page's front matter touches.
func TestShownBy(t *testing.T) {
	m := loadPlan(t, nil)
	var alpha *content.Page
	for _, l := range m.Langs {
		if r := l.Ref("stories/alpha"); r != nil && l.Code == "en" {
			alpha = r.Page
		}
	}
	units := m.ShownBy(alpha, nil)
	var got []string
	for _, u := range units {
		got = append(got, u.String())
	}
	slices.Sort(got)
	if want := "feed:stories home section:stories sitemap term:partners/acme terms:partners"; strings.Join(got, " ") != want {
		t.Errorf("ShownBy(alpha) = %s, want %s", strings.Join(got, " "), want)
	}
	if u := site.SourceUnit(alpha); u != site.PageUnit("stories/alpha") {
		t.Errorf("SourceUnit(alpha) = %s", u)
	}
}

// TestCollision: two outputs at one address are an error at the content
// file, before anything is written.
func TestCollision(t *testing.T) {
	root := sitetest.Write(t, planSite, "content/partners.md", "---\ntitle: Partners\nurl: /by-partner/\n---\nx.\n")
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	col, err := content.Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	feed := strings.TrimPrefix(site.FeedURL("/stories/"), "/")
	_, err = site.New(cfg, col.Pages, []string{feed}, nil)
	if err == nil {
		t.Fatal("no error for two outputs at one address")
	}
	for _, want := range []string{"content/partners.md", "terms /by-partner/", "static/" + feed, "feed /stories/"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestShownByTermPages: with a taxonomy whose terms are a section's pages,
// a change to a page naming a term redoes the term's page, and a change to
// a term's page redoes the pages naming it.
func TestShownByTermPages(t *testing.T) {
	yaml := sitetest.Files([]byte(planSite))["site.yaml"]
	yaml = strings.Replace(yaml, "  - {name: partners, path: by-partner, title: {en: By partner, nb: Per partner}}",
		"  - {name: partners, section: orgs, title: {en: Partners, nb: Partnere}}", 1)
	yaml = strings.Replace(yaml, "sections:\n", "sections:\n  - name: orgs\n    title: {en: Partners, nb: Partnere}\n    required: [title]\n", 1)
	root := sitetest.Write(t, planSite, "site.yaml", yaml, "content/orgs/acme.md", "---\ntitle: Acme\n---\nAcme.\n")
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	col, err := content.Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := site.New(cfg, col.Pages, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*content.Page{}
	for _, p := range col.Pages {
		byFile[p.File] = p
	}
	has := func(units []site.Unit, u site.Unit) bool { return slices.Contains(units, u) }
	alpha, acme := byFile["content/stories/alpha.md"], byFile["content/orgs/acme.md"]
	if units := m.ShownBy(alpha, col.Pages); !has(units, site.PageUnit("orgs/acme")) || has(units, site.TermsUnit("partners")) {
		t.Errorf("ShownBy(alpha) = %v: want the term's page, and no terms list", units)
	}
	if units := m.ShownBy(acme, col.Pages); !has(units, site.PageUnit("stories/alpha")) || has(units, site.PageUnit("stories/bravo")) {
		t.Errorf("ShownBy(acme) = %v: want the pages naming it, only them", units)
	}
}
