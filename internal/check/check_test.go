package check

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/sitetest"
)

// baseSite returns a temporary copy of testdata/base.txtar plus extra files.
func baseSite(t testing.TB, extra string) string {
	t.Helper()
	base, err := os.ReadFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sitetest.Extract(t, dir, string(base))
	writePNG(t, filepath.Join(dir, "static", "images", "lab.png"), 1600, 1200) // wide enough for a hero
	sitetest.Extract(t, dir, extra)
	return dir
}

// writePNG writes a w×h picture.
func writePNG(t testing.TB, name string, w, h int) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func texts(list diag.List) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.String()
	}
	return out
}

func TestBaseSiteIsClean(t *testing.T) {
	if got := texts(Run(context.Background(), Options{Source: baseSite(t, "")})); len(got) != 0 {
		t.Errorf("findings on the base site:\n%s", strings.Join(got, "\n"))
	}
}

// TestLints runs one failing fixture per lint and asserts the exact findings.
func TestLints(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string // added to the base site
		want []string
	}{
		{"unknown field with did you mean", `-- content/case-studies/a.md --
---
title: A
summary: S.
sumary: S.
date: 2024-01-01
---
Text.
`, []string{`content/case-studies/a.md:4:1: warning: front matter: unknown field "sumary"; did you mean "summary"?`}},

		{"unknown field without a near one", `-- content/case-studies/a.md --
---
title: A
summary: S.
date: 2024-01-01
colour: blue
---
Text.
`, []string{`content/case-studies/a.md:5:1: warning: front matter: unknown field "colour": case-studies pages use title, summary, date, sectors, partners, image, imageAlt`}},

		{"field of another section", `-- content/offerings/a.md --
---
title: A
summary: S.
website: https://example.com/
---
Text.
`, []string{`content/offerings/a.md:4:1: warning: front matter: field "website" is not used by offerings pages: they use title, summary, sectors, image, imageAlt, contact`}},

		{"field type", `-- content/case-studies/a.md --
---
title: A
summary: S.
date: tomorrow
---
Text.
`, []string{`content/case-studies/a.md:4:7: error: front matter: field "date" must be a date like 2024-03-01, not "tomorrow"`}},

		{"broken site link", `-- content/partners/a.md --
---
title: A
---
See [mentoring](/offerings/mentorin/).
`, []string{`content/partners/a.md:4:17: error: broken link "/offerings/mentorin/": the site has no page at /offerings/mentorin/; did you mean /offerings/mentoring/?`}},

		{"broken Norwegian link", `-- content/partners/a.md --
---
title: A
---
Se [siden](/nb/offerings/nope/).
`, []string{`content/partners/a.md:4:12: error: broken link "/nb/offerings/nope/": the site has no page at /offerings/nope/`}},

		{"broken relative Markdown link", `-- content/partners/a.md --
---
title: A
---
Text.

See [research](../offerings/reserch.md).
`, []string{`content/partners/a.md:6:16: error: broken link "../offerings/reserch.md": there is no page content/offerings/reserch.md; did you mean content/offerings/research.md?`}},

		{"broken anchor on another page", `-- content/partners/a.md --
---
title: A
---
How [it works](/offerings/mentoring/#how-it-work).
`, []string{`content/partners/a.md:4:16: error: broken link "/offerings/mentoring/#how-it-work": content/offerings/mentoring.md has no heading with id "how-it-work"; did you mean "#how-it-works"?`}},

		{"a heading named like a layout id gets the build's id", `-- content/partners/a.md --
---
title: A
---
## Main

See [the heading](#main-1), [the page's main](#main) and [nothing](#main-2).
`, []string{`content/partners/a.md:6:68: error: broken link "#main-2": this page has no heading with id "main-2"; did you mean "#main-1"?`}},

		{"broken anchor in a translation", `-- content/partners/a.nb.md --
---
title: A
---
Se [hvem](/nb/offerings/research/#who-can-apply).
`, []string{
			`content/partners/a.nb.md:1:1: error: translation without an original: content/partners/a.md does not exist; a translation's file name is its original's with .nb before .md`,
			`content/partners/a.nb.md:4:11: error: broken link "/nb/offerings/research/#who-can-apply": content/offerings/research.nb.md has no heading with id "who-can-apply"`,
		}},

		{"broken anchor on the same page", `-- content/partners/a.md --
---
title: A
---
## History

Read the [history](#histroy).
`, []string{`content/partners/a.md:6:20: error: broken link "#histroy": this page has no heading with id "histroy"; did you mean "#history"?`}},

		{"missing image", `-- content/partners/a.md --
---
title: A
---
![The lab](/images/missing.png)
`, []string{`content/partners/a.md:4:12: error: image "/images/missing.png": not found: add the file static/images/missing.png (names are case-sensitive)`}},

		{"missing file", `-- content/partners/a.md --
---
title: A
---
The [agreement](/files/nda.pdf).
`, []string{`content/partners/a.md:4:17: error: broken link "/files/nda.pdf": the site has no page or file there (add static/files/nda.pdf)`}},

		{"missing image in front matter", `-- content/offerings/a.md --
---
title: A
summary: S.
image: /images/nope.jpg
imageAlt: Nothing
---
Text.
`, []string{`content/offerings/a.md:4:1: error: image "/images/nope.jpg": not found: add the file static/images/nope.jpg (names are case-sensitive)`}},

		{"image without alt text", `-- content/partners/a.md --
---
title: A
---
Our lab:
![](/images/lab.png)
`, []string{`content/partners/a.md:5:5: error: image "/images/lab.png" has no alt text: say what it shows between the brackets, ![A microscope in the imaging lab](/images/lab.png)`}},

		// Text still to be written: reported wherever it is, as a warning
		// (the build refuses the published pages that hold it).
		{"placeholders in front matter and text, in both languages", `-- content/case-studies/a.md --
---
title: "PLACEHOLDER: the headline"
summary: S.
date: 2026-03-01
sectors: [pharma, PLACEHOLDER]
draft: true
---
See [PLACEHOLDER: the link text](/offerings/research/).
-- content/offerings/research.nb.md --
---
title: Forskning
summary: Svar innen PLACEHOLDER dager.
---
## Hvem kan søke

Alle.
`, []string{
			`content/case-studies/a.md:2:9: warning: placeholder: "PLACEHOLDER: the headline" is text still to be written`,
			`content/case-studies/a.md:5:19: warning: front matter: sectors term "PLACEHOLDER" has no display name for en, nb: pages show it as written; name it in site.yaml under taxonomies, sectors, terms: placeholder: {en: ..., nb: ...}`,
			`content/case-studies/a.md:5:19: warning: placeholder: "PLACEHOLDER" is text still to be written`,
			`content/case-studies/a.md:8:6: warning: placeholder: "PLACEHOLDER: the link text](/offerings/research/)." is text still to be written`,
			`content/offerings/research.nb.md:3:21: warning: placeholder: "PLACEHOLDER dager." is text still to be written`,
		}},

		// What the browser suite refuses, check reports first: a picture
		// without width and height, and one from another site.
		{"image that is not a picture", `-- content/partners/a.md --
---
title: A
---
![The lab](/images/lab.jpg)
`, []string{`content/partners/a.md:4:12: error: image "/images/lab.jpg": static/images/lab.jpg: it is not a JPEG, PNG or WebP picture (a damaged file, or another kind of file under a picture's name)`}},
		{"image by a relative path", `-- content/partners/a.md --
---
title: A
---
![The lab](../../images/lab.png)
`, []string{`content/partners/a.md:4:12: error: image "../../images/lab.png": the path leaves the site's content/ and static/ folders: put the picture beside the page and write its name`}},
		{"image by a relative path into static", `-- content/partners/a.md --
---
title: A
---
![The lab](../../static/images/lab.png)
`, nil},
		{"image from another site", `-- content/partners/a.md --
---
title: A
---
![A chart](https://cdn.example.com/chart.png)
`, []string{`content/partners/a.md:4:12: warning: image "https://cdn.example.com/chart.png" is loaded from another site: the site loads nothing from other sites (a picture can be a tracking pixel); put the file in static/ and write its site path`}},

		{"front-matter image without imageAlt", `-- content/offerings/a.md --
---
title: A
summary: S.
image: /images/lab.png
---
Text.
`, []string{`content/offerings/a.md:4:1: error: front matter: image has no imageAlt: add imageAlt: saying what the picture shows, for readers who cannot see it`}},
		{"front-matter image from another site", `-- content/offerings/a.md --
---
title: A
summary: S.
image: https://tracker.example.com/pixel.png
imageAlt: Nothing
---
Text.
`, []string{`content/offerings/a.md:4:1: warning: front matter: image "https://tracker.example.com/pixel.png" is loaded from another site: the site loads nothing from other sites (a picture can be a tracking pixel); put the file beside the page and write its name`}},

		{"heading level skips", `-- content/partners/a.md --
---
title: A
---
## Background

#### Detail
`, []string{`content/partners/a.md:6:1: warning: heading level skips from 2 to 4: use "### " here`}},

		{"h1 in the body", `-- content/partners/a.md --
---
title: A
---
# A

Text.
`, []string{`content/partners/a.md:4:1: warning: heading level 1 in the text: the title is the page's only level-1 heading; use "## " for sections`}},

		{"empty summary", `-- content/partners/a.md --
---
title: A
summary: ""
---
Text.
`, []string{`content/partners/a.md:3:1: warning: front matter: summary is empty: write one or two sentences for lists, search results and link previews`}},

		{"summary over 300 characters", "-- content/partners/a.md --\n---\ntitle: A\nsummary: " + strings.Repeat("word ", 61) + "\n---\nText.\n",
			[]string{`content/partners/a.md:3:1: warning: front matter: summary is 304 characters long; keep it to 300`}},

		{"translation without original", `-- content/offerings/coaching.nb.md --
---
title: Veiledning
summary: S.
---
Tekst.
`, []string{`content/offerings/coaching.nb.md:1:1: error: translation without an original: content/offerings/coaching.md does not exist; a translation's file name is its original's with .nb before .md`}},

		{"taxonomy term differing by case", `-- content/offerings/a.md --
---
title: A
summary: S.
sectors: [Pharma]
---
Text.
`, []string{`content/offerings/a.md:4:11: warning: front matter: sectors term "Pharma" looks like the existing term "pharma" (used by 2 pages): use the same spelling`}},

		{"taxonomy term with a typo", `-- content/offerings/a.md --
---
title: A
summary: S.
sectors:
  - energy
  - medtec
---
Text.
`, []string{
			`content/offerings/a.md:5:5: warning: front matter: sectors term "energy" has no display name for en, nb: pages show it as written; name it in site.yaml under taxonomies, sectors, terms: energy: {en: ..., nb: ...}`,
			`content/offerings/a.md:6:5: warning: front matter: sectors term "medtec" looks like the existing term "medtech" (used by 2 pages): use the same spelling`,
		}},

		{"term with a display name in one language only", `-- site.yaml --
title: Test site
baseURL: https://example.org/
languages:
  - {code: en, name: English}
  - {code: nb, name: Norsk}
fields:
  title: {type: string, max: 120}
  summary: {type: text}
  date: {type: date}
  partners: {type: list}
  image: {type: image}
  imageAlt: {type: string}
  website: {type: url}
  contact: {type: email}
taxonomies:
  - name: sectors
    title: Sectors
    terms:
      pharma: {en: Pharmaceuticals}
      medtech: Medtech
  - {name: partners, section: partners, title: Partners}
sections:
  - name: offerings
    title: Offerings
    required: [title, summary]
    optional: [sectors, image, imageAlt, contact]
    sort: title
  - name: case-studies
    title: Case studies
    required: [title, summary, date]
    optional: [sectors, partners, image, imageAlt]
    sort: -date
  - name: partners
    title: Partners
    required: [title]
    optional: [summary, website]
    sort: title
-- content/offerings/mentoring.md --
---
title: Mentoring
summary: S.
sectors: [pharma, medtech]
---
Text.
`, []string{`content/offerings/mentoring.md:4:11: warning: front matter: sectors term "pharma" has no display name for nb: pages show it as written; name it in site.yaml under taxonomies, sectors, terms: pharma: {en: ..., nb: ...}`}},

		// There is one list of partners: a partner named on a page must
		// have a partner page, by its file name or its title in any language.
		{"partner without a partner page", `-- content/partners/ffi.md --
---
title: Norwegian Defence Research Establishment
---
FFI.
-- content/partners/ffi.nb.md --
---
title: Forsvarets forskningsinstitutt
---
FFI.
-- content/case-studies/a.md --
---
title: A
summary: S.
date: 2026-03-01
partners: [Roche, ffi, Forsvarets forskningsinstitutt, norwegian defence research establishment, Roch, Acme AS]
---
Text.
-- content/case-studies/b.md --
---
title: B
summary: S.
date: 2026-03-01
partners: [Acme AS]
draft: true
---
Text.
`, []string{
			`content/case-studies/a.md:5:98: error: front matter: partners "Roch" has no page in content/partners/: use the name of one that has; did you mean "Roche"?, or add its page (portal new partners "Roch")`,
			`content/case-studies/a.md:5:104: error: front matter: partners "Acme AS" has no page in content/partners/: use the name of one that has, or add its page (portal new partners "Acme AS")`,
			`content/case-studies/b.md:5:12: warning: front matter: partners "Acme AS" has no page in content/partners/: use the name of one that has, or add its page (portal new partners "Acme AS")`,
		}},
		{"partner whose page is a draft", `-- content/partners/acme.md --
---
title: Acme AS
draft: true
---
Acme.
-- content/case-studies/a.md --
---
title: A
summary: S.
date: 2026-03-01
partners: [Acme AS]
---
Text.
`, []string{`content/case-studies/a.md:5:12: warning: front matter: partners "Acme AS" is a draft (content/partners/acme.md): the name is shown without a link until that page is published`}},

		{"broken link to the site's own address written in full", `-- content/partners/a.md --
---
title: A
---
See [mentoring](https://example.org/offerings/mentoring/#how-it-work) and [Roche](https://www.roche.com/x/).
`, []string{`content/partners/a.md:4:17: error: broken link "https://example.org/offerings/mentoring/#how-it-work": content/offerings/mentoring.md has no heading with id "how-it-work"; did you mean "#how-it-works"?`}},

		{"link to a draft", `-- content/partners/a.md --
---
title: A
---
See [b](/partners/b/).
-- content/partners/b.md --
---
title: B
draft: true
---
See [a](/partners/a/).
`, []string{`content/partners/a.md:4:9: warning: link "/partners/b/" goes to a draft (content/partners/b.md): it is broken on the site until that page is published`}},

		{"unsafe link", `-- content/partners/a.md --
---
title: A
---
[Click](javascript:alert(1))
`, []string{`content/partners/a.md:4:9: warning: link "javascript:alert(1)" is removed from the page: only http, https, mailto and tel addresses or site paths are allowed`}},

		{"unknown layout", `-- content/about.md --
---
title: About
layout: fancy
---
Text.
`, []string{`content/about.md:3:1: error: unknown layout "fancy": add layouts/_default/fancy.html or remove the field`}},

		{"several mistakes in one file, sorted", `-- content/case-studies/a.md --
---
title: A
date: 2024-01-01
sectors: [medtec]
---
# A

[x](/nope/)
`, []string{
			`content/case-studies/a.md:4:11: warning: front matter: sectors term "medtec" looks like the existing term "medtech" (used by 2 pages): use the same spelling`,
			`content/case-studies/a.md:5:1: error: front matter: missing required field "summary"`,
			`content/case-studies/a.md:6:1: warning: heading level 1 in the text: the title is the page's only level-1 heading; use "## " for sections`,
			`content/case-studies/a.md:8:5: error: broken link "/nope/": the site has no page at /nope/`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(Run(context.Background(), Options{Source: baseSite(t, tc.file)}))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestMissingSiteYAML(t *testing.T) {
	got := texts(Run(context.Background(), Options{Source: t.TempDir()}))
	if len(got) != 1 || !strings.HasPrefix(got[0], "site.yaml: error: not found in ") {
		t.Errorf("findings = %q, want site.yaml not found", got)
	}
}

// TestGlossaryWarning: a search glossary group none of whose words is on
// the site is a warning at its line; a group with one word on the site,
// inflected or not, is fine.
func TestGlossaryWarning(t *testing.T) {
	dir := baseSite(t, "")
	yml, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	yml = append(yml, []byte(`search:
  glossary:
    en:
      - [mentorship, mentoring]
      - [researches, inquiry]
      - [quantum computing, qubits]
    nb:
      - [mentoring, veiledning]
`)...)
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir}) {
		if strings.Contains(d.Msg, "glossary") {
			got = append(got, d.String())
		}
	}
	line := strings.Count(string(yml[:strings.Index(string(yml), "[quantum")]), "\n") + 1
	nbLine := strings.Count(string(yml[:strings.Index(string(yml), "[mentoring, veiledning")]), "\n") + 1
	want := []string{
		fmt.Sprintf(`site.yaml:%d:1: warning: search glossary (en): none of "quantum computing", "qubits" is on the site, so the group finds nothing; check the spelling and the language`, line),
		fmt.Sprintf(`site.yaml:%d:1: warning: search glossary (nb): none of "mentoring", "veiledning" is on the site, so the group finds nothing; check the spelling and the language`, nbLine),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSlipsInLayouts: check renders the site as the build does and reports
// the slips the build would refuse, at the layout lines that print them.
func TestSlipsInLayouts(t *testing.T) {
	dir := baseSite(t, `-- layouts/_default/single.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ printf "%d" .Title }}</p>
{{ with .Page }}<p>{{ js .Params.nope }}</p>{{ end }}{{ .Content }}{{ end }}
`)
	var got []string
	for _, s := range texts(Run(context.Background(), Options{Source: dir})) {
		if strings.HasPrefix(s, "layouts/") {
			got = append(got, s)
		}
	}
	want := []string{
		// Every page shows line 2; the first in order is named.
		`layouts/_default/single.html:2:7: error: a Go format slip (rendering /404.html): it prints "%!d(string=notFoundTitle)": the format and its arguments do not match`,
		`layouts/_default/single.html:3:23: error: a missing value (rendering content/offerings/mentoring.md): it prints Go's <no value> where a value is missing; show it only when it is there ({{ with }})`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLinkToEmptySection: the base site's case-studies section has no
// published page (a draft only), so the build hides it; a page linking to
// it is warned at the link, and so is a link to nowhere.
func TestLinkToEmptySection(t *testing.T) {
	dir := baseSite(t, `-- content/case-studies/draft.md --
---
title: Draft
summary: Not yet.
date: 2024-01-01
draft: true
---
Soon.
-- content/offerings/stories.md --
---
title: Stories
summary: Read them.
---
Read [our case studies](/case-studies/) or [none](#) and [empty]().
`)
	got := texts(Run(context.Background(), Options{Source: dir}))
	want := []string{
		`content/offerings/stories.md:5:25: warning: link "/case-studies/" goes to the section "case-studies", which has no published page: the section is hidden from the site until it has one, and the link leads to the contact form meanwhile`,
		`content/offerings/stories.md:5:51: warning: link "#" leads nowhere: it is shown as its text alone; give it an address or write no link`,
		`content/offerings/stories.md:5:65: warning: link "" leads nowhere: it is shown as its text alone; give it an address or write no link`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLanguageWithoutStemmer: a site language Snowball has no stemmer for
// is a warning at its line in site.yaml, saying what search will do; the
// languages with stemmers, a regional code among them, are not.
func TestLanguageWithoutStemmer(t *testing.T) {
	dir := baseSite(t, "")
	yml, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	yml = []byte(strings.Replace(string(yml), "  - {code: nb, name: Norsk}\n", "  - {code: nb, name: Norsk}\n  - {code: en-GB, name: British}\n  - {code: is, name: Íslenska}\n", 1))
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir}) {
		if strings.Contains(d.Msg, "stemmer") {
			got = append(got, d.String())
		}
	}
	line := strings.Count(string(yml[:strings.Index(string(yml), "{code: is")]), "\n") + 1
	want := fmt.Sprintf(`site.yaml:%d:1: warning: language "is" has no Snowball stemmer, so search will match exact words and prefixes only (a word will not find its other forms); search stems ar, da, de, en, es, fi, fr, ga, hu, it, nb, nl, nn, no, pt, ro, ru, sv, ta, tr`, line)
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
