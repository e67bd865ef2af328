// Package search builds the site's static search index while pages render.
//
// The generator hands every rendered page to Index.Add (from many goroutines)
// and calls Index.Write once at the end. Write lays out, per language, a small
// manifest, term shards, result-record chunks and a facet file under
// public/search/<lang>/, which static/js/search.js reads with plain fetches:
// no search server and no separate indexing step. docs/search.md describes the
// format; Reader in this package decodes it the way search.js does, for tests.
package search

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// Document is one page as the index sees it.
type Document struct {
	URL  string // site-relative, e.g. "/nb/case-studies/roche/"
	Lang string // the index it goes into: "en", "nb"
	// ContentLang is the language the text is written in, when it is not
	// Lang: a page that exists only in English is also in the Norwegian
	// index, found after the Norwegian pages and marked as English.
	ContentLang  string
	Section      string              // section name, e.g. "case-studies"
	SectionTitle string              // localized section title for display, e.g. "Case studies"
	Title        string              // page title, weighted highest
	Summary      string              // shown under the result, weighted above body text
	Terms        map[string][]string // taxonomy name -> term display names, e.g. {"sectors": {"pharma"}}
	Text         string              // plain text of the body (no markup)
	// Names are the page's other names, weighted as its title: its titles
	// in the other languages and the spellings other pages use for it, so
	// "Forsvarets forskningsinstitutt" finds the English partner page.
	Names []string
	// Headings are the body's headings, in order, with the byte offset in
	// Text where each starts: a word under a heading links to its anchor.
	Headings []Heading
	// Weight scales the page's score (0 means 1): help and about pages are
	// weighted down so that they do not outrank content.
	Weight float64
}

// Heading is a heading of a document's body: its anchor id, its text, and
// where its section starts in Document.Text.
type Heading struct {
	ID, Text string
	Offset   int
}

// textLang is the language d's text is written in.
func (d *Document) textLang() string {
	if d.ContentLang != "" {
		return d.ContentLang
	}
	return d.Lang
}

// Options configure an index: the languages and taxonomies (facets) to expect.
// Every listed language gets an index, even an empty one, so the search page of
// a language without pages still loads; the first is used for documents with no
// Lang. Taxonomies fix the order of the filter groups. Glossary holds, per
// language, the groups of words and phrases that mean the same (site.yaml's
// search.glossary).
type Options struct {
	Languages  []string
	Taxonomies []string
	Glossary   map[string][][]string
	// StemmerURL is the site path Write puts the stemmers of the site's
	// languages at (site.SearchStemmersURL); none are written when empty.
	StemmerURL string
}

// Posting flags, in the low bits of each posting. Title beats summary (and
// taxonomy terms and section title) beats body, so the ranking in search.js
// needs nothing but the postings it has already downloaded.
const (
	wFrequent = 1 // three or more times in the body
	wSummary  = 2 // in the summary, a taxonomy term or the section title
	wTitle    = 4 // in the title or another name of the page
	wSection  = 8 // a varint follows: the heading (1-based) the word is first found under
	wBits     = 4 // bits taken by the flags
	wFields   = wFrequent | wSummary | wTitle
)

// maxText bounds the body text indexed per page: a runaway page (a pasted data
// dump) should not dominate the index or the build's memory.
const maxText = 1 << 20

// termWeight is one distinct word of a document, by its number in the
// index's dictionary, with its field weight and the heading it is first
// found under (0: before the first heading, or not in the body).
type termWeight struct {
	word int32
	w    uint8
	sec  uint16
}

// entry is a document after analysis, ready to be numbered and encoded.
type entry struct {
	doc Document // without its Text, Names, Headings and Terms, read by Add
	// taxa are the doc's taxonomy terms (Document.Terms), by taxonomy
	// name, then in the doc's order: a slice, a third of the room of a
	// map kept for every page until Write.
	taxa []taxonTerm
	// recHead and recTail are its result record as JSON (encodeLang),
	// before and after its section's number, known only when the index is
	// written. Made at Add, they keep in a few pointer-free bytes what the
	// record needs of the text and the headings.
	recHead, recTail []byte
	terms            []byte // its words, packed (analyse)
}

// Index collects analysed documents; its zero value is not usable, call NewIndex.
type Index struct {
	opts Options
	mu   sync.Mutex
	docs []entry

	dict    dictionary            // the words of the documents, numbered
	poolsMu sync.Mutex            // guards pools
	pools   map[string]*sync.Pool // analyse's scratch spaces, by language
}

