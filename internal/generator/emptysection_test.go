package generator

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/sitetest"
)

// TestEmptySectionIsHidden is the example's real case (in the fixture site): Facilities has
// only drafts. It is absent from every menu, the home page, the footer, the
// search page and its filters and the sitemap, has no address, and the
// pathway that leads there ends at the contact form with the facilities
// topic. Its first published page brings it back, in the preview too.
func TestEmptySectionIsHidden(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	src := sitetest.Fixture(t)
	live := filepath.Join(t.TempDir(), "live")
	sess, _, err := Open(context.Background(), Options{Source: src, Out: live, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	for _, lp := range []string{"", "nb/"} {
		for _, f := range []string{"index.html", "about/index.html", "search/index.html", "offerings/index.html"} {
			assertNotContains(t, live, lp+f, `/facilities/"`, `/facilities/>`, "/facilities/ ")
		}
		if exists(live, lp+"facilities/index.html") {
			t.Errorf("%sfacilities/index.html was written: an empty room", lp)
		}
		lang := strings.TrimSuffix(lp, "/")
		if lang == "" {
			lang = "en"
		}
		assertNotContains(t, live, "search/"+lang+"/manifest.json", `"facilities"`)
		// Nor does the search box's label promise it.
		label := regexp.MustCompile(`<label for="?q"?>([^<]*)</label>`).FindStringSubmatch(readOut(t, live, lp+"search/index.html"))
		if title := map[string]string{"en": "facilities", "nb": "infrastruktur"}[lang]; label == nil || strings.Contains(strings.ToLower(label[1]), title) {
			t.Errorf("%ssearch/: the search label %q names the empty section %q", lp, label, title)
		}
		assertContains(t, live, lp+"pathways/facility-access/index.html", "/"+lp+"contact/facilities/")
		assertNotContains(t, live, lp+"pathways/facility-access/index.html", `="/`+lp+`facilities/"`, `=/`+lp+`facilities/>`)
	}
	assertNotContains(t, live, "sitemap.xml", "/facilities/<")

	// The first page is published: the section is back everywhere.
	page := "content/facilities/test-laboratory.md"
	sitetest.WriteFile(t, src, page, "---\ntitle: Test laboratory\nsummary: A laboratory for tests.\naccess: Booked through the contact form.\ntopic: facilities\n---\nA laboratory.\n")
	if _, err := sess.Update(context.Background(), []string{page}); err != nil {
		t.Fatal(err)
	}
	if err := sess.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	for _, lp := range []string{"", "nb/"} {
		assertContains(t, live, lp+"index.html", `/`+lp+`facilities/`)
		assertContains(t, live, lp+"about/index.html", `/`+lp+`facilities/`)
		assertContains(t, live, lp+"facilities/index.html", "Test laboratory")
	}
	assertContains(t, live, "sitemap.xml", "/facilities/<")
	assertContains(t, live, "search/en/manifest.json", `"facilities"`)
	full := filepath.Join(t.TempDir(), "full")
	if _, err := Build(context.Background(), Options{Source: src, Out: full, Now: now}); err != nil {
		t.Fatal(err)
	}
	assertSameTree(t, full, live)
	if _, err := os.Stat(filepath.Join(live, "facilities", "test-laboratory", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestCaseStudySectors: on the fixture site, every case-study card names
// its sectors, linked, and the case-study list links to each sector its
// stories have, in both languages.
func TestCaseStudySectors(t *testing.T) {
	src := sitetest.Fixture(t)
	out := buildSite(t, src, Options{NoSearch: true, NoMinify: true})
	for _, lp := range []string{"", "nb/"} {
		list := readOut(t, out, lp+"case-studies/index.html")
		nav, _, ok := strings.Cut(list, `<ul class="cards">`)
		if !ok || !strings.Contains(nav, `class="term-nav"`) {
			t.Fatalf("%scase-studies/: no sector links above the list", lp)
		}
		for _, slug := range []string{"pharma", "biotech", "defence", "technology", "health", "education", "public-sector"} {
			link := `href="/` + lp + `sectors/` + slug + `/"`
			if !strings.Contains(nav, link) {
				t.Errorf("%scase-studies/: the list does not link to the sector %s", lp, slug)
			}
		}
		// The Roche story's card names its two sectors.
		_, card, _ := strings.Cut(list, `roche-agreement-2021/"`)
		card, _, _ = strings.Cut(card, "</li>\n")
		for _, slug := range []string{"pharma", "biotech"} {
			if !strings.Contains(card, `href="/`+lp+`sectors/`+slug+`/"`) {
				t.Errorf("%scase-studies/: the Roche card does not name the sector %s:\n%s", lp, slug, card)
			}
		}
	}
}
