package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/search/searchtest"
	"github.com/uio-partner/portal/internal/site"
)

// fixture is what the command indexes and asks: its languages (default
// first), their names, the documents, the index options and the queries
// the browser must answer as the Go reader does.
type fixture struct {
	langs   []string
	names   map[string]string
	docs    []search.Document
	opts    search.Options
	queries map[string][]string
	// ownStems: stems.json stems each language's own words only (the
	// word lists), not every word in every language (the small fixture).
	ownStems bool
}

// fx is the fixture of this run.
var fx fixture

func defaultFixture() fixture {
	return fixture{langs: searchtest.Languages, names: searchtest.LanguageNames, docs: searchtest.Documents(),
		opts: searchtest.Options(), queries: parityQueries}
}

// searchPage is the file of lang's search page.
func searchPage(lang string) string { return site.File(site.Prefix(lang, fx.langs[0]) + "/search/") }

// wordsPerDoc is how many words of a list make one document.
const wordsPerDoc = 30

// wordsFixture indexes the shared word lists (dir/<algorithm>.txt, one
// word a line): one index per language with a stemmer, each page thirty
// words of its language's list. Each language is asked single words as
// written (unfolded), two words, a stop word with a word, and, where
// compounds are split, a compound made of two words of one page,
// so the browser stems, drops stop words and splits as Go does.
func wordsFixture(dir string) (fixture, error) {
	f := fixture{names: map[string]string{}, queries: map[string][]string{}, ownStems: true}
	for _, l := range search.StemmerLanguages() {
		if l == "no" { // the same as nb
			continue
		}
		f.langs = append(f.langs, l)
	}
	// English first: the default language, at /.
	f.langs = append([]string{"en"}, slices.DeleteFunc(f.langs, func(l string) bool { return l == "en" })...)
	f.opts = search.Options{Languages: f.langs, StemmerURL: site.SearchStemmersURL}
	for _, l := range f.langs {
		f.names[l] = l
		lang := search.LanguageOf(l)
		b, err := os.ReadFile(filepath.Join(dir, lang.Algorithm+".txt"))
		if err != nil {
			return f, err
		}
		raw := strings.Fields(string(b))
		prefix := site.Prefix(l, f.langs[0])
		for i := 0; i*wordsPerDoc < len(raw); i++ {
			ws := raw[i*wordsPerDoc : min(len(raw), (i+1)*wordsPerDoc)]
			f.docs = append(f.docs, search.Document{URL: prefix + "/w/" + strconv.Itoa(i) + "/", Lang: l, Section: "words",
				SectionTitle: "Words", Title: strings.Join(ws[:2], " "), Text: strings.Join(ws, " ")})
		}
		pick := func(i int) string { return raw[i%len(raw)] }
		qs := []string{pick(7), pick(100), pick(201), pick(50) + " " + pick(55)}
		if stop := lang.StopWords; len(stop) > 0 {
			qs = append(qs, stop[0]+" "+pick(40), stop[len(stop)-1])
		}
		if lang.Compounds {
			// Two words of five letters or more of page 2 (a page must
			// have both parts), written as one.
			var long []string
			for _, w := range search.TokenizeIn(l, strings.Join(raw[min(len(raw)-1, 2*wordsPerDoc):], " ")) {
				if utf8.RuneCountInString(w) >= 5 && len(long) < 2 {
					long = append(long, w)
				}
			}
			if len(long) < 2 {
				return f, fmt.Errorf("%s: too few long words for a compound", l)
			}
			head, tail := long[0], long[1]
			qs = append(qs, head+tail)
			if lang.Links != "" {
				qs = append(qs, head+lang.Links[:1]+tail)
			}
		}
		f.queries[l] = qs
	}
	return f, nil
}
