package generator

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/uio-partner/portal/internal/sitetest"
)

const base = "https://test.example.org"

func TestTranslationFallback(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})

	// bravo has no Norwegian text: it is served under /nb/ with the English
	// text, a note, a canonical link to the original, and kept out of search.
	page := "nb/stories/bravo/index.html"
	assertContains(t, out, page,
		`<html lang="nb">`,
		"<h1>Bravo story</h1>",
		`<p class="fallback-note" lang="nb">Denne siden finnes bare på engelsk.</p>`,
		`<link rel="canonical" href="`+base+`/stories/bravo/">`,
		`<meta name="robots" content="noindex">`,
		`<link rel="alternate" hreflang="en" href="`+base+`/stories/bravo/">`,
		`"inLanguage":"en"`, // the JSON-LD says which language the text is in
	)
	assertNotContains(t, out, page, `hreflang="nb"`)
	// The original points at no Norwegian version: the fallback is not one.
	assertNotContains(t, out, "stories/bravo/index.html", `hreflang="nb"`, "noindex", "fallback-note")
	assertContains(t, out, "stories/bravo/index.html", `<link rel="canonical" href="`+base+`/stories/bravo/">`)

	// alpha is translated: both pages name each other and themselves.
	for _, p := range []string{"stories/alpha/index.html", "nb/stories/alpha/index.html"} {
		assertContains(t, out, p,
			`<link rel="alternate" hreflang="en" href="`+base+`/stories/alpha/">`,
			`<link rel="alternate" hreflang="nb" href="`+base+`/nb/stories/alpha/">`)
		assertNotContains(t, out, p, "noindex", "fallback-note")
	}
	assertContains(t, out, "nb/stories/alpha/index.html", "<h1>Alfa-historie</h1>", `<link rel="canonical" href="`+base+`/nb/stories/alpha/">`)

	// A relative link to a Markdown file resolves to the page in the same language.
	assertContains(t, out, "stories/alpha/index.html", `<a href="/stories/bravo/">bravo</a>`)
}

func TestDraftsFutureExpired(t *testing.T) {
	root := sitetest.Write(t, testSite)
	pages := map[string]func(Options) bool{
		"stories/draft/index.html":   func(o Options) bool { return o.Drafts },
		"stories/future/index.html":  func(o Options) bool { return o.Future },
		"stories/expired/index.html": func(o Options) bool { return o.Expired },
	}
	for _, opts := range []Options{{}, {Drafts: true}, {Future: true}, {Expired: true}, {Drafts: true, Future: true, Expired: true}} {
		opts.NoMinify = true
		out := buildSite(t, root, opts)
		list := readOut(t, out, "stories/index.html") + readOut(t, out, "stories/page/2/index.html")
		if exists(out, "stories/page/3/index.html") {
			list += readOut(t, out, "stories/page/3/index.html")
		}
		sitemap := readOut(t, out, "sitemap.xml")
		feed := readOut(t, out, "stories/feed.xml")
		for page, want := range pages {
			url := "/" + strings.TrimSuffix(page, "index.html")
			if got := exists(out, page); got != want(opts) {
				t.Errorf("%+v: %s exists = %v, want %v", opts, page, got, want(opts))
			}
			if got := exists(out, "nb/"+page); got != want(opts) {
				t.Errorf("%+v: nb/%s exists = %v, want %v", opts, page, got, want(opts))
			}
			for what, text := range map[string]string{"section list": list, "sitemap": sitemap, "feed": feed} {
				if got := strings.Contains(text, url); got != want(opts) {
					t.Errorf("%+v: %s lists %s = %v, want %v", opts, what, url, got, want(opts))
				}
			}
		}
	}
}

