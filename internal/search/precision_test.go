package search_test

import (
	"slices"
	"testing"

	"github.com/uio-partner/portal/internal/search"
)

// precisionDocs are a few pages with the words of issue 20's examples: a
// month ("May") and "most"/"more" close to what visitors typed, "costs"
// where "cost" was searched, facilities but no core facility.
var precisionDocs = []search.Document{
	{URL: "/partners/bi/", Lang: "en", Section: "partners", Title: "BI Norwegian Business School", Text: "Signed in May. Mass market products."},
	{URL: "/partners/kommune/", Lang: "en", Section: "partners", Title: "Oslo kommune", Text: "Agreed in May: the most visited mast."},
	{URL: "/offerings/labs/", Lang: "en", Section: "offerings", Title: "Laboratories and facilities", Text: "What it costs to use our facilities. More facilities are listed."},
	{URL: "/offerings/imaging/", Lang: "en", Section: "offerings", Title: "Imaging facilities", Text: "Facilities for imaging. More about spectroscopy."},
	{URL: "/nb/offerings/labs/", Lang: "nb", Section: "offerings", Title: "Laboratorier", Text: "Hva det koster å bruke fasilitetene. Du er gjerne velkommen."},
}

// TestIssue20Examples: the three searches issue 20 found misleading. "mass
// spectrometry" became "may spectrometry", "cost" became "most" and "core
// facility" became "more facility".
func TestIssue20Examples(t *testing.T) {
	ix := search.NewIndex(search.Options{Languages: []string{"en", "nb"}})
	ix.Add(precisionDocs...)
	dir := t.TempDir()
	if err := ix.Write(dir); err != nil {
		t.Fatal(err)
	}
	en := mustOpen(t, dir, "en")
	for _, tc := range []struct {
		q       string
		want    []string // results: every word matched
		missing []string // "No page mentions …"
		partial []string // "Pages without …"
	}{
		{"mass spectrometry ", nil, []string{"spectrometry"}, []string{"/partners/bi/"}},
		{"cost ", []string{"/offerings/labs/"}, nil, nil},
		{"core facility ", nil, []string{"core"}, []string{"/offerings/imaging/", "/offerings/labs/"}},
		{"spectrometry ", nil, []string{"spectrometry"}, nil},
		{"x ", nil, nil, nil},        // a single letter alone is never searched
		{"the most ", nil, nil, nil}, // nor stop words alone
	} {
		res, err := en.Search(tc.q, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, partial := urlsOf(t, en, res.IDs), urlsOf(t, en, res.Partial)
		slices.Sort(partial)
		if res.Corrected != "" || !slices.Equal(got, tc.want) || !slices.Equal(res.Missing, tc.missing) || !slices.Equal(partial, tc.partial) {
			t.Errorf("%q: results %q, corrected %q, missing %q, partial %q; want %q, uncorrected, missing %q, partial %q",
				tc.q, got, res.Corrected, res.Missing, partial, tc.want, tc.missing, tc.partial)
		}
	}
	// A Norwegian word is not an English typo: "fasiliteter" is known in
	// the Norwegian index, so the English search does not correct it into
	// "facilities".
	if res, _ := en.Search("fasilitetene ", nil); res.Corrected != "" || len(res.IDs) != 0 {
		t.Errorf("fasilitetene on the English search: corrected %q, %d results; want neither", res.Corrected, len(res.IDs))
	}
	// A real typo still is.
	if res, _ := en.Search("imagnig ", nil); res.Corrected != "imaging" || len(res.IDs) != 1 {
		t.Errorf("imagnig: corrected %q, %d results; want imaging, 1", res.Corrected, len(res.IDs))
	}
}

// urlsOf returns the URLs of doc ids.
func urlsOf(tb testing.TB, r *search.Reader, ids []int) []string {
	tb.Helper()
	var out []string
	for _, id := range ids {
		rec, err := r.Record(id)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, rec.URL)
	}
	return out
}