// NewIndex returns an empty index for opts.
func NewIndex(opts Options) *Index {
	return &Index{opts: opts}
}

// Add analyses docs and keeps them for Write. It is safe for concurrent use:
// the tokenising runs in the caller's goroutine, so a parallel render spreads
// the indexing cost over all cores, and only the final append takes the lock.
// Documents after the first with its text, title and summary (the same page
// in other languages' indexes) share its analysis.
func (ix *Index) Add(docs ...Document) {
	es := make([]entry, 0, len(docs))
	var excerpt0 string // the first document's
	for i, d := range docs {
		if d.Lang == "" && len(ix.opts.Languages) > 0 {
			d.Lang = ix.opts.Languages[0]
		}
		e := entry{doc: d}
		ex := excerpt0
		if i > 0 && d.textLang() == es[0].doc.textLang() && d.Text == docs[0].Text && d.Title == docs[0].Title && d.Summary == docs[0].Summary {
			// The same page in another index (one that exists only in
			// English, in the Norwegian one): its words are the first's.
			// Only its section title and term names, in the index's
			// language, are not searched: analysing and keeping each such
			// page's words again cost a tenth of a 10,000-page build.
			e.terms, e.recTail = es[0].terms, es[0].recTail
		} else {
			e.terms, ex, e.recTail = ix.analyse(&d), excerpt(d.Summary, d.Text), recordTail(d.Headings)
			if i == 0 {
				excerpt0 = ex
			}
		}
		e.recHead = recordHead(d.URL, d.Title, ex)
		e.taxa = taxaOf(d.Terms)
		e.doc.Text, e.doc.Names, e.doc.Headings, e.doc.Terms = "", nil, nil, nil
		es = append(es, e)
	}
	ix.mu.Lock()
	ix.docs = append(ix.docs, es...)
	ix.mu.Unlock()
}

// Remove drops the documents with the given URLs, so that an incremental
// rebuild can replace the pages it re-renders (they are added again).
func (ix *Index) Remove(urls ...string) {
	if len(urls) == 0 {
		return
	}
	drop := make(map[string]bool, len(urls))
	for _, u := range urls {
		drop[u] = true
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	kept := ix.docs[:0]
	for _, e := range ix.docs {
		if !drop[e.doc.URL] {
			kept = append(kept, e)
		}
	}
	clear(ix.docs[len(kept):]) // let the dropped entries be collected
	ix.docs = kept
}

// entryLess orders entries by URL and, for the odd duplicate URL, by
// everything of them the index writes (their words in byte order, rank
// being byteOrder's), so doc ids and therefore every written byte are
// independent of Add order.
func entryLess(a, b *entry, rank []int32) bool {
	if a.doc.URL != b.doc.URL {
		return a.doc.URL < b.doc.URL
	}
	for _, p := range [][2]string{{a.doc.Title, b.doc.Title}, {a.doc.Summary, b.doc.Summary}, {a.doc.Section, b.doc.Section}, {string(a.recHead), string(b.recHead)},
		{a.doc.SectionTitle, b.doc.SectionTitle}, {a.doc.textLang(), b.doc.textLang()},
		{string(a.recTail), string(b.recTail)}, {taxaKey(a.taxa), taxaKey(b.taxa)}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	if c := termsCompare(a.terms, b.terms, rank); c != 0 {
		return c < 0
	}
	return a.doc.Weight < b.doc.Weight
}

// taxonTerm is a taxonomy term of a document: the taxonomy's name and
// the term's.
type taxonTerm struct{ taxonomy, term string }

// taxaOf lists the terms of m (Document.Terms), by taxonomy name, then in
// m's order.
func taxaOf(m map[string][]string) []taxonTerm {
	n := 0
	for _, ts := range m {
		n += len(ts)
	}
	if n == 0 {
		return nil
	}
	out := make([]taxonTerm, 0, n)
	for _, tax := range slices.Sorted(maps.Keys(m)) {
		for _, t := range m[tax] {
			out = append(out, taxonTerm{tax, t})
		}
	}
	return out
}

// taxaKey is a canonical string of a document's taxa, for ordering ties.
func taxaKey(taxa []taxonTerm) string {
	var b strings.Builder
	for _, t := range taxa {
		b.WriteString(t.taxonomy + "\x00" + t.term + "\x01")
	}
	return b.String()
}
