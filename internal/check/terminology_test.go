package check

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/uio-partner/portal/internal/sitetest"
)

// termSite is the base site with a Norwegian and an English terminology
// list, theme strings, and pages of both languages that use the avoided
// words where a reader sees them and where a reader does not.
const termSite = `-- site.yaml --
title: Test site
baseURL: https://example.org/
languages:
  - {code: en, name: English}
  - {code: nb, name: Norsk}
fields:
  title: {type: string, max: 120}
  summary: {type: text}
  date: {type: date}
  steps: {type: list}
  topic: {type: string}
taxonomies:
  - name: sectors
    title: {en: Sectors, nb: Internship-sektorer}
    terms:
      internship: {en: Internships, nb: "Praksis, ikke internship"}
sections:
  - name: offerings
    title: {en: Offerings, nb: Tilbud}
    summary:
      en: Internships and more.
      nb: >-
        Praksisplass og
        Technology Transfer Office.
    required: [title, summary]
    optional: [sectors, steps, topic]
    sort: title
terminology:
  nb:
    - use: praksisplass
      avoid: [internship, internshipprogram]
      note: Norsk ord for det samme.
    - use: TTO
      avoid: [Technology Transfer Office]
  en:
    - use: start-up
      avoid: [startup]
-- layouts/_default/baseof.html --
<main id="main">{{block "main" .}}{{end}}</main>
-- layouts/_default/single.html --
{{define "main"}}{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}{{.Title}}{{end}}
-- layouts/i18n/en.yaml --
apply: Apply at a startup
-- layouts/i18n/nb.yaml --
apply: Søk på et Internship
plural:
  one: "%d internshipprogram"
  other: "%d praksisplasser"
-- content/offerings/praksis.md --
---
title: An internship at a startup
summary: Internships.
---
A startup, and an internship.
-- content/offerings/praksis.nb.md --
---
title: "«Internship» hos oss"
summary: |
  Et internshipprogram
  for deg.
steps: [Søk internship, Start]
sectors: [internship]
topic: internship
---
Vi tilbyr praksisplass (ikke internship), og et
Technology
Transfer Office som hjelper.

Kode som ` + "`internship`" + ` og [lenken](/offerings/internship/) er ikke tekst,
men [et internship](https://example.org/) er det. Internships er et annet ord,
og det er internshipene også; internship-avtale er to ord.

    internship i en kodeblokk
`

// TestTerminology: an avoided word is warned about at its line and column
// in a page's text and front matter, site.yaml's texts and the theme
// strings of its language, naming the term to use and the note; not in
// code, addresses, taxonomy terms, slugs, longer words or another
// language's texts.
func TestTerminology(t *testing.T) {
	dir := t.TempDir()
	sitetest.Extract(t, dir, termSite)
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir}) {
		if strings.Contains(d.Msg, "terminology") {
			got = append(got, d.String())
		}
	}
	const nb = `write "praksisplass", not `
	const note = `: Norsk ord for det samme.`
	want := []string{
		`content/offerings/praksis.md:2:27: warning: terminology (en): write "start-up", not "startup"`,
		`content/offerings/praksis.md:5:3: warning: terminology (en): write "start-up", not "startup"`,
		`content/offerings/praksis.nb.md:2:10: warning: terminology (nb): ` + nb + `"Internship"` + note,
		`content/offerings/praksis.nb.md:4:6: warning: terminology (nb): write "praksisplass", not "internshipprogram"` + note,
		`content/offerings/praksis.nb.md:6:13: warning: terminology (nb): ` + nb + `"internship"` + note,
		`content/offerings/praksis.nb.md:10:30: warning: terminology (nb): ` + nb + `"internship"` + note,
		`content/offerings/praksis.nb.md:11:1: warning: terminology (nb): write "TTO", not "Technology Transfer Office"`,
		`content/offerings/praksis.nb.md:15:9: warning: terminology (nb): ` + nb + `"internship"` + note,
		`content/offerings/praksis.nb.md:16:31: warning: terminology (nb): ` + nb + `"internship"` + note,
		`layouts/i18n/en.yaml:1:19: warning: terminology (en): write "start-up", not "startup"`,
		`layouts/i18n/nb.yaml:1:18: warning: terminology (nb): ` + nb + `"Internship"` + note,
		`layouts/i18n/nb.yaml:3:12: warning: terminology (nb): write "praksisplass", not "internshipprogram"` + note,
		`site.yaml:14:30: warning: terminology (nb): ` + nb + `"Internship"` + note,
		`site.yaml:16:56: warning: terminology (nb): ` + nb + `"internship"` + note,
		`site.yaml:24:9: warning: terminology (nb): write "TTO", not "Technology Transfer Office"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want, +got):\n%s", diff)
	}
}
