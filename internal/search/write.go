package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// Format constants shared with search.js (it reads them from the manifest, so
// they can be tuned without touching the script).
const (
	formatVersion = 3
	// shardTarget is the uncompressed size a term shard grows to before the next
	// term starts a new one. 24 KB keeps a two-word query near 30 KB of shards
	// on the wire while a 10,000-page site needs well under a hundred shards.
	shardTarget = 24 << 10
	// chunkDocs is how many result records share one file. A result page of 10
	// hits touches up to 10 chunks, and the first results of a query are
	// rarely neighbours, so small chunks waste fewer bytes: 16 keeps a
	// 10,000-page site at ~650 record files per language and a chunk at
	// 1-2 KB gzipped.
	chunkDocs = 16
	// gzipLevel 5 of klauspost/compress is within 1% of the standard
	// library's level 9 on this data (3,668 KB against 3,630 KB for the
	// 10k corpus's index) in a quarter of the standard level 5's time.
	gzipLevel = 5
	// summaryRunes bounds the summary kept in a result record.
	summaryRunes = 180
)

var langRE = regexp.MustCompile(`^[A-Za-z0-9-]{1,16}$`)

// Write encodes the collected documents under dir/search/<lang>/ for every
// language, the folder Open reads, and the stemmers at Options.StemmerURL
// under dir (see WriteTo). dir should be a fresh staging directory; Write
// does not delete files from an earlier build. The build writes through its
// publisher instead (WriteTo).
func (ix *Index) Write(dir string) error {
	return ix.WriteTo(func(lang, name string, data []byte) error {
		if lang == "" {
			return writeFile(filepath.Join(dir, filepath.FromSlash(name)), data)
		}
		return writeFile(filepath.Join(langDir(dir, lang), filepath.FromSlash(name)), data)
	})
}

// langDir is the folder of a language's index under dir, for Write and Open.
func langDir(dir, lang string) string { return filepath.Join(dir, "search", lang) }

