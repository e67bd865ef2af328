package generator

import "github.com/uio-partner/portal/internal/sitetest"

// testSite is a small complete site: two languages, two sections (one with
// a feed and Article JSON-LD), a taxonomy served under another path,
// paginate 2, contact topics, a url override, drafts, future and expired
// pages and static files. Tests override single files of it.
const testSite = `
-- site.yaml --
title: {en: Test Site, nb: Testside}
description: {en: A site for tests., nb: Et nettsted for tester.}
baseURL: https://test.example.org/
languages:
  - {code: en, name: English, locale: en_GB}
  - {code: nb, name: Norsk, locale: nb_NO}
paginate: 2
organisation:
  name: Test University
  url: https://uni.example.org/
  logo: /images/logo.svg
fields:
  title: {type: string, max: 80}
  summary: {type: text}
  date: {type: date}
  lastmod: {type: date}
  weight: {type: int}
  url: {type: path}
  noindex: {type: bool}
  topic: {type: string}
  contact: {type: email}
  partners: {type: list}
taxonomies:
  - {name: partners, path: by-partner, title: {en: By partner, nb: Per partner}}
sections:
  - name: stories
    title: {en: Stories, nb: Historier}
    summary: {en: Stories that worked., nb: Historier som virket.}
    required: [title, summary, date]
    optional: [lastmod, partners, contact]
    sort: -date
    feed: true
    schema: Article
  - name: offers
    title: {en: Offers, nb: Tilbud}
    required: [title]
    optional: [weight, partners, topic]
    sort: weight
contact:
  topics:
    - id: research
      label: {en: Research, nb: Forskning}
      to: [research@example.org]
    - id: general
      label: {en: Something else, nb: Noe annet}
      to: [post@example.org]
` + sitetest.CoreFields + `-- layouts/_default/baseof.html --
<!DOCTYPE html>
<html lang="{{ .Lang.Code }}">
<head>
<title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Canonical }}">
{{ if .NoIndex }}<meta name="robots" content="noindex">
{{ end }}{{ range .Alternates }}{{ if not .Fallback }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}{{ end }}<meta property="og:title" content="{{ .Title }}">
<meta property="og:type" content="{{ .OGType }}">
<meta property="og:url" content="{{ .Canonical }}">
<meta property="og:locale" content="{{ .Lang.Locale }}">
{{ with .JSONLD }}<script type="application/ld+json">{{ . }}</script>
{{ end }}</head>
<body class="kind-{{ .Kind }}">
{{ block "main" . }}{{ end }}
</body>
</html>
-- layouts/_default/single.html --
{{ define "main" }}<article>
<h1>{{ .Page.Title }}</h1>
{{ if .Page.Fallback }}<p class="fallback-note" lang="{{ .Lang.Code }}">{{ .T "fallbackNote" }}</p>
{{ end }}<div class="prose">{{ .Content }}</div>
</article>{{ end }}
-- layouts/_default/list.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Pager }}<nav>{{ with .Prev }}<a rel="prev" href="{{ . }}">prev</a>{{ end }} page {{ .Number }} of {{ .Total }} {{ with .Next }}<a rel="next" href="{{ . }}">next</a>{{ end }}</nav>{{ end }}{{ end }}
-- layouts/_default/terms.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Taxonomy.Terms }}<li><a href="{{ .URL }}">{{ .Name }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
-- layouts/_default/term.html --
{{ define "main" }}<h1>{{ .Taxonomy.Title }}: {{ .Term.Name }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Pager }}<nav>{{ with .Prev }}<a rel="prev" href="{{ . }}">prev</a>{{ end }}{{ with .Next }}<a rel="next" href="{{ . }}">next</a>{{ end }}</nav>{{ end }}{{ end }}
-- layouts/index.html --
{{ define "main" }}<h1>{{ .SiteTitle }}</h1>
{{ .Content }}
<ul>{{ range .Lang.Sections }}<li><a href="{{ .URL }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
-- layouts/404.html --
{{ define "main" }}<h1>{{ .T "notFoundTitle" }}</h1>
<a href="{{ .RelURL "/" }}">home</a>{{ end }}
-- layouts/_default/contact.html --
{{ define "main" }}<h1>{{ .Page.Title }}</h1>
<form action="{{ .Site.Config.Contact.Endpoint }}" method="post"><select name="topic">{{ range .Lang.Topics }}<option value="{{ .ID }}"{{ if $.Topic }}{{ if eq $.Topic.ID .ID }} selected{{ end }}{{ end }}>{{ .Label }}</option>{{ end }}</select></form>{{ end }}
-- layouts/i18n/en.yaml --
fallbackNote: This page is only available in English.
notFoundTitle: Page not found
-- layouts/i18n/nb.yaml --
fallbackNote: Denne siden finnes bare på engelsk.
notFoundTitle: Fant ikke siden
-- content/_index.md --
---
title: Welcome
summary: The English home.
---
Home text in **English**.
-- content/_index.nb.md --
---
title: Velkommen
---
Hjemmetekst på norsk.
-- content/stories/alpha.md --
---
title: Alpha story
summary: Alpha summary.
date: 2026-03-01
lastmod: 2026-07-15
partners: [Acme, Beta Corp]
---
Alpha body, see [bravo](bravo.md).
-- content/stories/alpha.nb.md --
---
title: Alfa-historie
summary: Alfa sammendrag.
date: 2026-03-01
partners: [Acme]
---
Alfa tekst.
-- content/stories/bravo.md --
---
title: Bravo story
summary: Bravo summary.
date: 2026-05-01
partners: [acme]
---
Bravo body.
-- content/stories/charlie.md --
---
title: Charlie story
summary: Charlie summary.
date: 2026-02-01
---
Charlie body.
-- content/stories/draft.md --
---
title: Draft story
summary: Not yet.
date: 2026-08-01
draft: true
---
Draft body.
-- content/stories/future.md --
---
title: Future story
summary: Later.
date: 2026-01-01
publishDate: 2027-01-01
---
Future body.
-- content/stories/expired.md --
---
title: Expired story
summary: Gone.
date: 2026-01-02
expiryDate: 2026-10-01
---
Expired body.
-- content/offers/one.md --
---
title: Offer one
weight: 2
partners: [Acme]
---
One.
-- content/offers/two.md --
---
title: Offer two
weight: 1
---
Two.
-- content/offers/two.nb.md --
---
title: Tilbud to
weight: 1
---
To.
-- content/about.md --
---
title: About us
---
About text.
-- content/contact.md --
---
title: Contact
layout: contact
---
Write to us.
-- content/contact.nb.md --
---
title: Kontakt
layout: contact
---
Skriv til oss.
-- content/thanks.md --
---
title: Thank you
url: /contact/thanks/
noindex: true
---
Thanks.
-- static/css/site.css --
/* a comment that minification removes */
body {
    color : #ff0000;
    margin : 0px;
}
-- static/files/report.txt --
A   plain    text file,   copied as it is.
`
