package search_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/search/searchtest"
)

// mustBuild writes an index of docs to a temporary directory and returns it.
func mustBuild(tb testing.TB, docs []search.Document) string {
	tb.Helper()
	ix := search.NewIndex(searchtest.Options())
	for _, d := range docs {
		ix.Add(d)
	}
	dir := tb.TempDir()
	if err := ix.Write(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// mustOpen opens one language of a built index.
func mustOpen(tb testing.TB, dir, lang string) *search.Reader {
	tb.Helper()
	r, err := search.Open(dir, lang)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// urls runs q and returns the URLs of the first n results.
func urls(tb testing.TB, r *search.Reader, q string, filters map[string][]string, n int) []string {
	tb.Helper()
	res, err := r.Search(q, filters)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q, err)
	}
	var out []string
	for _, id := range res.IDs[:min(n, len(res.IDs))] {
		rec, err := r.Record(id)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, rec.URL)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	docs := searchtest.Documents()
	dir := mustBuild(t, docs)
	want := map[string]search.Document{}
	for _, d := range docs {
		want[d.URL] = d
	}
	seen := 0
	for _, lang := range searchtest.Languages {
		r := mustOpen(t, dir, lang)
		for id := range r.Docs() {
			rec, err := r.Record(id)
			if err != nil {
				t.Fatal(err)
			}
			d, ok := want[rec.URL]
			if !ok || d.Lang != lang || rec.Title != d.Title || rec.Summary != d.Summary || r.SectionLabel(rec.Section) != d.SectionTitle {
				t.Errorf("%s record %d = %+v (section %q), want %+v", lang, id, rec, r.SectionLabel(rec.Section), d)
			}
			seen++
		}
	}
	if seen != len(docs) {
		t.Errorf("decoded %d records, want %d", seen, len(docs))
	}
}

func TestRanking(t *testing.T) {
	dir := mustBuild(t, searchtest.Documents())
	en, nb := mustOpen(t, dir, "en"), mustOpen(t, dir, "nb")
	for _, tc := range []struct {
		r        *search.Reader
		q        string
		wantTop  []string // the first results, in order
		notFound string   // a URL that must not be in the results
	}{
		// Both words in the title beat a title+body page with one word.
		{en, "sensor licensing", []string{"/offerings/sensor-licensing/"}, ""},
		// Two summary words beat one title word.
		{en, "licence assay", []string{"/case-studies/roche/"}, ""},
		// All words beat some: only Roche pages have both words.
		{en, "immunology licence", []string{"/case-studies/roche/"}, ""},
		// Title match ranks above body-only matches.
		{en, "microscopy", []string{"/facilities/electron-microscopy/"}, ""},
		{nb, "mikroskopi", []string{"/nb/facilities/elektronmikroskopi/"}, ""},
		// Folding: plain letters find Norwegian ones, and the other way round.
		{nb, "ostersjo", []string{"/nb/facilities/ostersjostasjonen/"}, ""},
		{nb, "Østersjøen", []string{"/nb/facilities/ostersjostasjonen/"}, ""},
		{en, "Østersjø", []string{"/facilities/baltic-station/"}, ""},
		{nb, "forskning", []string{"/nb/offerings/forskningssamarbeid/"}, ""},
		{nb, "baerum", []string{"/nb/case-studies/oslo-kommune/"}, ""},
		// Prefix matching while typing.
		{en, "immun", []string{"/case-studies/roche/"}, ""},
		{nb, "lisensi", []string{"/nb/offerings/sensor-lisensiering/"}, ""},
		// Languages are separate indexes.
		{en, "lisensiering", nil, "/nb/offerings/sensor-lisensiering/"},
	} {
		got := urls(t, tc.r, tc.q, nil, 20)
		if len(got) < len(tc.wantTop) || !slices.Equal(got[:len(tc.wantTop)], tc.wantTop) {
			t.Errorf("%q: got %q, want first %q", tc.q, got, tc.wantTop)
		}
		if tc.notFound != "" && slices.Contains(got, tc.notFound) {
			t.Errorf("%q: got %q, must not contain %q", tc.q, got, tc.notFound)
		}
	}
}

// count returns the count of value v in facet name of res.
func count(res *search.Result, name, v string) int {
	for _, f := range res.Facets {
		if f.Name == name {
			if i := slices.Index(f.Values, v); i >= 0 {
				return f.Counts[i]
			}
		}
	}
	return -1
}

func TestFacets(t *testing.T) {
	docs := searchtest.Documents()
	r := mustOpen(t, mustBuild(t, docs), "en")
	// Expected counts straight from the documents.
	want := func(q string, keep func(d search.Document) bool) int {
		n := 0
		for _, d := range docs {
			if d.Lang == "en" && strings.Contains(strings.ToLower(d.Title+" "+d.Summary+" "+d.Text), q) && keep(d) {
				n++
			}
		}
		return n
	}
	has := func(tax, v string) func(search.Document) bool {
		return func(d search.Document) bool { return slices.Contains(d.Terms[tax], v) }
	}
	res, err := r.Search("sensor", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := len(res.IDs), want("sensor", func(search.Document) bool { return true }); got != w {
		t.Errorf("sensor: %d results, want %d", got, w)
	}
	if got, w := count(res, "sectors", "energy"), want("sensor", has("sectors", "energy")); got != w {
		t.Errorf("sensor: energy count %d, want %d", got, w)
	}
	if got, w := count(res, "section", "case-studies"), want("sensor", func(d search.Document) bool { return d.Section == "case-studies" }); got != w {
		t.Errorf("sensor: case-studies count %d, want %d", got, w)
	}

	// A filter narrows the results; its own group still counts alternatives,
	// other groups count within the filter.
	f := map[string][]string{"sectors": {"energy"}}
	filtered, err := r.Search("sensor", f)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := len(filtered.IDs), want("sensor", has("sectors", "energy")); got != w {
		t.Errorf("sensor+energy: %d results, want %d", got, w)
	}
	if got, w := count(filtered, "sectors", "ict"), count(res, "sectors", "ict"); got != w {
		t.Errorf("sensor+energy: ict count %d, want unchanged %d", got, w)
	}
	both := func(d search.Document) bool { return has("sectors", "energy")(d) && d.Section == "case-studies" }
	if got, w := count(filtered, "section", "case-studies"), want("sensor", both); got != w {
		t.Errorf("sensor+energy: case-studies count %d, want %d", got, w)
	}
	// Two values of one facet are alternatives.
	f["sectors"] = []string{"energy", "ict"}
	either, _ := r.Search("sensor", f)
	if got, w := len(either.IDs), want("sensor", func(d search.Document) bool { return has("sectors", "energy")(d) || has("sectors", "ict")(d) }); got != w {
		t.Errorf("sensor+(energy|ict): %d results, want %d", got, w)
	}
	// Filters alone list the filtered pages.
	only, _ := r.Search("", map[string][]string{"partners": {"Roche"}})
	if got, w := len(only.IDs), want("", has("partners", "Roche")); got != w {
		t.Errorf("Roche only: %d results, want %d", got, w)
	}
}

// files reads every file below dir into a map keyed by relative path.
func files(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	docs := searchtest.Documents()
	want := files(t, mustBuild(t, docs))
	for seed := range 3 {
		shuffled := slices.Clone(docs)
		rand.New(rand.NewPCG(uint64(seed), 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := files(t, mustBuild(t, shuffled))
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d files, want %d", seed, len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("seed %d: %s differs", seed, name)
			}
		}
	}
}

// TestDeterministicDuplicateURL: two documents at one address that differ
// only in words beyond their excerpts are numbered the same whichever is
// added first, although the index numbers words in the order it meets them.
func TestDeterministicDuplicateURL(t *testing.T) {
	long := strings.Repeat("Partners sign the agreement before the work starts. ", 20)
	a := search.Document{URL: "/same/", Lang: "en", Title: "Same", Text: long + "microscopy"}
	b := search.Document{URL: "/same/", Lang: "en", Title: "Same", Text: long + "spectroscopy"}
	want := files(t, mustBuild(t, []search.Document{a, b}))
	got := files(t, mustBuild(t, []search.Document{b, a}))
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs with the other Add order", name)
		}
	}
}