func TestPagination(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})
	// Three stories, newest first, two per page.
	assertContains(t, out, "stories/index.html",
		`<li><a href="/stories/bravo/">Bravo story</a></li><li><a href="/stories/alpha/">Alpha story</a></li></ul>`,
		`page 1 of 2 <a rel="next" href="/stories/page/2/">next</a>`)
	assertNotContains(t, out, "stories/index.html", `rel="prev"`, "Charlie")
	assertContains(t, out, "stories/page/2/index.html",
		`<ul><li><a href="/stories/charlie/">Charlie story</a></li></ul>`,
		`<a rel="prev" href="/stories/">prev</a> page 2 of 2`,
		`<link rel="canonical" href="`+base+`/stories/page/2/">`)
	assertNotContains(t, out, "stories/page/2/index.html", `rel="next"`)
	assertContains(t, out, "nb/stories/page/2/index.html", `<a rel="prev" href="/nb/stories/">prev</a>`)
	if exists(out, "stories/page/1/index.html") || exists(out, "stories/page/3/index.html") {
		t.Error("page/1/ or page/3/ written; the first page is the list itself and there are only two")
	}
	// Offers sort by weight: two (1) before one (2); one page only.
	assertContains(t, out, "offers/index.html", `<li><a href="/offers/two/">Offer two</a></li><li><a href="/offers/one/">Offer one</a></li>`)
	assertContains(t, out, "offers/index.html", "page 1 of 1")
	assertNotContains(t, out, "offers/index.html", `rel="next"`, `rel="prev"`)
}

func TestTaxonomy(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})
	// The taxonomy is served at its path, not its name; "Acme" and "acme"
	// are one term named by the commoner spelling.
	assertContains(t, out, "by-partner/index.html",
		"<h1>By partner</h1>",
		`<li><a href="/by-partner/acme/">Acme</a> (3)</li><li><a href="/by-partner/beta-corp/">Beta Corp</a> (1)</li>`)
	assertContains(t, out, "by-partner/acme/index.html",
		"<h1>By partner: Acme</h1>",
		`<li><a href="/stories/bravo/">Bravo story</a></li><li><a href="/stories/alpha/">Alpha story</a></li></ul>`,
		`<a rel="next" href="/by-partner/acme/page/2/">`)
	assertContains(t, out, "by-partner/acme/page/2/index.html", `<li><a href="/offers/one/">Offer one</a></li>`, `<a rel="prev" href="/by-partner/acme/">`)
	assertContains(t, out, "by-partner/beta-corp/index.html", `<a href="/stories/alpha/">Alpha story</a>`)
	// Norwegian terms come from the Norwegian pages: alfa dropped Beta Corp.
	assertContains(t, out, "nb/by-partner/index.html", "<h1>Per partner</h1>", `<a href="/nb/by-partner/acme/">Acme</a> (3)`)
	if exists(out, "nb/by-partner/beta-corp/index.html") {
		t.Error("nb/by-partner/beta-corp/ written, but no Norwegian page has the term")
	}
	if exists(out, "partners/index.html") {
		t.Error("taxonomy written under its name (partners/) instead of its path (by-partner/)")
	}
}

