package search_test

import (
	"slices"
	"testing"

	"github.com/uio-partner/portal/internal/search"
)

// understandDocs are a few pages for the search-level tests of what the
// index understands: Norwegian and an English-only page in the Norwegian
// index, headings, a help page weighted down, hyphenated words.
var understandDocs = []search.Document{
	{URL: "/nb/offerings/lisens/", Lang: "nb", Section: "offerings", Title: "Lisensiering og oppstartsselskaper",
		Summary: "Lisenser og oppstartsbedrifter.", Text: "Et forskningssamarbeid kan gi en taushetserklæring og videreutdanning."},
	{URL: "/nb/offerings/bedrift/", Lang: "nb", Section: "offerings", Title: "For teknologibedrifter",
		Text: "Bedrifter og oppstartsselskaper samarbeider med forskere."},
	{URL: "/nb/about/", Lang: "nb", Title: "Om portalen", Text: "Forskning, videre utdanning og selskaper.", Weight: 0.3},
	{URL: "/nb/facilities/imaging/", Lang: "nb", ContentLang: "en", Section: "facilities", Title: "Imaging and microscopy",
		Text: "Electron microscopy for industry."},
	{URL: "/offerings/spinoffs/", Lang: "en", Section: "offerings", Title: "Licensing and spin-offs",
		Summary: "Work with start-ups.", Text: "Intro. Patents The office files patents. Costs What a licence costs.",
		Headings: []search.Heading{{ID: "patents", Text: "Patents", Offset: 7}, {ID: "costs", Text: "Costs", Offset: 34}}},
	{URL: "/offerings/postdoc/", Lang: "en", Section: "offerings", Title: "Post-doctoral funding", Text: "Fund a post-doctoral programme."},
	{URL: "/about/", Lang: "en", Title: "About the licensing portal", Text: "Licensing, patents and spin-offs on this portal.", Weight: 0.3},
	{URL: "/offerings/about-licensing/", Lang: "en", Section: "offerings", Title: "Licensing portal guide", Text: "How licensing works on this portal."},
	{URL: "/nb/offerings/elektron/", Lang: "nb", Section: "offerings", Title: "Electron beam", Text: "Industri."},
}

func understandIndex(t *testing.T) string {
	t.Helper()
	ix := search.NewIndex(search.Options{Languages: []string{"en", "nb"}, Glossary: map[string][][]string{
		"nb": {{"taushetsavtale", "taushetserklæring"}},
	}})
	ix.Add(understandDocs...)
	dir := t.TempDir()
	if err := ix.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestUnderstand(t *testing.T) {
	dir := understandIndex(t)
	en, nb := mustOpen(t, dir, "en"), mustOpen(t, dir, "nb")
	for _, tc := range []struct {
		r    *search.Reader
		q    string
		want []string // the first results, in order
	}{
		{en, "spinoff ", []string{"/offerings/spinoffs/"}},                                // spin-off written as one
		{en, "spin off ", []string{"/offerings/spinoffs/"}},                               // and as two words
		{en, "startup ", []string{"/offerings/spinoffs/"}},                                // start-ups
		{en, "postdoc ", []string{"/offerings/postdoc/"}},                                 // post-doctoral, as a prefix of postdoctoral
		{en, "patent ", []string{"/offerings/spinoffs/#patents"}},                         // a word under a heading links to it
		{nb, "samarbeid ", []string{"/nb/offerings/bedrift/", "/nb/offerings/lisens/"}},   // a part of forskningssamarbeid, after the word itself
		{nb, "utdanning ", []string{"/nb/offerings/lisens/", "/nb/about/"}},               // a part of videreutdanning; the word on a page weighted down
		{nb, "bedrift ", []string{"/nb/offerings/lisens/", "/nb/offerings/bedrift/"}},     // part of oppstartsbedrifter (summary); stem of bedrifter (text)
		{nb, "taushetsavtale ", []string{"/nb/offerings/lisens/"}},                        // glossary
		{nb, "mikroskop ", []string{"/nb/facilities/imaging/"}},                           // the English-only page, by its cognate
		{nb, "electron ", []string{"/nb/offerings/elektron/", "/nb/facilities/imaging/"}}, // Norwegian pages first
	} {
		got := targets(t, tc.r, tc.q, len(tc.want))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.q, got, tc.want)
		}
	}
	res, err := nb.Search("mikroskop ", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "microscopy" || !slices.Equal(res.Langs, []string{"en"}) {
		t.Errorf("mikroskop: Corrected %q, Langs %q; want microscopy, [en]", res.Corrected, res.Langs)
	}
	if res, _ := nb.SearchExact("mikroskop ", nil); len(res.IDs) != 0 || res.Corrected != "" {
		t.Errorf("exactly mikroskop: %d results, corrected %q; want none", len(res.IDs), res.Corrected)
	}
	// The help page has both words too, but is weighted down.
	if got := targets(t, en, "licensing portal ", 2); !slices.Equal(got, []string{"/offerings/about-licensing/", "/about/"}) {
		t.Errorf("licensing portal: %q, want the guide above the about page", got)
	}
}

// targets runs q and returns where the first n results link: the URL, with
// the anchor of the heading the words are under.
func targets(tb testing.TB, r *search.Reader, q string, n int) []string {
	tb.Helper()
	res, err := r.Search(q, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for i, id := range res.IDs[:min(n, len(res.IDs))] {
		rec, err := r.Record(id)
		if err != nil {
			tb.Fatal(err)
		}
		u := rec.URL
		if h := res.Headings[i]; h > 0 {
			u += "#" + rec.Headings[h-1][0]
		}
		out = append(out, u)
	}
	return out
}

// TestGlossaryHyphenParts is the regression test for "startup" finding the
// continuing-education page of the example site: the glossary's "start-up"
// put every page that says "start" and "up" anywhere (How to start, set up)
// under the group. Only a page that says the word finds it.
func TestGlossaryHyphenParts(t *testing.T) {
	ix := search.NewIndex(search.Options{Languages: []string{"en"}, Glossary: map[string][][]string{
		"en": {{"start-up", "startup"}, {"spin-off", "spinoff"}},
	}})
	ix.Add(
		search.Document{URL: "/licensing/", Lang: "en", Section: "offerings", Title: "Licensing", Text: "Work with start-ups and spin-offs."},
		search.Document{URL: "/courses/", Lang: "en", Section: "offerings", Title: "Courses", Text: "How to start. We set up a course and spin the wheel, then log off."},
	)
	dir := t.TempDir()
	if err := ix.Write(dir); err != nil {
		t.Fatal(err)
	}
	en := mustOpen(t, dir, "en")
	for _, q := range []string{"startup ", "spinoff "} {
		if got := targets(t, en, q, 10); !slices.Equal(got, []string{"/licensing/"}) {
			t.Errorf("%q: %q, want only the page that says the word", q, got)
		}
	}
	// Typed apart, the words still find the word's page first.
	if got := targets(t, en, "start up ", 1); !slices.Equal(got, []string{"/licensing/"}) {
		t.Errorf("start up: %q, want /licensing/ first", got)
	}
}
