package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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
}

// termPostings is one decoded term of a shard.
type termPostings struct {
	term     string
	postings []uint64 // docDelta<<wBits | weight, as stored
}

// Record is one search result as the page shows it.
type Record struct {
	URL, Title, Summary string
	Section             int // index into the section facet, -1 for none
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
}

// ErrCorrupt reports an index file that cannot be decoded.
var ErrCorrupt = errors.New("search: corrupt index file")

// Open reads the manifest of language lang from the output root dir (the
// directory passed to Index.Write).
func Open(dir, lang string) (*Reader, error) {
	r := &Reader{root: filepath.Join(dir, "search", lang), shards: map[int][]termPostings{}, fetched: map[string]bool{}}
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

// queryToken is one word of a query; prefix words match every term they start.
type queryToken struct {
	text   string
	prefix bool
}

// maxQueryRunes and maxQueryTokens bound the work a pasted essay can cause.
const (
	maxQueryRunes  = 200
	maxQueryTokens = 8
	maxPrefixShard = 4 // shards fetched for one prefix; short prefixes are partial
	minOpenRunes   = 3 // a word being typed counts from this length
)

// parseQuery folds q into tokens. A query that does not end in a space or
// symbol is still being typed: its last word is kept even if it is a stop
// word ("the" may become "theory"), but only from its third letter, since one
// or two letters match too much to be worth downloads and a reshuffled list
// ("immunology li"). search.js adds a space to a submitted query, so "ai" and
// "x" are found when the visitor presses Enter. Words of two or more letters
// match as prefixes; single letters only match themselves.
func parseQuery(q string, stop []string) []queryToken {
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	toks := Tokenize(q)
	last, _ := utf8.DecodeLastRuneInString(q)
	open := q != "" && isWordRune(last)
	isStop := map[string]bool{}
	for _, s := range stop {
		isStop[s] = true
	}
	if open && len(toks) > 0 && utf8.RuneCountInString(toks[len(toks)-1]) < minOpenRunes {
		toks = toks[:len(toks)-1]
		open = false
	}
	var out []queryToken
	seen := map[string]bool{}
	for i, t := range toks {
		if seen[t] || isStop[t] && !(open && i == len(toks)-1) {
			continue
		}
		seen[t] = true
		out = append(out, queryToken{t, utf8.RuneCountInString(t) >= 2})
		if len(out) == maxQueryTokens {
			break
		}
	}
	return out
}

// shardsFor returns the shard numbers that may hold the token's terms.
func (r *Reader) shardsFor(t queryToken) []int {
	keys := r.m.Shards
	lo := 0
	for i := range keys {
		if !keyLess(utf16Key(t.text), utf16Key(keys[i])) { // keys[i] <= t
			lo = i
		}
	}
	out := []int{}
	if len(keys) == 0 {
		return out
	}
	out = append(out, lo)
	for i := lo + 1; t.prefix && i < len(keys) && strings.HasPrefix(keys[i], t.text) && len(out) < maxPrefixShard; i++ {
		out = append(out, i)
	}
	return out
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
	var prev []byte
	for len(b) > 0 {
		shared, n1 := binary.Uvarint(b)
		if n1 <= 0 || int(shared) > len(prev) {
			return nil, ErrCorrupt
		}
		b = b[n1:]
		sl, n2 := binary.Uvarint(b)
		if n2 <= 0 || uint64(len(b)-n2) < sl {
			return nil, ErrCorrupt
		}
		term := append(prev[:shared:shared], b[n2:n2+int(sl)]...)
		b = b[n2+int(sl):]
		pl, n3 := binary.Uvarint(b)
		if n3 <= 0 || uint64(len(b)-n3) < pl {
			return nil, ErrCorrupt
		}
		pb := b[n3 : n3+int(pl)]
		b = b[n3+int(pl):]
		var ps []uint64
		for len(pb) > 0 {
			v, k := binary.Uvarint(pb)
			if k <= 0 {
				return nil, ErrCorrupt
			}
			ps = append(ps, v)
			pb = pb[k:]
		}
		out = append(out, termPostings{string(term), ps})
		prev = term
	}
	r.shards[n] = out
	return out, nil
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

// fieldScore turns a posting's weight bits into a score: a title hit outweighs
// any number of summary hits' worth of body hits.
func fieldScore(w uint64) float64 {
	s := 1.0
	if w&wFrequent != 0 {
		s++
	}
	if w&wSummary != 0 {
		s += 3
	}
	if w&wTitle != 0 {
		s += 6
	}
	return s
}

// Search runs query q with filters (facet name -> selected values; values of
// one facet are alternatives, facets combine with AND). An empty query with
// filters lists the filtered documents in doc order.
func (r *Reader) Search(q string, filters map[string][]string) (*Result, error) {
	if err := r.loadFacets(); err != nil {
		return nil, err
	}
	n := r.m.Docs
	toks := parseQuery(q, r.m.Stop)
	res := &Result{}
	hits := make([]int, n)
	score := make([]float64, n)
	if len(toks) == 0 {
		anyFilter := false
		for _, v := range filters {
			anyFilter = anyFilter || len(v) > 0
		}
		if strings.TrimSpace(q) != "" || !anyFilter {
			return res, nil
		}
		for i := range hits {
			hits[i] = 1
		}
	}
	for _, t := range toks {
		res.Tokens = append(res.Tokens, t.text)
		best := make([]float64, n)
		for _, sn := range r.shardsFor(t) {
			terms, err := r.shard(sn)
			if err != nil {
				return nil, err
			}
			for _, tp := range terms {
				exact := tp.term == t.text
				if !exact && !(t.prefix && strings.HasPrefix(tp.term, t.text)) {
					continue
				}
				idf := math.Log(1 + float64(n)/float64(len(tp.postings)))
				mul := 1.0
				if !exact {
					mul = 0.5
				}
				id := 0
				for _, p := range tp.postings {
					id += int(p >> wBits)
					if id >= n {
						return nil, ErrCorrupt
					}
					if s := fieldScore(p&(1<<wBits-1)) * idf * mul; s > best[id] {
						best[id] = s
					}
				}
			}
		}
		for id, s := range best {
			if s > 0 {
				hits[id]++
				score[id] += s
			}
		}
	}

	// pass[f][id]: doc id passes the selection of facet f (true when none).
	pass := make([][]bool, len(r.m.Facets))
	for fi, f := range r.m.Facets {
		sel := filters[f.Name]
		if len(sel) == 0 {
			continue
		}
		pass[fi] = make([]bool, n)
		for vi, v := range f.Values {
			for _, s := range sel {
				if s == v {
					for _, id := range r.facets[fi][vi] {
						pass[fi][id] = true
					}
				}
			}
		}
	}
	passAll := func(id, except int) bool {
		for fi, p := range pass {
			if fi != except && p != nil && !p[id] {
				return false
			}
		}
		return true
	}
	for id := range n {
		if hits[id] > 0 && passAll(id, -1) {
			res.IDs = append(res.IDs, id)
		}
	}
	sort.SliceStable(res.IDs, func(i, j int) bool {
		a, b := res.IDs[i], res.IDs[j]
		if hits[a] != hits[b] {
			return hits[a] > hits[b]
		}
		return score[a] > score[b]
	})
	// Each group counts against the other groups' selections only, so picking
	// one value still shows what its alternatives would give.
	for fi, f := range r.m.Facets {
		fc := FacetCount{Name: f.Name, Values: f.Values, Counts: make([]int, len(f.Values))}
		for vi := range f.Values {
			for _, id := range r.facets[fi][vi] {
				if hits[id] > 0 && passAll(id, fi) {
					fc.Counts[vi]++
				}
			}
		}
		res.Facets = append(res.Facets, fc)
	}
	return res, nil
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
	if err := json.Unmarshal(b, &recs); err != nil || id%r.m.Chunk >= len(recs) || len(recs[id%r.m.Chunk]) != 4 {
		return Record{}, ErrCorrupt
	}
	rec := recs[id%r.m.Chunk]
	var out Record
	for i, dst := range []any{&out.URL, &out.Title, &out.Summary, &out.Section} {
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
