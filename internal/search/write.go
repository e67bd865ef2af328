package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Format constants shared with search.js (it reads them from the manifest, so
// they can be tuned without touching the script).
const (
	formatVersion = 1
	// shardTarget is the uncompressed size a term shard grows to before the next
	// term starts a new one. 24 KB keeps a two-word query near 30 KB of shards
	// on the wire while a 10,000-page site needs well under a hundred shards.
	shardTarget = 24 << 10
	// chunkDocs is how many result records share one file. A result page of 10
	// hits touches at most 10 chunks; 64 keeps a 10,000-page site at ~160
	// record files per language and one chunk at a few KB gzipped.
	chunkDocs = 64
	// gzipLevel 5 is within 1% of level 9 on this data at half the time.
	gzipLevel = 5
	// summaryRunes bounds the summary kept in a result record.
	summaryRunes = 180
)

var langRE = regexp.MustCompile(`^[A-Za-z0-9-]{1,16}$`)

// Write encodes the collected documents under dir/search/<lang>/ for every
// language: manifest.json, t/<n>.bin (term shards), r/<n>.bin (result
// records), f.bin (facet postings). Output is byte-for-byte the same for the
// same documents whatever order they were added in. dir should be a fresh
// staging directory; Write does not delete files from an earlier build.
func (ix *Index) Write(dir string) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("search: write index: %w", err)
		}
	}()
	ix.mu.Lock()
	docs := append([]entry(nil), ix.docs...)
	ix.mu.Unlock()

	byLang := map[string][]entry{}
	for _, l := range ix.opts.Languages {
		byLang[l] = nil
	}
	for _, e := range docs {
		byLang[e.doc.Lang] = append(byLang[e.doc.Lang], e)
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		if !langRE.MatchString(l) {
			return fmt.Errorf("language %q is not a valid directory name", l)
		}
		langs = append(langs, l)
	}
	sort.Strings(langs)
	// Languages are independent, and so is compressing each file: spread both
	// over the cores, which the generator's render pool has released by now.
	encoded := make([]map[string][]byte, len(langs))
	var wg sync.WaitGroup
	for i, l := range langs {
		wg.Go(func() { encoded[i] = ix.encodeLang(l, byLang[l]) })
	}
	wg.Wait()
	type job struct {
		path string
		data []byte
	}
	jobs := make(chan job)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	for range cap(errs) {
		go func() {
			var first error
			for j := range jobs {
				if strings.HasSuffix(j.path, ".bin") {
					j.data = gz(j.data)
				}
				if err := writeFile(j.path, j.data); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	for i, l := range langs {
		for name, b := range encoded[i] {
			jobs <- job{filepath.Join(dir, "search", l, filepath.FromSlash(name)), b}
		}
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
}

// facet is one filter group: its values in f.bin order and display labels.
type facet struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	Labels []string `json:"labels,omitempty"`
}

// encodeLang returns the files of one language's index, keyed by path
// relative to search/<lang>/; .bin files are returned uncompressed and
// gzipped by Write.
func (ix *Index) encodeLang(lang string, docs []entry) map[string][]byte {
	sort.Slice(docs, func(i, j int) bool { return docLess(&docs[i].doc, &docs[j].doc) })
	files := map[string][]byte{}
	m := manifest{V: formatVersion, Lang: lang, Docs: len(docs), Chunk: chunkDocs, Max: MaxTokenRunes,
		Shards: []string{}, Stop: stopWords[lang]}
	if m.Stop == nil {
		m.Stop = []string{}
	}

	// Facets first: records refer to the section by its index in facet 0.
	facets, sectionOf, facetFile := encodeFacets(docs, ix.opts.Taxonomies)
	m.Facets = facets
	files["f.bin"] = facetFile

	for c := 0; c*chunkDocs < len(docs); c++ {
		end := min((c+1)*chunkDocs, len(docs))
		recs := make([][]any, 0, end-c*chunkDocs)
		for id := c * chunkDocs; id < end; id++ {
			d := &docs[id].doc
			recs = append(recs, []any{d.URL, d.Title, excerpt(d.Summary, d.Text), sectionOf[id]})
		}
		b, _ := json.Marshal(recs) // strings and ints only: cannot fail
		files["r/"+strconv.Itoa(c)+".bin"] = b
	}

	for i, sh := range encodeShards(docs) {
		m.Shards = append(m.Shards, sh.first)
		files["t/"+strconv.Itoa(i)+".bin"] = sh.data
	}

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

// excerpt is the record's summary: the page summary, or the start of the body
// for pages without one, cut at a word boundary.
func excerpt(summary, text string) string {
	s := strings.Join(strings.Fields(summary), " ")
	if s == "" {
		s = strings.Join(strings.Fields(text[:min(len(text), 4*summaryRunes)]), " ")
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

// encodeFacets returns the facet groups (section first, then the taxonomies in
// option order, then any others by name), each document's section index, and
// f.bin: for every value of every group, varint count and delta-coded doc ids.
func encodeFacets(docs []entry, taxonomies []string) ([]facet, []int, []byte) {
	names := append([]string(nil), taxonomies...)
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	var extra []string
	for _, e := range docs {
		for n := range e.doc.Terms {
			if !known[n] {
				known[n] = true
				extra = append(extra, n)
			}
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)

	groups := make([]facet, 0, 1+len(names))
	var out []byte
	build := func(name string, valuesOf func(d *Document) []string, label func(d *Document) string) map[string]int {
		ids := map[string][]int{}
		labels := map[string]string{}
		for id := range docs {
			d := &docs[id].doc
			seen := map[string]bool{}
			for _, v := range valuesOf(d) {
				if v == "" || seen[v] {
					continue
				}
				seen[v] = true
				ids[v] = append(ids[v], id)
				if _, ok := labels[v]; !ok && label != nil {
					labels[v] = label(d) // from the first doc by URL: deterministic
				}
			}
		}
		f := facet{Name: name, Values: make([]string, 0, len(ids))}
		for v := range ids {
			f.Values = append(f.Values, v)
		}
		sort.Slice(f.Values, func(i, j int) bool {
			a, b := Fold(f.Values[i]), Fold(f.Values[j])
			if a != b {
				return a < b
			}
			return f.Values[i] < f.Values[j]
		})
		index := map[string]int{}
		for i, v := range f.Values {
			index[v] = i
			if label != nil {
				f.Labels = append(f.Labels, labels[v])
			}
			list := ids[v]
			out = binary.AppendUvarint(out, uint64(len(list)))
			prev := 0
			for _, id := range list {
				out = binary.AppendUvarint(out, uint64(id-prev))
				prev = id
			}
		}
		groups = append(groups, f)
		return index
	}
	sectionIndex := build("section", func(d *Document) []string { return []string{d.Section} },
		func(d *Document) string {
			if d.SectionTitle != "" {
				return d.SectionTitle
			}
			return d.Section
		})
	for _, n := range names {
		build(n, func(d *Document) []string { return d.Terms[n] }, nil)
	}
	sectionOf := make([]int, len(docs))
	for id := range docs {
		if i, ok := sectionIndex[docs[id].doc.Section]; ok {
			sectionOf[id] = i
		} else {
			sectionOf[id] = -1 // no section: search.js shows none
		}
	}
	return groups, sectionOf, out
}

// shard is one encoded term shard and the first term in it.
type shard struct {
	first string
	data  []byte
}

// encodeShards builds the inverted index and cuts it into shards of about
// shardTarget bytes in UTF-16 term order (the order of JavaScript's string
// comparison, which search.js uses to pick shards). A shard is a sequence of
// terms, each: varint bytes shared with the previous term, varint suffix
// length, suffix bytes, varint postings length in bytes, postings. A posting is
// varint(docDelta<<3 | weight), the first delta counted from 0.
func encodeShards(docs []entry) []shard {
	type plist struct {
		key  []uint32 // UTF-16 ordering key
		data []byte
		last int
	}
	lists := map[string]*plist{}
	for id := range docs {
		for _, tw := range docs[id].terms {
			p := lists[tw.term]
			if p == nil {
				p = &plist{}
				lists[tw.term] = p
			}
			p.data = binary.AppendUvarint(p.data, uint64(id-p.last)<<wBits|uint64(tw.w))
			p.last = id
		}
	}
	terms := make([]string, 0, len(lists))
	for t, p := range lists {
		p.key = utf16Key(t)
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool { return keyLess(lists[terms[i]].key, lists[terms[j]].key) })

	var shards []shard
	var cur bytes.Buffer
	var prev, first string
	var tmp []byte
	for _, t := range terms {
		if cur.Len() >= shardTarget {
			shards = append(shards, shard{first, bytes.Clone(cur.Bytes())})
			cur.Reset()
			prev = ""
		}
		if cur.Len() == 0 {
			first = t
		}
		shared := commonPrefix(prev, t)
		data := lists[t].data
		tmp = binary.AppendUvarint(tmp[:0], uint64(shared))
		tmp = binary.AppendUvarint(tmp, uint64(len(t)-shared))
		tmp = append(tmp, t[shared:]...)
		tmp = binary.AppendUvarint(tmp, uint64(len(data)))
		cur.Write(tmp)
		cur.Write(data)
		prev = t
	}
	if cur.Len() > 0 {
		shards = append(shards, shard{first, bytes.Clone(cur.Bytes())})
	}
	return shards
}

// commonPrefix is the number of leading bytes a and b share.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// utf16Key maps each rune so that comparing keys orders strings as JavaScript
// compares them (by UTF-16 code unit): BMP characters above the surrogate
// range sort after all supplementary characters.
func utf16Key(s string) []uint32 {
	k := make([]uint32, 0, len(s))
	for _, r := range s {
		if r >= 0xE000 && r <= 0xFFFF {
			r += 0x200000
		}
		k = append(k, uint32(r))
	}
	return k
}

// keyLess compares two utf16Key results.
func keyLess(a, b []uint32) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
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