// urlset is the part of sitemap.xml the tests read.
type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{})
	raw := readOut(t, out, "sitemap.xml")
	var set urlset
	if err := xml.Unmarshal([]byte(raw), &set); err != nil {
		t.Fatalf("sitemap.xml is not XML: %v\n%s", err, raw)
	}
	if !strings.Contains(raw, `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`) || !strings.Contains(raw, `xmlns:xhtml="http://www.w3.org/1999/xhtml"`) {
		t.Errorf("sitemap.xml lacks the sitemap or xhtml namespace:\n%s", raw)
	}
	entries := map[string]string{} // loc -> "lastmod alternates"
	for _, u := range set.URLs {
		var alts []string
		for _, l := range u.Links {
			if l.Rel != "alternate" {
				t.Errorf("%s: xhtml:link rel=%q", u.Loc, l.Rel)
			}
			alts = append(alts, l.Hreflang+"="+strings.TrimPrefix(l.Href, base))
		}
		if _, dup := entries[u.Loc]; dup {
			t.Errorf("%s listed twice", u.Loc)
		}
		entries[strings.TrimPrefix(u.Loc, base)] = strings.TrimSpace(u.LastMod + " " + strings.Join(alts, " "))
	}
	want := map[string]string{
		"/":                  "en=/ nb=/nb/",
		"/nb/":               "en=/ nb=/nb/",
		"/stories/":          "en=/stories/ nb=/nb/stories/",
		"/stories/alpha/":    "2026-07-15 en=/stories/alpha/ nb=/nb/stories/alpha/",
		"/nb/stories/alpha/": "2026-03-01 en=/stories/alpha/ nb=/nb/stories/alpha/",
		"/stories/bravo/":    "2026-05-01", // no translation: no alternates
		"/offers/two/":       "en=/offers/two/ nb=/nb/offers/two/",
		"/contact/":          "en=/contact/ nb=/nb/contact/",
		"/about/":            "",
		// A taxonomy and a term have the alternates their pages' language
		// switch shows (site.Site.Alternates).
		"/by-partner/":         "en=/by-partner/ nb=/nb/by-partner/",
		"/by-partner/acme/":    "en=/by-partner/acme/ nb=/nb/by-partner/acme/",
		"/nb/by-partner/acme/": "en=/by-partner/acme/ nb=/nb/by-partner/acme/",
	}
	for loc, w := range want {
		got, ok := entries[loc]
		if !ok {
			t.Errorf("sitemap lacks %s", loc)
		} else if got != w {
			t.Errorf("sitemap %s = %q, want %q", loc, got, w)
		}
	}
	// Fallbacks, noindex pages, topic copies of the contact page and
	// unpublished pages are not listed.
	for _, loc := range []string{"/nb/stories/bravo/", "/nb/about/", "/contact/thanks/", "/nb/contact/thanks/", "/contact/research/", "/stories/draft/", "/stories/future/", "/stories/expired/", "/404.html"} {
		if _, ok := entries[loc]; ok {
			t.Errorf("sitemap lists %s", loc)
		}
	}
	assertContains(t, out, "robots.txt", "User-agent: *\n", "Sitemap: "+base+"/sitemap.xml\n")
}

// feed is the part of an Atom feed the tests read.
type feed struct {
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
	} `xml:"entry"`
}

func TestFeeds(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{})
	tests := []struct {
		file, lang, updated string
		titles              []string
	}{
		// Updated is the newest entry date (alpha's lastmod), not the build time.
		{"stories/feed.xml", "en", "2026-07-15T00:00:00Z", []string{"Bravo story", "Alpha story", "Charlie story"}},
		// The Norwegian feed has the translation's dates, and the fallbacks.
		{"nb/stories/feed.xml", "nb", "2026-05-01T00:00:00Z", []string{"Bravo story", "Alfa-historie", "Charlie story"}},
	}
	for _, tt := range tests {
		raw := readOut(t, out, tt.file)
		var f feed
		if err := xml.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatalf("%s: %v\n%s", tt.file, err, raw)
		}
		if !strings.Contains(raw, `xmlns="http://www.w3.org/2005/Atom"`) {
			t.Errorf("%s is not in the Atom namespace", tt.file)
		}
		if f.Lang != tt.lang || f.Updated != tt.updated {
			t.Errorf("%s: lang %q updated %q, want %q %q", tt.file, f.Lang, f.Updated, tt.lang, tt.updated)
		}
		var titles []string
		for _, e := range f.Entries {
			titles = append(titles, e.Title)
		}
		if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
			t.Errorf("%s entries = %q, want %q", tt.file, titles, tt.titles)
		}
		if strings.Contains(raw, "2026-11-01") {
			t.Errorf("%s contains the build date", tt.file)
		}
		self := base + "/" + tt.file
		found := false
		for _, l := range f.Links {
			found = found || (l.Rel == "self" && l.Href == self)
		}
		if !found {
			t.Errorf("%s has no rel=self link to %s", tt.file, self)
		}
	}
	if exists(out, "offers/feed.xml") {
		t.Error("offers/feed.xml written for a section without feed: true")
	}
}

