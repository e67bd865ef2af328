package generator

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// sourcedStory is a case study of the fixture site with three sources, a
// day, a month and a year, one without address and publisher.
const sourcedStory = `---
title: A sourced story
summary: A story whose facts have their sources.
date: 2024-05-02
partners: [Roche]
sources:
  - title: UiO signs cooperation agreement with Roche
    publisher: University of Oslo
    date: 2021-02-22
    url: https://www.uio.no/english/about/news/roche.html
  - title: Annual report
    publisher: Roche Norway
    date: 2021-02
  - title: A talk <b>at</b> a seminar
    date: 2019
---
Text.
`

// TestSourcesShown: the example theme lists a page's sources under
// "Sources" ("Kilder"), each title linked when it has an address, with
// its publisher and its date in the page's language, as precise as the
// source gives it; a page without sources has no such heading.
func TestSourcesShown(t *testing.T) {
	root := sitetest.Fixture(t)
	sitetest.WriteFile(t, root, "content/case-studies/sourced.md", sourcedStory)
	sitetest.WriteFile(t, root, "content/case-studies/sourced.nb.md", strings.Replace(sourcedStory, "title: A sourced story", "title: En historie med kilder", 1))
	out := buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "case-studies/sourced/index.html",
		`<h2 id="sources-title">Sources</h2>`,
		`<li><cite><a href="https://www.uio.no/english/about/news/roche.html">UiO signs cooperation agreement with Roche</a></cite>, University of Oslo, <time datetime="2021-02-22">22 February 2021</time></li>`,
		`<li><cite>Annual report</cite>, Roche Norway, <time datetime="2021-02">February 2021</time></li>`,
		`<li><cite>A talk &lt;b&gt;at&lt;/b&gt; a seminar</cite>, <time datetime="2019">2019</time></li>`)
	assertContains(t, out, "nb/case-studies/sourced/index.html",
		`<h2 id="sources-title">Kilder</h2>`,
		`University of Oslo, <time datetime="2021-02-22">22. februar 2021</time>`,
		`<time datetime="2021-02">februar 2021</time>`)
	assertNotContains(t, out, "contact/index.html", `id="sources-title"`)
}

// TestSourcesShownOnListsAndHome: the sources of a section's introduction
// and of the home page's text are listed under "Sources" too, on the
// section's list page and on the home page.
func TestSourcesShownOnListsAndHome(t *testing.T) {
	root := sitetest.Fixture(t)
	const sources = "sources:\n  - title: A report on partnerships\n    publisher: A network\n    date: 2022-04\n"
	sitetest.WriteFile(t, root, "content/case-studies/_index.md", "---\ntitle: Case studies\nsummary: Stories.\n"+sources+"---\nIn April 2022, a report said so.\n")
	sitetest.WriteFile(t, root, "content/_index.md", "---\ntitle: Partner with us\nsummary: One front door.\n"+sources+"---\nIn April 2022, a report gave reasons.\n")
	out := buildSite(t, root, Options{NoMinify: true})
	for _, page := range []string{"case-studies/index.html", "index.html"} {
		assertContains(t, out, page,
			`<h2 id="sources-title">Sources</h2>`,
			`<li><cite>A report on partnerships</cite>, A network, <time datetime="2022-04">April 2022</time></li>`)
	}
	assertNotContains(t, out, "offerings/index.html", `id="sources-title"`)
}

// TestSourcesRequired: a section that lists sources under required
// refuses each of its pages without them, at the page's front matter, and
// the build leaves public/ as it was.
func TestSourcesRequired(t *testing.T) {
	root := sitetest.Fixture(t)
	sitetest.WriteFile(t, root, "content/case-studies/sourced.md", sourcedStory)
	unsourced := sourcedStory[:strings.Index(sourcedStory, "sources:")] + "---\nText.\n"
	sitetest.WriteFile(t, root, "content/case-studies/unsourced.md", strings.Replace(unsourced, "title: A sourced story", "title: A story without sources", 1))
	// The example requires sources on case studies; say so again, so the
	// test does not depend on how the example's site.yaml is written.
	cfg := readOut(t, root, "site.yaml")
	if !strings.Contains(cfg, "required: [title, summary, date, sources]") {
		t.Fatal("the example's case studies no longer require sources: update this test")
	}
	list := buildErr(t, root)
	missing := 0
	for _, d := range list {
		if strings.Contains(d.Msg, `missing required field "sources"`) {
			missing++
			if d.File != "content/case-studies/unsourced.md" || d.Line < 1 {
				t.Errorf("reported at %s:%d", d.File, d.Line)
			}
		}
		if d.File == "content/case-studies/sourced.md" {
			t.Errorf("the page with sources is refused: %s", d)
		}
	}
	if missing == 0 {
		t.Errorf("no page refused for missing sources: %v", list)
	}
}

// TestBadSourceRefused: a bad source fails the build at its line and
// column, with the other problems of the site, and nothing is published.
func TestBadSourceRefused(t *testing.T) {
	root := sitetest.Fixture(t)
	bad := strings.Replace(strings.Replace(sourcedStory, "date: 2021-02\n", "date: February 2021\n", 1), "url: https://www.uio.no", "url: javascript://www.uio.no", 1)
	sitetest.WriteFile(t, root, "content/case-studies/sourced.md", bad)
	var got []string
	for _, d := range buildErr(t, root) {
		got = append(got, d.String())
	}
	for _, want := range []string{
		`content/case-studies/sourced.md:10:10: error: front matter: source 1: url must be a web address starting with https:// or http://, not "javascript://www.uio.no/english/about/news/roche.html"`,
		`content/case-studies/sourced.md:13:11: error: front matter: source 2: date must be a date like 2021-02-15, 2021-02 or 2021, not "February 2021"`,
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("missing %s\nin:\n%s", want, strings.Join(got, "\n"))
		}
	}
}
