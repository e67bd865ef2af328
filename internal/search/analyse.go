package search

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// noSection marks a word not yet seen in the body while a page is analysed.
const noSection = 0xffff

// dictionary numbers the words of an index's pages as they are analysed,
// so that a page keeps its words as numbers (packed, a few bytes each)
// and Write works out what it needs of a word (its postings lists, stem,
// parts and glossary phrases) once, by number. Numbers depend on the
// order pages are added in, so nothing written is ordered by them.
type dictionary struct {
	mu    sync.Mutex
	ids   map[string]int32
	words []string
}

// id returns the number of word w, adding it if it is new.
func (d *dictionary) id(w string) int32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if k, ok := d.ids[w]; ok {
		return k
	}
	if d.ids == nil {
		d.ids = map[string]int32{}
	}
	k := int32(len(d.words))
	d.ids[w] = k
	d.words = append(d.words, w)
	return k
}

// snapshot returns the words numbered so far, by number.
func (d *dictionary) snapshot() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.words[:len(d.words):len(d.words)]
}

// wordState is what a pageWords remembers of a word across pages: its
// number in the dictionary (-1: a stop word), and its slot on the page
// being analysed when gen is that page's.
type wordState struct {
	word string
	id   int32
	slot int32
	gen  uint32
}

// maxKnown bounds the words a pageWords remembers (a site with a huge
// vocabulary should not keep all of it per core through the build).
const maxKnown = 1 << 16

// pageWords is analyse's scratch space, recycled from page to page of one
// language of one index (Index.scratch): the words it has met, so that a
// word costs one lookup on every page after its first, and the slots of
// the page being analysed.
type pageWords struct {
	dict  *dictionary
	stop  map[string]bool
	known map[string]int32 // word -> its index in state
	state []wordState
	gen   uint32 // the page being analysed

	slots  []int32  // page slot -> index in state
	acc    []uint32 // field bits in the low byte, body count above
	secs   []uint16 // first section found in
	heads  []uint16 // heading found in (0: none)
	packed []byte

	bufs      tokenBuffers
	sec       uint16
	mark      uint32
	markFn    func([]byte)
	bodyFn    func([]byte)
	headingFn func([]byte)
}

func newPageWords(dict *dictionary, stop map[string]bool) *pageWords {
	p := &pageWords{dict: dict, stop: stop, known: make(map[string]int32, 1024)}
	// The callbacks are made once per scratch space, not per field or
	// heading: eachTokenIn calls them for every word.
	p.markFn = func(t []byte) {
		if k := p.slot(t); k >= 0 {
			p.acc[k] |= p.mark
		}
	}
	p.bodyFn = func(t []byte) {
		if k := p.slot(t); k >= 0 {
			p.acc[k] += 1 << 8
			if p.secs[k] == noSection {
				p.secs[k] = p.sec
			}
		}
	}
	p.headingFn = func(t []byte) {
		if k := p.slot(t); k >= 0 && p.heads[k] == 0 {
			p.heads[k] = p.sec
		}
	}
	return p
}

// slot returns the slot of word t on the page, -1 for a stop word.
func (p *pageWords) slot(t []byte) int32 {
	i, ok := p.known[string(t)]
	if !ok {
		s := string(t)
		id := int32(-1)
		if len(t) > maxStopBytes || !p.stop[s] { // every stop word is short
			id = p.dict.id(s)
		}
		i = int32(len(p.state))
		p.known[s] = i
		p.state = append(p.state, wordState{word: s, id: id})
	}
	st := &p.state[i]
	if st.id < 0 {
		return -1
	}
	if st.gen != p.gen {
		st.gen, st.slot = p.gen, int32(len(p.slots))
		p.slots = append(p.slots, i)
		p.acc = append(p.acc, 0)
		p.secs = append(p.secs, noSection)
		p.heads = append(p.heads, 0)
	}
	return st.slot
}

// next readies p for another page.
func (p *pageWords) next() {
	p.slots, p.acc, p.secs, p.heads = p.slots[:0], p.acc[:0], p.secs[:0], p.heads[:0]
	p.packed = p.packed[:0]
	p.sec = 0
	p.gen++
	if len(p.known) > maxKnown || p.gen == 0 {
		clear(p.known)
		p.state = p.state[:0]
		p.gen = 1
	}
}

