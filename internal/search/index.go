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
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unique"
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

// termWeight is one distinct word of a document with its field weight and
// the heading it is first found under (0: before the first heading, or not
// in the body).
type termWeight struct {
	term string
	w    uint8
	sec  uint16
}

// entry is a document after analysis, ready to be numbered and encoded.
type entry struct {
	doc   Document
	terms []termWeight // sorted by term
}

// Index collects analysed documents; its zero value is not usable, call NewIndex.
type Index struct {
	opts Options
	mu   sync.Mutex
	docs []entry
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
	for i, d := range docs {
		if d.Lang == "" && len(ix.opts.Languages) > 0 {
			d.Lang = ix.opts.Languages[0]
		}
		var e entry
		if i > 0 && d.textLang() == es[0].doc.textLang() && d.Text == docs[0].Text && d.Title == docs[0].Title && d.Summary == docs[0].Summary {
			// The same page in another index (one that exists only in
			// English, in the Norwegian one): its words are the first's.
			// Only its section title and term names, in the index's
			// language, are not searched: analysing and keeping each such
			// page's words again cost a tenth of a 10,000-page build.
			e = entry{doc: d, terms: es[0].terms}
		} else {
			e = entry{doc: d, terms: analyse(d)}
		}
		// Once analysed, the text is needed only for an excerpt when there is no
		// summary: keep that much, not every page's whole text until Write.
		if keep := 4 * summaryRunes; len(e.doc.Text) > keep {
			for keep > 0 && !utf8.RuneStart(e.doc.Text[keep]) {
				keep--
			}
			e.doc.Text = strings.Clone(e.doc.Text[:keep])
		}
		e.doc.Names = nil
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

// noSection marks a word not yet seen in the body while a page is analysed.
const noSection = 0xffff

// analyse returns the distinct non-stop-word words of d, hyphenated runs
// also written as one ("spinoff"), with their weights and the heading each
// is first found under. Stems, compound parts and glossary groups are
// derived from these when the index is written, once per word of the whole
// vocabulary rather than once per occurrence.
func analyse(d Document) []termWeight {
	stop, keep := stopSet(d.textLang()), KeptLetters(d.textLang())
	// idx maps a term to its slot in terms and acc; looking up with
	// idx[string(t)] does not allocate, so only a page's new words cost a string.
	idx := termSlots.Get().(map[string]int32)
	defer func() {
		if len(idx) <= 4096 { // a huge page's map would keep its room
			clear(idx)
			termSlots.Put(idx)
		}
	}()
	var terms []string
	var acc []uint32         // field bits in the low byte, body count above
	var secs, heads []uint16 // first section found in; heading found in (0: none)
	slot := func(t []byte) int32 {
		if len(t) <= maxStopBytes && stop[string(t)] {
			return -1 // every stop word is short: skip the lookup for longer words
		}
		k, ok := idx[string(t)]
		if !ok {
			k = int32(len(terms))
			// Interned: the index holds every page's terms until Write, and
			// most words recur on thousands of pages; one copy each keeps
			// the build's heap (and so its collections) smaller.
			s := unique.Make(string(t)).Value()
			idx[s] = k
			terms = append(terms, s)
			acc = append(acc, 0)
			secs = append(secs, noSection)
			heads = append(heads, 0)
		}
		return k
	}
	mark := func(bit uint32) func([]byte) {
		return func(t []byte) {
			if k := slot(t); k >= 0 {
				acc[k] |= bit
			}
		}
	}
	field := func(s string, bit uint32) {
		m := mark(bit)
		eachTokenJoined(keep, s, m, m)
	}
	field(d.Title, wTitle)
	for _, n := range d.Names {
		field(n, wTitle)
	}
	field(d.Summary, wSummary)
	field(d.SectionTitle, wSummary)
	for _, vals := range d.Terms {
		for _, v := range vals {
			field(v, wSummary)
		}
	}
	text := d.Text
	if len(text) > maxText {
		text = text[:maxText]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	sec := uint16(0)
	body := func(t []byte) {
		if k := slot(t); k >= 0 {
			acc[k] += 1 << 8
			if secs[k] == noSection {
				secs[k] = sec
			}
		}
	}
	// The text is read a section at a time: the words before the first
	// heading are section 0, those from heading i on section i (1-based).
	// A word of a heading belongs to that heading ("Who signs"), wherever
	// else the page says it first.
	start := 0
	for i, h := range d.Headings {
		end := min(max(h.Offset, start), len(text))
		eachTokenJoined(keep, text[start:end], body, body)
		start, sec = end, uint16(min(i+1, noSection-1))
		heading := func(t []byte) {
			if k := slot(t); k >= 0 && (heads[k] == 0) {
				heads[k] = sec
			}
		}
		eachTokenJoined(keep, h.Text, heading, heading)
	}
	eachTokenJoined(keep, text[start:], body, body)
	out := make([]termWeight, len(terms))
	for k, t := range terms {
		w := uint8(acc[k] & 0xff)
		if acc[k]>>8 >= 3 {
			w |= wFrequent
		}
		s := secs[k]
		if heads[k] > 0 {
			s = heads[k]
		}
		if s == noSection || w&(wTitle|wSummary) != 0 {
			s = 0 // in the title or summary: the page itself is where it is
		}
		out[k] = termWeight{t, w, s}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].term < out[j].term })
	return out
}

// termSlots recycles analyse's term maps: one per page is most of what
// indexing allocates, and a cleared map keeps its room.
var termSlots = sync.Pool{New: func() any { return make(map[string]int32, 256) }}

// docLess orders documents by URL and, for the odd duplicate URL, by content,
// so doc ids and therefore every written byte are independent of Add order.
func docLess(a, b *Document) bool {
	if a.URL != b.URL {
		return a.URL < b.URL
	}
	for _, p := range [][2]string{{a.Title, b.Title}, {a.Summary, b.Summary}, {a.Section, b.Section}, {a.Text, b.Text}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	return termsKey(a.Terms) < termsKey(b.Terms)
}

// termsKey is a canonical string of a taxonomy map, for ordering ties.
func termsKey(m map[string][]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "\x00" + strings.Join(m[k], "\x01") + "\x02")
	}
	return b.String()
}
