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

// pageWords is analyse's scratch space for one page, recycled between
// pages: a cleared map keeps its room, so after the first pages analysing
// one allocates little more than its new words.
type pageWords struct {
	// idx maps a word to its slot in terms, or to -1 for a stop word, so
	// that a word seen before on the page (stop words are the most
	// frequent) costs one lookup; idx[string(t)] does not allocate.
	idx       map[string]int32
	stop      map[string]bool
	terms     []string
	acc       []uint32 // field bits in the low byte, body count above
	secs      []uint16 // first section found in
	heads     []uint16 // heading found in (0: none)
	order     []int32
	packed    []byte
	sec       uint16
	mark      uint32
	markFn    func([]byte)
	bodyFn    func([]byte)
	headingFn func([]byte)
}

var pageWordsPool = sync.Pool{New: func() any {
	p := &pageWords{idx: make(map[string]int32, 256)}
	// The callbacks are made once per scratch space, not per field or
	// heading: eachTokenJoined calls them for every word.
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
}}

// slot returns the slot of word t on the page, -1 for a stop word.
func (p *pageWords) slot(t []byte) int32 {
	if k, ok := p.idx[string(t)]; ok {
		return k
	}
	s := string(t)
	if len(t) <= maxStopBytes && p.stop[s] { // every stop word is short
		p.idx[s] = -1
		return -1
	}
	k := int32(len(p.terms))
	p.idx[s] = k
	p.terms = append(p.terms, s)
	p.acc = append(p.acc, 0)
	p.secs = append(p.secs, noSection)
	p.heads = append(p.heads, 0)
	return k
}

// reset empties p for the next page.
func (p *pageWords) reset() {
	clear(p.idx)
	clear(p.terms) // let the words go
	p.terms, p.acc, p.secs, p.heads = p.terms[:0], p.acc[:0], p.secs[:0], p.heads[:0]
	p.order, p.packed = p.order[:0], p.packed[:0]
	p.sec = 0
}

// analyse returns the distinct non-stop-word words of d, hyphenated runs
// also written as one ("spinoff"), with their weights and the heading each
// is first found under, packed (packTerms). Stems, compound parts and
// glossary groups are derived from these when the index is written, once
// per word of the whole vocabulary rather than once per occurrence.
func analyse(d *Document) []byte {
	p := pageWordsPool.Get().(*pageWords)
	defer func() {
		if len(p.idx) <= 4096 { // a huge page's scratch would keep its room
			p.reset()
			pageWordsPool.Put(p)
		}
	}()
	p.stop = stopSet(d.textLang())
	keep := KeptLetters(d.textLang())
	field := func(s string, bit uint32) {
		p.mark = bit
		eachTokenJoined(keep, s, p.markFn, p.markFn)
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
		eachTokenJoined(keep, text[start:end], p.bodyFn, p.bodyFn)
		start, p.sec = end, uint16(min(i+1, noSection-1))
		eachTokenJoined(keep, h.Text, p.headingFn, p.headingFn)
	}
	eachTokenJoined(keep, text[start:], p.bodyFn, p.bodyFn)

	for k := range p.terms {
		p.order = append(p.order, int32(k))
	}
	slices.SortFunc(p.order, func(a, b int32) int { return strings.Compare(p.terms[a], p.terms[b]) })
	p.packed = binary.AppendUvarint(p.packed, uint64(len(p.order)))
	prev := ""
	for _, k := range p.order {
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
		t := p.terms[k]
		p.packed = appendFront(p.packed, prev, t, 0, 0)
		p.packed = append(p.packed, w)
		p.packed = binary.AppendUvarint(p.packed, uint64(s))
		prev = t
	}
	return slices.Clone(p.packed)
}

// Packed terms, what the index keeps of each page until it is written: the
// number of words, then each word in byte order, front-coded against the
// one before (appendFront), its field weight as a byte and its heading as
// a varint. A page's words as strings and slices held by the index until
// Write made the collector scan a fifth more live heap through the whole
// build; bytes hold no pointers to scan and take about a third of the room.

// wordTable numbers the words of the documents of one index while they
// are unpacked, so that what Write works out per word (its postings lists,
// stem, parts and glossary phrases) is looked up by number, not by string,
// for each of its pages.
type wordTable struct {
	ids   map[string]int32
	words []string
}

// id returns the number of word w, adding it if it is new.
func (t *wordTable) id(w []byte) int32 {
	if k, ok := t.ids[string(w)]; ok {
		return k
	}
	s := string(w)
	k := int32(len(t.words))
	t.ids[s] = k
	t.words = append(t.words, s)
	return k
}

// unpackTerms decodes packed terms, appending them to out, each word
// numbered in words.
func unpackTerms(b []byte, out []termWeight, words *wordTable) []termWeight {
	n, i := binary.Uvarint(b)
	out = slices.Grow(out, int(n))
	var word []byte
	for range n {
		shared, k := binary.Uvarint(b[i:])
		i += k
		suffix, k := binary.Uvarint(b[i:])
		i += k
		word = append(word[:shared], b[i:i+int(suffix)]...)
		i += int(suffix)
		w := b[i]
		i++
		sec, k := binary.Uvarint(b[i:])
		i += k
		out = append(out, termWeight{words.id(word), w, uint16(sec)})
	}
	return out
}