func TestStructuredDataAndOpenGraph(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})
	ld := regexp.MustCompile(`<script type="application/ld\+json">(.*)</script>`)
	tests := []struct {
		file   string
		ld     []string // in the JSON-LD; nil means no JSON-LD
		og     []string
		noLDOk bool
	}{
		{"index.html", []string{`"@type":"Organization"`, `"name":"Test University"`, `"logo":"` + base + `/images/logo.svg"`, `"@type":"WebSite"`, `"url":"` + base + `/"`},
			[]string{`og:type" content="website"`, `og:url" content="` + base + `/"`, `og:locale" content="en_GB"`, `og:title" content="Test Site"`}, false},
		{"nb/index.html", []string{`"@type":"Organization"`, `"inLanguage":"nb"`, `"name":"Testside"`},
			[]string{`og:locale" content="nb_NO"`, `og:url" content="` + base + `/nb/"`}, false},
		{"stories/alpha/index.html", []string{`"@type":"Article"`, `"headline":"Alpha story"`, `"datePublished":"2026-03-01"`, `"dateModified":"2026-07-15"`, `"publisher":{"@type":"Organization"`},
			[]string{`og:type" content="article"`, `og:title" content="Alpha story"`, `og:url" content="` + base + `/stories/alpha/"`}, false},
		{"offers/one/index.html", nil, []string{`og:type" content="website"`}, true},
	}
	for _, tt := range tests {
		html := readOut(t, out, tt.file)
		m := ld.FindStringSubmatch(html)
		switch {
		case m == nil && tt.ld != nil:
			t.Errorf("%s has no JSON-LD", tt.file)
		case m != nil && tt.ld == nil:
			t.Errorf("%s has JSON-LD %s; want none", tt.file, m[1])
		case m != nil:
			for _, w := range tt.ld {
				if !strings.Contains(m[1], w) {
					t.Errorf("%s JSON-LD lacks %s:\n%s", tt.file, w, m[1])
				}
			}
		}
		for _, w := range tt.og {
			if !strings.Contains(html, `<meta property="`+w+`>`) {
				t.Errorf("%s lacks <meta property=\"%s>", tt.file, w)
			}
		}
	}
}

func TestNotFoundAndStandalone(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})
	assertContains(t, out, "404.html", "<h1>Page not found</h1>", `<meta name="robots" content="noindex">`, `<a href="/">home</a>`)
	assertContains(t, out, "nb/404.html", "<h1>Fant ikke siden</h1>", `<a href="/nb/">home</a>`)
	// url: /contact/thanks/ moves the page; it is not at its slug.
	assertContains(t, out, "contact/thanks/index.html", "<h1>Thank you</h1>", `<meta name="robots" content="noindex">`, `<link rel="canonical" href="`+base+`/contact/thanks/">`)
	if exists(out, "thanks/index.html") {
		t.Error("thanks/ written although the page has url: /contact/thanks/")
	}
	assertContains(t, out, "nb/contact/thanks/index.html", "<h1>Thank you</h1>", `<link rel="canonical" href="`+base+`/contact/thanks/">`)
	assertContains(t, out, "about/index.html", "<h1>About us</h1>", "About text.")
}

