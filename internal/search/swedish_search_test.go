package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
)

// TestSwedishSite: a Swedish and English site's search stems Swedish,
// drops Swedish stop words ("och" matches every page, so it finds none of
// them), splits Swedish compounds, and its browser script carries the
// Swedish and English stemmers.
func TestSwedishSite(t *testing.T) {
	ix := search.NewIndex(search.Options{Languages: []string{"sv", "en"}, StemmerURL: site.SearchStemmersURL})
	ix.Add(
		search.Document{URL: "/samarbete/", Lang: "sv", Section: "erbjudanden", Title: "Forskningssamarbete med företag",
			Text: "Universitetet och företagen gör forskning tillsammans."},
		search.Document{URL: "/licenser/", Lang: "sv", Section: "erbjudanden", Title: "Licenser och patent",
			Text: "Vi licensierar uppfinningar och patent till bolag, i samarbete med dem."},
		search.Document{URL: "/praktik/", Lang: "sv", Section: "erbjudanden", Title: "Praktikplatser för studenter",
			Text: "Studenterna gör praktik hos företag och myndigheter."},
		search.Document{URL: "/en/licences/", Lang: "en", Section: "offerings", Title: "Licences and patents",
			Text: "We license inventions and patents to companies."},
	)
	dir := t.TempDir()
	if err := ix.Write(dir); err != nil {
		t.Fatal(err)
	}
	sv := mustOpen(t, dir, "sv")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"och ", nil}, // a stop word alone: nothing to search
		{"forskningen ", []string{"/samarbete/"}},             // the stem of "forskning"
		{"företagen ", []string{"/samarbete/", "/praktik/"}},  // the word, and företag by its stem
		{"patenten och licenserna ", []string{"/licenser/"}},  // "och" is dropped, not required
		{"samarbete ", []string{"/licenser/", "/samarbete/"}}, // the word, and a part of forskningssamarbete
		{"studenter ", []string{"/praktik/"}},
	} {
		got := targets(t, sv, tc.q, 5)
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("sv %q: %q, want %q", tc.q, got, want)
		}
	}
	if res, err := sv.Search("och ", nil); err != nil || len(res.Tokens) != 0 {
		t.Errorf(`"och": tokens %q (%v), want none`, res.Tokens, err)
	}
	js, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(site.SearchStemmersURL)))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(js); !strings.Contains(s, "sv:function") || !strings.Contains(s, "en:function") || strings.Contains(s, "nb:function") {
		t.Errorf("%s registers the wrong languages:\n%.300s", site.SearchStemmersURL, s)
	}
}