func TestConcurrentAdd(t *testing.T) {
	docs := searchtest.Documents()
	ix := search.NewIndex(searchtest.Options())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(docs); i += 8 {
				ix.Add(docs[i])
			}
		})
	}
	wg.Wait()
	dir := t.TempDir()
	if err := ix.Write(dir); err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, dir), files(t, mustBuild(t, docs)); len(got) != len(want) || !bytes.Equal(got[filepath.Join("search", "en", "manifest.json")], want[filepath.Join("search", "en", "manifest.json")]) {
		t.Error("concurrent Add gave a different index")
	}
}

func TestBadInput(t *testing.T) {
	huge := strings.Repeat("immunology sensor ", 200_000) + strings.Repeat("ø", 1<<20)
	docs := []search.Document{
		{}, // empty: goes to the default language, has no terms
		{URL: "/huge/", Lang: "en", Title: "Huge", Text: huge},
		{URL: "/odd/", Lang: "en", Title: "\u202eevil\u202c \x00 \xff 🙂 ﷽ e\u0301e\u0301", Summary: "<script>alert(1)</script>",
			Terms: map[string][]string{"sectors": {"", "ict", "ict"}}},
		{URL: "/long/", Lang: "en", Title: strings.Repeat("supercalifragilistic", 20)},
	}
	dir := mustBuild(t, docs)
	r := mustOpen(t, dir, "en")
	for _, q := range []string{"", " ", "the of and ", "?!*%", "🙂", strings.Repeat("ø", 5000), "\x00\xff", "e\u0301", "evil", "supercalifragilisticsupercalifragilisticsupercali"} {
		if _, err := r.Search(q, map[string][]string{"nope": {"x"}, "sectors": {"missing"}}); err != nil {
			t.Errorf("Search(%.20q): %v", q, err)
		}
	}
	if got := urls(t, r, "immunology", nil, 5); !slices.Equal(got, []string{"/huge/"}) {
		t.Errorf("immunology: %q", got)
	}
	if got := urls(t, r, strings.Repeat("supercalifragilistic", 3), nil, 5); !slices.Equal(got, []string{"/long/"}) {
		t.Errorf("long word: %q", got)
	}
	// An empty language still gets a valid, empty index.
	if nb := mustOpen(t, dir, "nb"); nb.Docs() != 0 {
		t.Errorf("nb has %d docs", nb.Docs())
	}
	// A language that is not a directory name is refused, not written.
	bad := search.NewIndex(search.Options{})
	bad.Add(search.Document{URL: "/x/", Lang: "../etc"})
	if err := bad.Write(t.TempDir()); err == nil {
		t.Error("Write accepted lang ../etc")
	}
}

