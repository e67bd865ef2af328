package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// Reader answers queries from a written index the way static/js/search.js
// does, step for step: same query parsing, shard choice, scoring and facet
// counts. Tests use it to check the format and ranking without a browser, and
// the benchmark uses it to count the bytes a query downloads. Keep the two in
// step: a change to one is a change to both.
type Reader struct {
	root    string // dir/search/<lang>
	m       manifest
	shards  map[int][]termPostings
	facets  [][][]int // facet -> value -> doc ids
	fetched map[string]bool

	words     []vocabWord           // v.bin's words, once read
	known     map[string]bool       // v.bin's words and stems
	splitters map[string]*splitter  // by language, once made from words
	others    map[string]otherVocab // the other languages' v.bin, once read
	stopSet   map[string]bool       // the manifest's stop words (stop)
	// stopBareSet is stopSet without diacritics (stopBare)
	stopBareSet map[string]bool
}

// termPostings is one decoded entry of a shard.
type termPostings struct {
	term     string
	kind     uint8
	postings []posting
}

// posting is one document of an entry: its fields and heading.
type posting struct {
	id  int
	w   uint8
	sec int
}

// Record is one search result as the page shows it.
type Record struct {
	URL, Title, Summary string
	Section             int         // index into the section facet, -1 for none
	Headings            [][2]string // the body's headings: anchor id, text
}

// FacetCount is one filter group with a count per value for the current query.
type FacetCount struct {
	Name   string
	Values []string
	Counts []int
}

// Result is the answer to a query.
type Result struct {
	Tokens []string     // the query words used, after folding and stop words
	IDs    []int        // matching doc ids, best first
	Facets []FacetCount // counts per filter value, combinable with the query
	// Headings holds, for each id in IDs, the heading (1-based, into the
	// record's Headings) under which the query's words are, 0 for the page.
	Headings []int
	// Corrected is the query as searched when typos were corrected ("" if
	// none were): the page says "Showing results for …", or "Did you
	// mean …?" when Guess is set (another site word was as close to a
	// corrected word; the more frequent was taken).
	Corrected string
	Guess     bool
	// Missing are the query's words that match no page, as typed (after
	// folding): "No page mentions …".
	Missing []string
	// Partial holds, when no page has every word, the pages with all the
	// words that match something, best first ("Pages without …").
	Partial []int
	// Langs holds, for each id in IDs, the language the page is written in
	// when it is not the index's.
	Langs []string
}

// ErrCorrupt reports an index file that cannot be decoded.
var ErrCorrupt = errors.New("search: corrupt index file")

// Open reads the manifest of language lang from the output root dir (the
// directory passed to Index.Write).
func Open(dir, lang string) (*Reader, error) {
	r := &Reader{root: langDir(dir, lang), shards: map[int][]termPostings{}, fetched: map[string]bool{}}
	b, err := r.file("manifest.json", false)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &r.m); err != nil || r.m.V != formatVersion {
		return nil, fmt.Errorf("%w: manifest.json", ErrCorrupt)
	}
	return r, nil
}

// Docs is the number of documents in the index.
func (r *Reader) Docs() int { return r.m.Docs }

// Fetched lists the index files read so far (relative to search/<lang>/), in
// name order: what a browser would have downloaded for the same queries.
func (r *Reader) Fetched() []string {
	out := make([]string, 0, len(r.fetched))
	for f := range r.fetched {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// file reads one index file, inflating it if zipped.
func (r *Reader) file(name string, zipped bool) ([]byte, error) {
	r.fetched[name] = true
	b, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(name)))
	if err != nil || !zipped {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrCorrupt, name)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrCorrupt, name)
	}
	return out, nil
}

// shard decodes term shard n (cached).
func (r *Reader) shard(n int) ([]termPostings, error) {
	if s, ok := r.shards[n]; ok {
		return s, nil
	}
	b, err := r.file("t/"+strconv.Itoa(n)+".bin", true)
	if err != nil {
		return nil, err
	}
	var out []termPostings
	err = eachFront(b, kBits, func(term string, kind uint64, rest []byte) ([]byte, error) {
		pl, n3 := binary.Uvarint(rest)
		if n3 <= 0 || uint64(len(rest)-n3) < pl {
			return nil, ErrCorrupt
		}
		pb := rest[n3 : n3+int(pl)]
		tp := termPostings{term: term, kind: uint8(kind)}
		id := 0
		for len(pb) > 0 {
			v, k := binary.Uvarint(pb)
			if k <= 0 {
				return nil, ErrCorrupt
			}
			pb = pb[k:]
			id += int(v >> wBits)
			if id >= r.m.Docs {
				return nil, ErrCorrupt
			}
			p := posting{id: id, w: uint8(v & wFields)}
			if v&wSection != 0 {
				sec, k := binary.Uvarint(pb)
				if k <= 0 {
					return nil, ErrCorrupt
				}
				pb = pb[k:]
				p.sec = int(sec)
			}
			tp.postings = append(tp.postings, p)
		}
		out = append(out, tp)
		return rest[n3+int(pl):], nil
	})
	if err != nil {
		return nil, err
	}
	r.shards[n] = out
	return out, nil
}

