package search_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/search/searchtest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

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
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(want, b) {
			t.Errorf("%s differs from %s (-want, +got):\n%s", name, path, lineDiff(string(want), string(b)))
		}
	}
}

// lineDiff lists the lines only in want (-) or only in got (+): enough to
// review a golden change without a diff library.
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var out strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			out.WriteString("-" + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			out.WriteString("+" + l + "\n")
		}
	}
	return out.String()
}