// WriteTo encodes the collected documents of every language and hands each
// file to put, by language and slash path inside that language's index
// folder: manifest.json, t/<n>.bin (term shards), r/<n>.bin (result
// records), f.bin (facet postings), v.bin (the vocabulary, for typos and
// compounds); and the stemmers of the site's languages, with lang "" and
// name Options.StemmerURL without its leading slash (a path from the site's
// root). Where a language's folder lives is the caller's (the site's
// address for it). Output is byte-for-byte the same for the same documents
// whatever order they were added in. put is called from several goroutines
// at once.
func (ix *Index) WriteTo(put func(lang, name string, data []byte) error) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("search: write index: %w", err)
		}
	}()
	ix.mu.Lock()
	docs := append([]entry(nil), ix.docs...)
	ix.mu.Unlock()

	// By language, pointers into the copy: encodeLang sorts them.
	byLang := map[string][]*entry{}
	for _, l := range ix.opts.Languages {
		byLang[l] = nil
	}
	for i := range docs {
		l := docs[i].doc.Lang
		byLang[l] = append(byLang[l], &docs[i])
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		if !langRE.MatchString(l) {
			return fmt.Errorf("language %q is not a valid directory name", l)
		}
		langs = append(langs, l)
	}
	sort.Strings(langs)
	// The browser stems in the languages of the indexes and of the texts
	// in them (a page only in English, in the Swedish index).
	stemLangs := append([]string(nil), langs...)
	for _, e := range docs {
		if l := e.doc.textLang(); !slices.Contains(stemLangs, l) {
			stemLangs = append(stemLangs, l)
		}
	}
	var stemmers []byte
	if ix.opts.StemmerURL != "" {
		if stemmers, err = StemmerScript(stemLangs); err != nil {
			return err
		}
	}
	// Languages are independent, and so is compressing each file: spread both
	// over the cores, which the generator's render pool has released by now.
	// Taken after the copy of docs, the snapshot numbers every word they
	// have (a page's words are numbered before it is added).
	words := ix.dict.snapshot()
	rank := byteOrder(words)
	encoded := make([]map[string][]byte, len(langs))
	var wg sync.WaitGroup
	for i, l := range langs {
		wg.Go(func() { encoded[i] = ix.encodeLang(l, byLang[l], words, rank) })
	}
	wg.Wait()
	type job struct {
		lang, name string
		data       []byte
	}
	jobs := make(chan job)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	for range cap(errs) {
		go func() {
			var first error
			for j := range jobs {
				if strings.HasSuffix(j.name, ".bin") {
					j.data = gz(j.data)
				}
				if err := put(j.lang, j.name, j.data); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	for i, l := range langs {
		for name, b := range encoded[i] {
			jobs <- job{l, name, b}
		}
	}
	if stemmers != nil {
		jobs <- job{"", strings.TrimPrefix(ix.opts.StemmerURL, "/"), stemmers}
	}
	close(jobs)
	for range cap(errs) {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	return err
}

// writeFile writes b to p, creating directories.
func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// manifest is manifest.json: everything search.js needs before a query, kept
// small because every search page loads it.
type manifest struct {
	V      int      `json:"v"`
	Lang   string   `json:"lang"`
	ID     string   `json:"id"`     // content hash, appended to fetches to defeat stale caches
	Docs   int      `json:"docs"`   // number of documents (doc ids are 0..docs-1)
	Chunk  int      `json:"chunk"`  // records per r/<n>.bin
	Max    int      `json:"max"`    // MaxTokenRunes
	Shards []string `json:"shards"` // first term of each t/<n>.bin, in UTF-16 order
	Facets []facet  `json:"facets"` // facet 0 is the section
	Stop   []string `json:"stop"`
	// Keep are the letters the index's language keeps when folding
	// (KeptLetters): search.js folds queries with them, as Go does.
	Keep string `json:"keep"`
	// Langs are the languages the documents are written in, Lang first: a
	// query is stemmed and its glossary phrases found in each.
	Langs    []string        `json:"langs"`
	Glossary []glossaryGroup `json:"glossary"`
	// Others are the site's other languages: a query word their
	// vocabulary (../<lang>/v.bin) knows is never corrected.
	Others []string `json:"others"`
	// Split are the compound rules of the Langs that split compounds
	// (compound.go), so search.js holds no table of its own.
	Split map[string]compoundRules `json:"split"`
}

// facet is one filter group: its values in f.bin order and display labels.
type facet struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	Labels []string `json:"labels,omitempty"`
	// Hidden facets are not filters but what ranking needs of each
	// document before its record is read: its language and its weight.
	Hidden bool `json:"hidden,omitempty"`
}

// encodeLang returns the files of one language's index, keyed by path
// relative to search/<lang>/; .bin files are returned uncompressed and
// gzipped by Write.
// words are the dictionary's words by number and rank their byte order
// (byteOrder), worked out once for every language by WriteTo.
func (ix *Index) encodeLang(lang string, docs []*entry, words []string, rank []int32) map[string][]byte {
	sort.Slice(docs, func(i, j int) bool { return entryLess(docs[i], docs[j], rank) })
	files := map[string][]byte{}
	m := manifest{V: formatVersion, Lang: lang, Docs: len(docs), Chunk: chunkDocs, Max: MaxTokenRunes,
		Shards: []string{}, Stop: stopWordsOf(lang), Keep: KeptLetters(lang), Langs: contentLangs(lang, docs), Glossary: []glossaryGroup{}}
	if m.Stop == nil {
		m.Stop = []string{}
	}
	m.Others = []string{}
	m.Split = map[string]compoundRules{}
	for _, l := range m.Langs {
		if r, ok := compoundRulesOf(l); ok {
			m.Split[l] = r
		}
	}
	for _, l := range ix.opts.Languages {
		if l != lang {
			m.Others = append(m.Others, l)
		}
	}

	// Facets first: records refer to the section by its index in facet 0.
	facets, sectionOf, facetFile := encodeFacets(lang, docs, ix.opts.Taxonomies)
	m.Facets = facets
	files["f.bin"] = facetFile

	// A chunk is the JSON array of its records, each [url, title, excerpt,
	// section, [[heading id, heading text], ...]].
	for c := 0; c*chunkDocs < len(docs); c++ {
		end := min((c+1)*chunkDocs, len(docs))
		b := []byte{'['}
		for id := c * chunkDocs; id < end; id++ {
			if id > c*chunkDocs {
				b = append(b, ',')
			}
			b = append(b, docs[id].recHead...)
			b = strconv.AppendInt(b, int64(sectionOf[id]), 10)
			b = append(b, docs[id].recTail...)
		}
		files["r/"+strconv.Itoa(c)+".bin"] = append(b, ']')
	}

	terms := make([][]termWeight, len(docs))
	for id := range docs {
		terms[id] = unpackTerms(docs[id].terms, nil)
		sortTerms(terms[id], rank)
	}
	vocabs := map[string]*vocab{}
	for _, l := range m.Langs {
		vocabs[l] = newVocab(l, docs, terms, words, ix.opts.Glossary[l])
		m.Glossary = append(m.Glossary, vocabs[l].groups...)
	}
	lists := postings(docs, terms, words, vocabs)
	keys := sortedEntries(lists)
	for i, sh := range encodeShards(lists, keys) {
		m.Shards = append(m.Shards, sh.first)
		files["t/"+strconv.Itoa(i)+".bin"] = sh.data
	}
	files["v.bin"] = encodeWords(lists, keys)

	m.ID = contentID(files)
	b, _ := json.Marshal(m)
	files["manifest.json"] = b
	return files
}

// contentID hashes all (uncompressed) files in name order: a rebuild with other content gets
// a new id, so browsers never mix a new manifest with cached old shards.
func contentID(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// recordHead is the start of a result record (encodeLang) up to the
// section's number: `["url","title","excerpt",`.
func recordHead(url, title, excerpt string) []byte {
	b, _ := json.Marshal([3]string{url, title, excerpt}) // strings: cannot fail
	b[len(b)-1] = ','
	return b
}

// recordTail is the end of a result record after the section's number:
// `,[["heading id","heading text"],...]]`.
func recordTail(hs []Heading) []byte {
	heads := make([][2]string, len(hs))
	for i, h := range hs {
		heads[i] = [2]string{h.ID, h.Text}
	}
	b, _ := json.Marshal(heads) // strings: cannot fail
	return append(append([]byte{','}, b...), ']')
}

// excerpt is the record's summary: the page summary, or the start of the body
// for pages without one, cut at a word boundary.
func excerpt(summary, text string) string {
	s := strings.Join(strings.Fields(summary), " ")
	if s == "" {
		end := min(len(text), 4*summaryRunes)
		for end < len(text) && end > 0 && !utf8.RuneStart(text[end]) {
			end-- // a whole letter
		}
		s = strings.Join(strings.Fields(text[:end]), " ")
	}
	if utf8.RuneCountInString(s) <= summaryRunes {
		return s
	}
	r := []rune(s)[:summaryRunes]
	cut := len(r)
	for i := len(r) - 1; i > summaryRunes/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,.;:") + "…"
}

// gz compresses b with a zero header (no name, no time) so output is
// deterministic. Shards and records are gzipped by us, not the host, because
// many static hosts do not compress unknown types; search.js inflates them
// with the browser's DecompressionStream.
func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	gzipWriters.Put(w)
	return buf.Bytes()
}

// gzipWriters are reused: each holds over half a megabyte of compressor
// state, which would otherwise be allocated for each of hundreds of files.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzipLevel) // valid level: cannot fail
	return w
}}