func TestContactTopicPages(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{NoMinify: true})
	tests := []struct{ file, want string }{
		{"contact/index.html", `<option value="research">Research</option><option value="general">Something else</option>`},
		{"contact/research/index.html", `<option value="research" selected>Research</option><option value="general">Something else</option>`},
		{"contact/general/index.html", `<option value="research">Research</option><option value="general" selected>Something else</option>`},
		{"nb/contact/research/index.html", `<option value="research" selected>Forskning</option><option value="general">Noe annet</option>`},
		{"nb/contact/general/index.html", `<option value="general" selected>Noe annet</option>`},
	}
	for _, tt := range tests {
		assertContains(t, out, tt.file, tt.want, `<form action="/api/contact" method="post">`)
	}
	// Topic pages are copies of the contact page: canonical to it.
	assertContains(t, out, "contact/research/index.html", `<link rel="canonical" href="`+base+`/contact/">`)
	assertContains(t, out, "nb/contact/research/index.html", `<h1>Kontakt</h1>`, `<link rel="canonical" href="`+base+`/nb/contact/">`)
}

func TestStaticFiles(t *testing.T) {
	root := sitetest.Write(t, testSite,
		"static/.well-known/security.txt", "Contact: mailto:security@example.org\n",
		"static/.git/config", "[core]\n",
		"static/files/.notes.txt", "private\n")
	out := buildSite(t, root, Options{})
	// /.well-known/ is published; other dot-folders and dot-files are not.
	if got := readOut(t, out, ".well-known/security.txt"); got != "Contact: mailto:security@example.org\n" {
		t.Errorf(".well-known/security.txt = %q", got)
	}
	for _, rel := range []string{".git/config", "files/.notes.txt"} {
		if _, err := os.Stat(filepath.Join(out, rel)); !os.IsNotExist(err) {
			t.Errorf("%s was published (err %v)", rel, err)
		}
	}
	css := readOut(t, out, "css/site.css")
	if css != "body{color:red;margin:0}" {
		t.Errorf("css/site.css = %q, want it minified to %q", css, "body{color:red;margin:0}")
	}
	src, _ := os.ReadFile(filepath.Join(root, "static/files/report.txt"))
	if got := readOut(t, out, "files/report.txt"); got != string(src) {
		t.Errorf("files/report.txt = %q, want the source unchanged %q", got, src)
	}
	// Unminified builds copy CSS as it is.
	out = buildSite(t, root, Options{NoMinify: true})
	if got := readOut(t, out, "css/site.css"); !strings.Contains(got, "/* a comment") {
		t.Errorf("NoMinify: css/site.css = %q, want the source", got)
	}
}

func TestMinifiedHTMLKeepsDocument(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite), Options{})
	html := readOut(t, out, "stories/alpha/index.html")
	for _, w := range []string{"<!doctype html><html lang=", "<head>", "</head>", "<body", "</body>", "</html>", "Alpha story"} {
		if !strings.Contains(strings.ToLower(html), strings.ToLower(w)) {
			t.Errorf("minified page lacks %q:\n%s", w, html)
		}
	}
	if strings.Contains(html, "\n\n") {
		t.Errorf("page does not look minified:\n%s", html)
	}
	// The layouts are minified once at load; the Markdown body separately.
	if w := `<div class=prose><p>Alpha body, see <a href=/stories/bravo/>bravo</a>.</p></div>`; !strings.Contains(html, w) {
		t.Errorf("minified page lacks the minified body %s:\n%s", w, html)
	}
}

func TestDeterministic(t *testing.T) {
	root := sitetest.Write(t, testSite)
	a := readTree(t, buildSite(t, root, Options{}))
	b := readTree(t, buildSite(t, root, Options{}))
	if len(a) < 40 {
		t.Fatalf("only %d files built", len(a))
	}
	if d := diffTrees(a, b); d != "" {
		t.Errorf("two builds of one site differ:\n%s", d)
	}
}

