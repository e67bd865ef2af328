package check

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// TestMailTexts: a site with contact topics whose theme strings lack the
// mail texts of a language is an error naming the language's file.
func TestMailTexts(t *testing.T) {
	dir := baseSite(t, "")
	addContactTopic(t, dir)
	mails, err := os.ReadFile("../contact/storetest/testdata/i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "i18n", "en.yaml"), mails, 0o644); err != nil {
		t.Fatal(err)
	}
	got := findings(dir)
	mustFind(t, got, "layouts/i18n/nb.yaml: error: nb (Norsk) has no mail texts")
	if strings.Contains(got, "layouts/i18n/en.yaml: error: en (English) has no") {
		t.Errorf("English has its mail and page texts:\n%s", got)
	}
	mustFind(t, got, "layouts/i18n/nb.yaml: error: nb (Norsk) has no texts for the contact endpoint's pages")

	// One page text missing is named.
	cut := regexp.MustCompile(`(?m)^linkTake:.*\n`).ReplaceAll(mails, nil)
	if err := os.WriteFile(filepath.Join(dir, "layouts", "i18n", "en.yaml"), cut, 0o644); err != nil {
		t.Fatal(err)
	}
	got = findings(dir)
	mustFind(t, got, "layouts/i18n/en.yaml: error: the contact endpoint's pages need the theme strings linkTake in en (English)")
}

// TestThemeStringGaps: a language without its theme strings, and a string
// one language has and another lacks, are errors of portal check at their
// file and line (a build shows the default language's text instead).
func TestThemeStringGaps(t *testing.T) {
	dir := baseSite(t, "-- layouts/i18n/nb.yaml --\nsearch: Søk\nhome: Hjem\n-- layouts/i18n/en.yaml --\nsearch: Search\n")
	got := findings(dir)
	mustFind(t, got, `layouts/i18n/nb.yaml:2:1: error: theme string "home" is missing from layouts/i18n/en.yaml: add it there in English`)
	if err := os.Remove(filepath.Join(dir, "layouts", "i18n", "en.yaml")); err != nil {
		t.Fatal(err)
	}
	got = findings(dir)
	mustFind(t, got, "layouts/i18n/en.yaml: error: missing: the theme strings of en (English), a language of site.yaml")
}

// TestStandalonePageTheThemeLinksTo: the theme links every page to the
// search page; a site without one is an error at the first layout line
// that links to it, naming the file to write.
func TestStandalonePageTheThemeLinksTo(t *testing.T) {
	dir := sitetest.Fixture(t)
	for _, f := range []string{"search.md", "search.nb.md"} {
		if err := os.Remove(filepath.Join(dir, "content", f)); err != nil {
			t.Fatal(err)
		}
	}
	got := findings(dir)
	want := regexp.MustCompile(`(?m)^layouts/[^:]+\.html:\d+(:\d+)?: error: the theme links to the search page \(\.SearchURL\), but the site has none in en \(English\): write content/search\.md with "layout: search"`)
	if !want.MatchString(got) {
		t.Errorf("findings lack %s:\n%s", want, got)
	}
	if strings.Contains(got, "the contact page") {
		t.Errorf("the contact page is there:\n%s", got)
	}
}

// TestThemeStringGapsBesideABrokenLayout: portal check reads the theme
// strings from the loaded theme; when a layout does not parse and no theme
// loads, it reads them on their own, so their gaps (and the contact
// endpoint's missing texts) come in the same run as the layout's error,
// not one fix later.
func TestThemeStringGapsBesideABrokenLayout(t *testing.T) {
	gaps := "-- layouts/i18n/nb.yaml --\nsearch: Søk\nhome: Hjem\n-- layouts/i18n/en.yaml --\nsearch: Search\n"
	for _, tt := range []struct {
		name, extra string
		broken      bool
	}{
		{"the theme loads", gaps, false},
		{"a layout does not parse", gaps + "-- layouts/partials/broken.html --\n{{ if }}\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := baseSite(t, tt.extra)
			addContactTopic(t, dir)
			got := findings(dir)
			mustFind(t, got,
				`layouts/i18n/nb.yaml:2:1: error: theme string "home" is missing from layouts/i18n/en.yaml: add it there in English`,
				"layouts/i18n/en.yaml: error: en (English) has no mail texts")
			if layoutErr := strings.Contains(got, "layouts/partials/broken.html:1"); layoutErr != tt.broken {
				t.Errorf("the broken layout reported: %v, want %v:\n%s", layoutErr, tt.broken, got)
			}
		})
	}
}

// findings runs portal check on dir and joins what it reports, one line each.
func findings(dir string) string {
	return strings.Join(texts(Run(context.Background(), Options{Source: dir})), "\n")
}

// mustFind fails t for each of wants that got does not contain.
func mustFind(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("findings lack %q:\n%s", want, got)
		}
	}
}

// addContactTopic gives the site in dir one contact topic and the core
// form fields, so that portal check requires the contact endpoint's texts.
func addContactTopic(t *testing.T, dir string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString("contact:\n  topics:\n    - {id: general, label: {en: General, nb: Generelt}, to: [office@example.org]}\n" + sitetest.CoreFields)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