// eachFront decodes front-coded strings (see appendFront): fn gets each
// string, the low bits stored with its length, and the bytes after it, and
// returns the bytes after what follows the string.
func eachFront(b []byte, bits uint, fn func(term string, low uint64, rest []byte) ([]byte, error)) error {
	var prev []byte
	for len(b) > 0 {
		shared, n1 := binary.Uvarint(b)
		if n1 <= 0 || int(shared) > len(prev) {
			return ErrCorrupt
		}
		b = b[n1:]
		sl, n2 := binary.Uvarint(b)
		if n2 <= 0 || uint64(len(b)-n2) < sl>>bits {
			return ErrCorrupt
		}
		n := int(sl >> bits)
		term := append(prev[:shared:shared], b[n2:n2+n]...)
		rest, err := fn(string(term), sl&(1<<bits-1), b[n2+n:])
		if err != nil {
			return err
		}
		b, prev = rest, term
	}
	return nil
}

// loadWords decodes v.bin (cached): the words, for typos, and the words
// and stems, for compounds.
func (r *Reader) loadWords() error {
	if r.words != nil {
		return nil
	}
	words, known, err := r.vocabFile("v.bin")
	if err != nil {
		return err
	}
	r.words, r.known = words, known
	return nil
}

// vocabFile decodes a v.bin: its words, and its words and stems as a set.
func (r *Reader) vocabFile(name string) ([]vocabWord, map[string]bool, error) {
	b, err := r.file(name, true)
	if err != nil {
		return nil, nil, err
	}
	words, known := []vocabWord{}, map[string]bool{}
	err = eachFront(b, 1, func(term string, stem uint64, rest []byte) ([]byte, error) {
		df, k := binary.Uvarint(rest)
		if k <= 0 {
			return nil, ErrCorrupt
		}
		if stem == 0 {
			words = append(words, newVocabWord(term, int(df)))
		}
		known[term] = true
		return rest[k:], nil
	})
	if err != nil {
		return nil, nil, err
	}
	return words, known, nil
}

// knownElsewhere reports whether t is a word, the start of a word or a stem
// of the vocabulary of one of the site's other languages (their v.bin, read
// once): such a word is not a typo, however little this index has it.
func (r *Reader) knownElsewhere(t string) (bool, error) {
	if r.others == nil {
		r.others = map[string]otherVocab{}
	}
	for _, l := range r.m.Others {
		v, ok := r.others[l]
		if !ok {
			words, known, err := r.vocabFile("../" + l + "/v.bin")
			if err != nil {
				return false, err
			}
			v = otherVocab{words, known}
			r.others[l] = v
		}
		if v.known[t] || v.known[Stem(l, t)] || startsWord(v.words, t) {
			return true, nil
		}
	}
	return false, nil
}

// otherVocab is the vocabulary of another language's index.
type otherVocab struct {
	words []vocabWord
	known map[string]bool
}

// loadFacets decodes f.bin (cached).
func (r *Reader) loadFacets() error {
	if r.facets != nil {
		return nil
	}
	b, err := r.file("f.bin", true)
	if err != nil {
		return err
	}
	next := func() (int, error) {
		v, k := binary.Uvarint(b)
		if k <= 0 || v > uint64(r.m.Docs) {
			return 0, ErrCorrupt
		}
		b = b[k:]
		return int(v), nil
	}
	for _, f := range r.m.Facets {
		vals := make([][]int, len(f.Values))
		for i := range vals {
			n, err := next()
			if err != nil {
				return err
			}
			id := 0
			for range n {
				d, err := next()
				if err != nil {
					return err
				}
				id += d
				vals[i] = append(vals[i], id)
			}
		}
		r.facets = append(r.facets, vals)
	}
	return nil
}

// Record returns the result record of doc id.
func (r *Reader) Record(id int) (Record, error) {
	if id < 0 || id >= r.m.Docs {
		return Record{}, fmt.Errorf("search: no document %d", id)
	}
	b, err := r.file("r/"+strconv.Itoa(id/r.m.Chunk)+".bin", true)
	if err != nil {
		return Record{}, err
	}
	var recs [][]json.RawMessage
	if err := json.Unmarshal(b, &recs); err != nil || id%r.m.Chunk >= len(recs) || len(recs[id%r.m.Chunk]) != 5 {
		return Record{}, ErrCorrupt
	}
	rec := recs[id%r.m.Chunk]
	var out Record
	for i, dst := range []any{&out.URL, &out.Title, &out.Summary, &out.Section, &out.Headings} {
		if err := json.Unmarshal(rec[i], dst); err != nil {
			return Record{}, ErrCorrupt
		}
	}
	return out, nil
}

// SectionLabel returns the display title of section index i.
func (r *Reader) SectionLabel(i int) string {
	if len(r.m.Facets) == 0 || i < 0 || i >= len(r.m.Facets[0].Labels) {
		return ""
	}
	return r.m.Facets[0].Labels[i]
}