func TestFailedBuildLeavesOutputUnchanged(t *testing.T) {
	breakages := map[string][]string{
		// Found while loading, before anything is written.
		"content error": {"content/stories/bad.md", "---\ntitle: [unclosed\n---\n"},
		// Found while rendering, after the staging folder is half written.
		"render error": {"layouts/_default/single.html", `{{ define "main" }}{{ if eq .Page.Slug "charlie" }}{{ .Page.Nope }}{{ end }}{{ .Content }}{{ end }}`},
	}
	for name, files := range breakages {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			good := sitetest.Write(t, testSite)
			buildSite(t, good, Options{Out: out})
			before := readTree(t, out)

			bad := sitetest.Write(t, testSite, files...)
			_, err := Build(context.Background(), Options{Source: bad, Out: out, Now: testNow})
			if err == nil {
				t.Fatal("Build of a broken site succeeded")
			}
			if d := diffTrees(before, readTree(t, out)); d != "" {
				t.Errorf("failed build changed %s:\n%s", out, d)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 || entries[0].Name() != "public" {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("beside the output: %q; want only public (no staging folders)", names)
			}
		})
	}
}

func TestRebuildReplacesOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildSite(t, sitetest.Write(t, testSite), Options{Out: out})
	if err := os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	buildSite(t, sitetest.Write(t, testSite, "content/about.md", ""), Options{Out: out})
	if exists(out, "stale.html") || exists(out, "about/index.html") {
		t.Error("a rebuild kept files of the previous output")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside the output after a rebuild, want 1 (old trees removed)", len(entries))
	}
}