// analyse returns the distinct non-stop-word words of d, hyphenated runs
// also written as one ("spinoff"), with their weights and the heading each
// is first found under, packed: the number of words, then for each, in
// the order the page first says them, its number in the index's
// dictionary, its field weight (a byte) and its heading, as varints. Bytes hold no
// pointers for the collector to follow while the index keeps every page
// until Write, and take a third of the room of the words as strings.
// Stems, compound parts and glossary groups are derived from the words
// when the index is written, once per word of the whole vocabulary rather
// than once per occurrence.
func (ix *Index) analyse(d *Document) []byte {
	lang := d.textLang()
	pool := ix.scratch(lang)
	p := pool.Get().(*pageWords)
	defer pool.Put(p)
	p.next()
	keep := KeptLetters(lang)
	field := func(s string, bit uint32) {
		p.mark = bit
		eachTokenIn(&p.bufs, keep, s, p.markFn, p.markFn)
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
	// The text is read a section at a time: the words before the first
	// heading are section 0, those from heading i on section i (1-based).
	// A word of a heading belongs to that heading ("Who signs"), wherever
	// else the page says it first.
	start := 0
	for i, h := range d.Headings {
		end := min(max(h.Offset, start), len(text))
		eachTokenIn(&p.bufs, keep, text[start:end], p.bodyFn, p.bodyFn)
		start, p.sec = end, uint16(min(i+1, noSection-1))
		eachTokenIn(&p.bufs, keep, h.Text, p.headingFn, p.headingFn)
	}
	eachTokenIn(&p.bufs, keep, text[start:], p.bodyFn, p.bodyFn)

	// In the order the page first says them: Write puts them in byte
	// order (sortTerms), comparing numbers, not strings.
	p.packed = binary.AppendUvarint(p.packed, uint64(len(p.slots)))
	for k, i := range p.slots {
		w := uint8(p.acc[k] & 0xff)
		if p.acc[k]>>8 >= 3 {
			w |= wFrequent
		}
		s := p.secs[k]
		if p.heads[k] > 0 {
			s = p.heads[k]
		}
		if s == noSection || w&(wTitle|wSummary) != 0 {
			s = 0 // in the title or summary: the page itself is where it is
		}
		p.packed = binary.AppendUvarint(p.packed, uint64(p.state[i].id))
		p.packed = append(p.packed, w)
		p.packed = binary.AppendUvarint(p.packed, uint64(s))
	}
	return slices.Clone(p.packed)
}

// scratch returns the pool of analyse's scratch spaces for pages written
// in lang.
func (ix *Index) scratch(lang string) *sync.Pool {
	ix.poolsMu.Lock()
	defer ix.poolsMu.Unlock()
	pool := ix.pools[lang]
	if pool == nil {
		stop := stopSet(lang)
		pool = &sync.Pool{New: func() any { return newPageWords(&ix.dict, stop) }}
		if ix.pools == nil {
			ix.pools = map[string]*sync.Pool{}
		}
		ix.pools[lang] = pool
	}
	return pool
}

// unpackTerms decodes packed terms (analyse), appending them to out.
func unpackTerms(b []byte, out []termWeight) []termWeight {
	n, i := binary.Uvarint(b)
	out = slices.Grow(out, int(n))
	for range n {
		id, k := binary.Uvarint(b[i:])
		i += k
		w := b[i]
		i++
		sec, k := binary.Uvarint(b[i:])
		i += k
		out = append(out, termWeight{int32(id), w, uint16(sec)})
	}
	return out
}

// byteOrder ranks the words of the dictionary (words, by number) in
// byte order: rank[id] < rank[id2] when words[id] < words[id2].
func byteOrder(words []string) []int32 {
	ids := make([]int32, len(words))
	for i := range ids {
		ids[i] = int32(i)
	}
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(words[a], words[b]) })
	rank := make([]int32, len(words))
	for r, id := range ids {
		rank[id] = int32(r)
	}
	return rank
}

// sortTerms puts a page's words in byte order (rank is byteOrder's), the
// order the glossary's phrases are merged in (vocab.groupHits), so that
// what is written does not depend on how the words were numbered.
func sortTerms(terms []termWeight, rank []int32) {
	slices.SortFunc(terms, func(a, b termWeight) int { return int(rank[a.word]) - int(rank[b.word]) })
}

// termsCompare compares packed terms by their words (rank is byteOrder's
// of the dictionary), for ordering documents independently of the
// numbering.
func termsCompare(a, b []byte, rank []int32) int {
	ta, tb := unpackTerms(a, nil), unpackTerms(b, nil)
	sortTerms(ta, rank)
	sortTerms(tb, rank)
	for i := 0; i < len(ta) && i < len(tb); i++ {
		if ra, rb := rank[ta[i].word], rank[tb[i].word]; ra != rb {
			return int(ra) - int(rb)
		}
		if ta[i].w != tb[i].w {
			return int(ta[i].w) - int(tb[i].w)
		}
		if ta[i].sec != tb[i].sec {
			return int(ta[i].sec) - int(tb[i].sec)
		}
	}
	return len(ta) - len(tb)
}
