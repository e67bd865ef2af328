package search_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/golden"
	"github.com/uio-partner/portal/internal/search/searchtest"
)

// goldenQueries are answered into testdata/golden/queries.txt, so a change in
// ranking or folding shows up as a reviewable diff.
var goldenQueries = map[string][]string{
	"en": {"sensor licensing ", "immunology licence ", "immun", "Østersjø ", "the sensor ", "microscopy "},
	"nb": {"mikroskopi ", "ostersjo ", "forskning ", "lisens", "baerum "},
}

// TestGolden compares the fixture's manifests and the answers to a set of
// queries with testdata/golden. Run with -update after an intended change.
func TestGolden(t *testing.T) {
	dir := mustBuild(t, searchtest.Documents())
	got := map[string][]byte{}
	var q bytes.Buffer
	for _, lang := range searchtest.Languages {
		b, err := os.ReadFile(filepath.Join(dir, "search", lang, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		got[lang+".manifest.json"] = b
		r := mustOpen(t, dir, lang)
		for _, query := range goldenQueries[lang] {
			fmt.Fprintf(&q, "%s %q\n", lang, query)
			for _, u := range urls(t, r, query, nil, 10) {
				fmt.Fprintf(&q, "\t%s\n", u)
			}
		}
	}
	got["queries.txt"] = q.Bytes()
	for name, b := range got {
		golden.Check(t, filepath.Join("testdata", "golden", name), b)
	}
}