func TestUnsafeContentNeverReachesOutput(t *testing.T) {
	evil := "---\ntitle: Evil <script>alert(1)</script>\nsummary: x\" onmouseover=\"alert(1)\ndate: 2026-04-01\n---\n" +
		"<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [click](javascript:alert(1)) " +
		"[c2](JaVaScRiPt:alert(1)) ![i](&#106;avascript:alert(1)) [r][ref]\n\n[ref]: java\tscript:alert(1)\n\n" +
		"<iframe src=\"https://evil.example\"></iframe>\n"
	root := sitetest.Write(t, testSite, "content/stories/evil.md", evil)

	// Unminified, every < and " of the author's text is escaped.
	files := readTree(t, buildSite(t, root, Options{NoMinify: true}))
	if _, ok := files["stories/evil/index.html"]; !ok {
		t.Fatal("stories/evil/index.html not built")
	}
	for name, data := range files {
		s := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", "javascript:", "<iframe", "<img src=x", `onmouseover="alert`} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}

	// Minified, the minifier may drop escapes that are not needed (a < in
	// a quoted attribute), so read the elements as a browser would.
	jsonLD := 0
	for name, data := range readTree(t, buildSite(t, root, Options{})) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, el := range elements(string(data)) {
			switch el.name {
			case "script":
				if el.attrs["type"] == "application/ld+json" {
					jsonLD++
				} else {
					t.Errorf("%s has a script element %v", name, el.attrs)
				}
			case "img", "iframe", "object", "embed":
				t.Errorf("%s has a %s element from raw HTML: %v", name, el.name, el.attrs)
			}
			for k, v := range el.attrs {
				v = strings.ToLower(strings.TrimSpace(v))
				if strings.HasPrefix(k, "on") || (k == "href" || k == "src") && strings.Contains(v, ":") &&
					!strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "mailto:") {
					t.Errorf("%s: <%s %s=%q>", name, el.name, k, v)
				}
			}
		}
	}
	if jsonLD == 0 {
		t.Error("no JSON-LD script element found: the HTML lexer saw nothing")
	}
}

type element struct {
	name  string
	attrs map[string]string
}

// elements lists the start tags of an HTML document with their attributes,
// unquoted, using the minifier's own HTML lexer.
func elements(doc string) []element {
	var out []element
	l := html.NewLexer(parse.NewInputString(doc))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			out = append(out, element{name: strings.ToLower(string(l.Text())), attrs: map[string]string{}})
		case html.AttributeToken:
			if len(out) > 0 {
				v := string(l.AttrVal())
				if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
					v = v[1 : len(v)-1]
				}
				out[len(out)-1].attrs[strings.ToLower(string(l.AttrKey()))] = v
			}
		}
	}
}

// Regression: the alternates of page 2 of a term or section list named page
// 2 in every language, though another language's list may be shorter.
func TestAlternatesPointAtExistingPages(t *testing.T) {
	alfa := "---\ntitle: Alfa-historie\nsummary: Alfa.\ndate: 2026-03-01\npartners: [Beta Corp]\n---\nAlfa.\n"
	out := buildSite(t, sitetest.Write(t, testSite, "content/stories/alpha.nb.md", alfa), Options{NoMinify: true})
	if !exists(out, "by-partner/acme/page/2/index.html") || exists(out, "nb/by-partner/acme/page/2/index.html") {
		t.Fatal("the test needs an English term list of two pages and a Norwegian one of one page")
	}
	alt := regexp.MustCompile(`<link rel="alternate" hreflang="[^"]+" href="` + base + `([^"]*)">`)
	checked := 0
	for name, data := range readTree(t, out) {
		for _, m := range alt.FindAllStringSubmatch(string(data), -1) {
			target := strings.TrimPrefix(m[1], "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if !exists(out, target) {
				t.Errorf("%s: hreflang alternate %s does not exist", name, m[1])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no alternate links found")
	}
}

// Regression: building into content/ replaced the content folder with the
// output, deleting every page.
func TestOutputMustNotReplaceTheSite(t *testing.T) {
	root := sitetest.Write(t, testSite)
	before := readTree(t, root)
	for _, out := range []string{root, filepath.Join(root, "content"), filepath.Join(root, "layouts"), filepath.Join(root, "static", "css"), filepath.Join(root, "content", "..", "static")} {
		if _, err := Build(context.Background(), Options{Source: root, Out: out, Now: testNow}); err == nil {
			t.Errorf("Build into %s succeeded", out)
		}
	}
	if d := diffTrees(before, readTree(t, root)); d != "" {
		t.Fatalf("the site changed:\n%s", d)
	}
	// Beside the inputs is fine.
	buildSite(t, root, Options{Out: filepath.Join(root, "public")})
	buildSite(t, root, Options{Out: filepath.Join(root, "content-public")})
}

// Regression: with a trailing slash the old tree was moved aside into the
// output folder itself, so every rebuild of -o public/ failed.
func TestRebuildIntoFolderWithTrailingSlash(t *testing.T) {
	root := sitetest.Write(t, testSite)
	out := filepath.Join(t.TempDir(), "public") + string(filepath.Separator)
	for i := 0; i < 2; i++ {
		if _, err := Build(context.Background(), Options{Source: root, Out: out, Now: testNow}); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(filepath.Clean(out))); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want 1", len(entries))
	}
}

// A Markdown heading must not take an id the layouts use: a second
// id="main" would capture the skip link and is invalid HTML.
func TestHeadingIDsAvoidLayoutIDs(t *testing.T) {
	root := sitetest.Write(t, testSite,
		"layouts/_default/single.html", `{{ define "main" }}<article id="main"><h1>{{ .Page.Title }}</h1><div class="prose">{{ .Content }}</div></article>{{ end }}`,
		"content/stories/alpha.md", "---\ntitle: Alpha story\nsummary: Alpha summary.\ndate: 2026-03-01\n---\n## Main\n\nText, see [below](#main-1).\n\n## Main\n")
	out := buildSite(t, root, Options{NoMinify: true})
	if html := readOut(t, out, "stories/alpha/index.html"); strings.Count(html, `id="main"`) != 1 {
		t.Errorf("id=\"main\" should appear once (the layout's):\n%s", html)
	}
	assertContains(t, out, "stories/alpha/index.html", `<h2 id="main-1">Main</h2>`, `<a href="#main-1">below</a>`, `<h2 id="main-2">Main</h2>`)
}