func TestCorruptShard(t *testing.T) {
	dir := mustBuild(t, searchtest.Documents())
	r := mustOpen(t, dir, "en")
	if _, err := r.Search("sensor", nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Fetched() {
		if strings.HasPrefix(f, "t/") {
			os.WriteFile(filepath.Join(dir, "search", "en", f), []byte("<html>404</html>"), 0o644)
		}
	}
	_, err := mustOpen(t, dir, "en").Search("sensor", nil)
	if !errors.Is(err, search.ErrCorrupt) {
		t.Errorf("corrupt shard: err = %v, want ErrCorrupt", err)
	}
}

// TestFileCount guards the static-host file limit (20,000 files on the
// strictest hosts): the layout must stay near a thousand files for a
// 13,000-document site. Record chunks of 16 documents are most of them.
func TestFileCount(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 13,000 documents")
	}
	docs := searchtest.Synthetic(13000)
	n := len(files(t, mustBuild(t, docs)))
	t.Logf("%d documents -> %d index files", len(docs), n)
	if n > 1200 {
		t.Errorf("%d files, want at most 1,200", n)
	}
}

func ExampleIndex() {
	ix := search.NewIndex(search.Options{Languages: []string{"en"}, Taxonomies: []string{"sectors"}})
	ix.Add(search.Document{URL: "/offerings/sensor-licensing/", Lang: "en", Section: "offerings", SectionTitle: "What we offer",
		Title: "Sensor licensing", Terms: map[string][]string{"sectors": {"energy"}}})
	dir, _ := os.MkdirTemp("", "search")
	defer os.RemoveAll(dir)
	if err := ix.Write(dir); err != nil {
		fmt.Println(err)
	}
	r, _ := search.Open(dir, "en")
	res, _ := r.Search("sens", nil)
	rec, _ := r.Record(res.IDs[0])
	fmt.Println(rec.URL, rec.Title)
	// Output: /offerings/sensor-licensing/ Sensor licensing
}

// FuzzQuery feeds arbitrary queries to the reader, which mirrors search.js:
// any text must give results or none, never an error or a panic.
func FuzzQuery(f *testing.F) {
	dir := mustBuild(f, searchtest.Documents())
	r := mustOpen(f, dir, "en")
	for _, s := range []string{"sensor licensing", "the ", "Østersjø", "🙂", "a b c d e f g h i j k", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res, err := r.Search(q, nil)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, id := range res.IDs {
			if id < 0 || id >= r.Docs() {
				t.Fatalf("Search(%q): id %d out of range", q, id)
			}
		}
	})
}

// TestPrefixAcrossShards checks, against brute force, that a prefix finds
// every document with a word starting with it, on an index large enough
// that prefixes straddle shard boundaries.
func TestPrefixAcrossShards(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 documents")
	}
	docs := searchtest.Synthetic(3000)
	r := mustOpen(t, mustBuild(t, docs), "en")
	var en [][]string // each English document's distinct words
	words := map[string]bool{}
	for _, d := range docs {
		if d.Lang != "en" {
			continue
		}
		seen := map[string]bool{}
		for _, w := range search.Tokenize(d.Title + " " + d.Summary + " " + d.SectionTitle + " " + termsText(d) + " " + d.Text) {
			if slices.Contains(search.LanguageOf("en").StopWords, w) {
				continue // not indexed
			}
			seen[w] = true
			words[w] = true
		}
		en = append(en, slices.Collect(maps.Keys(seen)))
	}
	prefixes := map[string]bool{}
	for w := range words {
		prefixes[string([]rune(w)[:min(4, len([]rune(w)))])] = true
	}
	for p := range prefixes {
		want := 0
		for _, ws := range en {
			if slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, p) }) {
				want++
			}
		}
		res, err := r.Search(p+" ", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.IDs) != want {
			t.Errorf("prefix %q: %d results, want %d", p, len(res.IDs), want)
		}
	}
}

// termsText joins a document's taxonomy terms.
func termsText(d search.Document) string {
	var parts []string
	for _, v := range d.Terms {
		parts = append(parts, v...)
	}
	return strings.Join(parts, " ")
}
