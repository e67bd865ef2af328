package generator

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// A draft translation is not a translation: the original falls back in its
// place until the translation is published.
func TestDraftTranslationFallsBack(t *testing.T) {
	draft := "---\ntitle: Alfa-utkast\nsummary: Utkast.\ndate: 2026-03-01\ndraft: true\n---\nUtkast.\n"
	root := sitetest.Write(t, testSite, "content/stories/alpha.nb.md", draft)

	out := buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "nb/stories/alpha/index.html", "<h1>Alpha story</h1>", `class="fallback-note"`, "noindex",
		`<link rel="canonical" href="`+base+`/stories/alpha/">`)
	assertNotContains(t, out, "stories/alpha/index.html", `hreflang="nb"`)
	assertNotContains(t, out, "sitemap.xml", "/nb/stories/alpha/")

	out = buildSite(t, root, Options{NoMinify: true, Drafts: true})
	assertContains(t, out, "nb/stories/alpha/index.html", "<h1>Alfa-utkast</h1>")
	assertNotContains(t, out, "nb/stories/alpha/index.html", "fallback-note", "noindex")
	assertContains(t, out, "stories/alpha/index.html", `hreflang="nb"`)
}

// A page written only in Norwegian is served only under /nb/, with no
// alternates, and is listed in the sitemap on its own.
func TestPageOnlyInOtherLanguage(t *testing.T) {
	only := "---\ntitle: Bare norsk\nsummary: Kun på norsk.\ndate: 2026-06-01\npartners: [Lokal partner]\n---\nNorsk tekst.\n"
	out := buildSite(t, sitetest.Write(t, testSite, "content/stories/lokal.nb.md", only), Options{NoMinify: true})
	assertContains(t, out, "nb/stories/lokal/index.html", "<h1>Bare norsk</h1>", `<link rel="canonical" href="`+base+`/nb/stories/lokal/">`)
	assertNotContains(t, out, "nb/stories/lokal/index.html", "noindex", "fallback-note", `hreflang="en"`)
	if exists(out, "stories/lokal/index.html") {
		t.Error("a Norwegian-only page was served under the default language")
	}
	assertContains(t, out, "sitemap.xml", "<loc>"+base+"/nb/stories/lokal/</loc>")
	assertContains(t, out, "nb/stories/feed.xml", base+"/nb/stories/lokal/")
	assertNotContains(t, out, "stories/feed.xml", "lokal")
	assertContains(t, out, "nb/by-partner/lokal-partner/index.html", `<a href="/nb/stories/lokal/">Bare norsk</a>`)
	if exists(out, "by-partner/lokal-partner/index.html") {
		t.Error("an English term page for a term only a Norwegian page has")
	}
	// The Norwegian list now has four stories over two pages.
	list := readOut(t, out, "nb/stories/index.html")
	if !strings.Contains(list, "/nb/stories/lokal/") || !strings.Contains(list, `rel="next"`) {
		t.Errorf("nb/stories/ does not start with the newest story and link on:\n%s", list)
	}
}

// Regression: pages only in Norwegian were left out of the sitemap when
// outside a section, and listed even with noindex: true; noindex on a
// translation was ignored and on the original hid the translation too.
func TestSitemapPerLanguagePages(t *testing.T) {
	out := buildSite(t, sitetest.Write(t, testSite,
		"content/personvern.nb.md", "---\ntitle: Personvern\n---\nTekst.\n",
		"content/skjult.nb.md", "---\ntitle: Skjult\nnoindex: true\n---\nTekst.\n",
		"content/about.nb.md", "---\ntitle: Om oss\nnoindex: true\n---\nTekst.\n",
		"content/offers/two.md", "---\ntitle: Offer two\nweight: 1\nnoindex: true\n---\nTwo.\n",
	), Options{})
	sitemap := readOut(t, out, "sitemap.xml")
	for _, want := range []string{"<loc>" + base + "/nb/personvern/</loc>", "<loc>" + base + "/about/</loc>", "<loc>" + base + "/nb/offers/two/</loc>"} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	for _, unwanted := range []string{"/nb/skjult/", "/nb/about/", base + "/offers/two/"} {
		if strings.Contains(sitemap, unwanted) {
			t.Errorf("sitemap lists %s", unwanted)
		}
	}
}
