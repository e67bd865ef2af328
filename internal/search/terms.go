package search

import (
	"bytes"
	"encoding/binary"
	"sort"
)

// Entry kinds. Every entry of a shard is a string and a kind; a query
// looks words up as words (exactly, as prefixes, or corrected for a typo),
// their stems as stems and compound parts, and glossary phrases as groups.
const (
	kWord  = 0 // a word of the text, or a hyphenated word written as one
	kStem  = 1 // the Snowball stem of words of the page other than the stem itself
	kPart  = 2 // the stem of a part of a compound word of the page
	kGroup = 3 // a glossary group the page says a phrase of
	kBits  = 2
)

// vocab is what the index derives from the words of the documents written
// in one language: each word's stem and compound parts, and the glossary.
type vocab struct {
	lang   string
	df     map[string]int      // word -> documents
	stem   map[string]string   // word -> its stem, where that is another string
	parts  map[string][]string // word -> the stems of its parts
	groups []glossaryGroup

	// deriv holds each word's stem and part entries, worked out once for
	// the vocabulary rather than for each page that has the word.
	deriv map[string][]ekey
	// inPhrase maps a stem to the glossary phrase words it is: group,
	// phrase and place in the phrase.
	inPhrase map[string][][3]int
}

// newVocab derives the vocabulary of the documents docs written in lang,
// whose words are terms (by document), numbered in numbered.
func newVocab(lang string, docs []*entry, terms [][]termWeight, numbered []string, glossary [][]string) *vocab {
	v := &vocab{lang: lang, df: map[string]int{}, stem: map[string]string{}, parts: map[string][]string{}}
	df := make([]int, len(numbered))
	for i := range docs {
		if docs[i].doc.textLang() != lang {
			continue
		}
		for _, tw := range terms[i] {
			df[tw.word]++
		}
	}
	for k, n := range df {
		if n > 0 {
			v.df[numbered[k]] = n
		}
	}
	words := make([]string, 0, len(v.df))
	stems := map[string]bool{}
	for w := range v.df {
		words = append(words, w)
		s := Stem(lang, w)
		stems[s] = true
		if s != w {
			v.stem[w] = s
		}
	}
	sort.Strings(words)
	known := func(x string) bool { return v.df[x] > 0 || stems[x] }
	sp := newSplitter(lang, words, known)
	for _, w := range words {
		if head, tail, ok := sp.split(w, nil); ok {
			for _, p := range []string{Stem(lang, head), Stem(lang, tail)} {
				if p != v.stemOf(w) {
					v.parts[w] = append(v.parts[w], p)
				}
			}
		}
	}
	v.groups = compileGlossary(lang, glossary)
	v.deriv = make(map[string][]ekey, len(words))
	for _, w := range words {
		var ks []ekey
		if s := v.stemOf(w); s != w {
			ks = append(ks, ekey{s, kStem})
		}
		for _, p := range v.parts[w] {
			ks = append(ks, ekey{p, kPart})
		}
		if ks != nil {
			v.deriv[w] = ks
		}
	}
	v.inPhrase = map[string][][3]int{}
	for gi, g := range v.groups {
		for pi, ph := range g.Phrases {
			if g.queryOnly[pi] {
				continue
			}
			for ti, st := range ph {
				v.inPhrase[st] = append(v.inPhrase[st], [3]int{gi, pi, ti})
			}
		}
	}
	return v
}

// stemOf is the stem of a word of the vocabulary.
func (v *vocab) stemOf(w string) string {
	if s, ok := v.stem[w]; ok {
		return s
	}
	return w
}

// ekey is an entry of the index: a string and a kind.
type ekey struct {
	term string
	kind uint8
}

// hit is one document's posting of an entry before encoding.
type hit struct {
	w   uint8
	sec uint16
}

// merge combines two hits of one document on one entry: the fields of
// both, and the earlier heading (none if either is before every heading).
func (h hit) merge(o hit) hit { return hit{h.w | o.w, earlier(h.sec, o.sec)} }

// earlier is the heading of two that comes first, 0 if either is 0.
func earlier(a, b uint16) uint16 {
	if a == 0 || b == 0 {
		return 0
	}
	return min(a, b)
}

// groupHits adds to lists the glossary groups whose phrases document id
// says: every word of a phrase is on the page (by its stem). A phrase is in
// the title only if all its words are. of holds what postings worked out
// for each of the words.
func (v *vocab) groupHits(id int, terms []termWeight, of []wordLists, get func(ekey) *plist) {
	if len(v.inPhrase) == 0 {
		return
	}
	type seen struct {
		mask uint64
		h    hit
		any  bool
	}
	var found map[[2]int]*seen
	for _, tw := range terms {
		for _, at := range of[tw.word].phrase {
			if at[2] >= 64 {
				continue
			}
			if found == nil {
				found = map[[2]int]*seen{}
			}
			k := [2]int{at[0], at[1]}
			f := found[k]
			if f == nil {
				f = &seen{}
				found[k] = f
			}
			h := hit{tw.w, tw.sec}
			if f.mask&(1<<at[2]) != 0 {
				// another form of the same word: either form will do
				h = f.h.merge(h)
			} else if f.any {
				h = hit{f.h.w & h.w, earlier(f.h.sec, h.sec)}
			}
			f.mask |= 1 << at[2]
			f.h, f.any = h, true
		}
	}
	for k, f := range found {
		if n := len(v.groups[k[0]].Phrases[k[1]]); f.mask == 1<<n-1 {
			get(ekey{v.groups[k[0]].ID, kGroup}).add(id, f.h)
		}
	}
}

// shard is one encoded term shard and the first term in it.
type shard struct {
	first string
	data  []byte
}

// plist is the growing postings list of one entry. The posting of the
// document being added is kept open, so that two words of a page with one
// stem make one posting.
type plist struct {
	key     []uint32 // UTF-16 ordering key
	data    []byte
	last    int
	df      int
	open    bool
	openID  int
	openHit hit
}

// add adds doc id's hit; ids come in increasing order.
func (p *plist) add(id int, h hit) {
	if p.open && p.openID == id {
		p.openHit = p.openHit.merge(h)
		return
	}
	p.flush()
	p.open, p.openID, p.openHit = true, id, h
}

// flush encodes the open posting: varint(idDelta<<wBits | flags), then the
// heading as a varint when the wSection flag is set.
func (p *plist) flush() {
	if !p.open {
		return
	}
	p.open = false
	id, h := p.openID, p.openHit
	flags := uint64(h.w & wFields)
	if h.sec > 0 {
		flags |= wSection
	}
	p.data = binary.AppendUvarint(p.data, uint64(id-p.last)<<wBits|flags)
	if h.sec > 0 {
		p.data = binary.AppendUvarint(p.data, uint64(h.sec))
	}
	p.last = id
	p.df++
}

// wordLists is what postings works out once for each word of a
// vocabulary, rather than for each page with it: the lists its postings go
// to (the word's, its stem's, its parts') and the glossary phrase words it
// is.
type wordLists struct {
	lists  []*plist
	phrase [][3]int
	done   bool
}

// postings builds the inverted index of docs, whose words are terms (by
// document), numbered in words: every word, and what the vocabularies
// derive from it.
func postings(docs []*entry, terms [][]termWeight, words []string, vocabs map[string]*vocab) map[ekey]*plist {
	lists := map[ekey]*plist{}
	get := func(k ekey) *plist {
		p := lists[k]
		if p == nil {
			p = &plist{}
			lists[k] = p
		}
		return p
	}
	of := map[*vocab][]wordLists{}
	for id := range docs {
		v := vocabs[docs[id].doc.textLang()]
		ofv := of[v]
		if ofv == nil {
			ofv = make([]wordLists, len(words))
			of[v] = ofv
		}
		for _, tw := range terms[id] {
			wl := &ofv[tw.word]
			if !wl.done {
				t := words[tw.word]
				wl.lists = append(wl.lists, get(ekey{t, kWord}))
				if v != nil {
					for _, k := range v.deriv[t] {
						wl.lists = append(wl.lists, get(k))
					}
					wl.phrase = v.inPhrase[v.stemOf(t)]
				}
				wl.done = true
			}
			h := hit{tw.w, tw.sec}
			for _, p := range wl.lists {
				p.add(id, h)
			}
		}
		if v != nil {
			v.groupHits(id, terms[id], ofv, get)
		}
	}
	for _, p := range lists {
		p.flush()
	}
	return lists
}

// sortedEntries returns the entries in shard order: UTF-16 order of the
// string (the order of JavaScript's string comparison, which search.js uses
// to pick shards), then kind.
func sortedEntries(lists map[ekey]*plist) []ekey {
	keys := make([]ekey, 0, len(lists))
	for k, p := range lists {
		p.key = utf16Key(k.term)
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := lists[keys[i]].key, lists[keys[j]].key
		if keyLess(a, b) {
			return true
		}
		if keyLess(b, a) {
			return false
		}
		return keys[i].kind < keys[j].kind
	})
	return keys
}

// encodeShards cuts the entries into shards of about shardTarget bytes; a
// shard never ends between two entries of one string, so the shard a
// string belongs to holds all its kinds. An entry is: varint bytes shared
// with the previous string, varint(suffix length<<kBits | kind), suffix
// bytes, varint postings length in bytes, postings.
func encodeShards(lists map[ekey]*plist, keys []ekey) []shard {
	var shards []shard
	var cur bytes.Buffer
	var prev, first string
	var tmp []byte
	for _, k := range keys {
		if cur.Len() >= shardTarget && k.term != prev {
			shards = append(shards, shard{first, bytes.Clone(cur.Bytes())})
			cur.Reset()
			prev = ""
		}
		if cur.Len() == 0 {
			first = k.term
		}
		data := lists[k].data
		tmp = appendFront(tmp[:0], prev, k.term, uint64(k.kind), kBits)
		tmp = binary.AppendUvarint(tmp, uint64(len(data)))
		cur.Write(tmp)
		cur.Write(data)
		prev = k.term
	}
	if cur.Len() > 0 {
		shards = append(shards, shard{first, bytes.Clone(cur.Bytes())})
	}
	return shards
}

// appendFront appends t front-coded against prev: varint shared bytes,
// varint(suffix length<<bits | low), suffix.
func appendFront(b []byte, prev, t string, low uint64, bits uint) []byte {
	shared := commonPrefix(prev, t)
	b = binary.AppendUvarint(b, uint64(shared))
	b = binary.AppendUvarint(b, uint64(len(t)-shared)<<bits|low)
	return append(b, t[shared:]...)
}

// encodeWords is v.bin, the vocabulary that the second look at a query
// reads (typos and compounds): the words and stems of the index in shard
// order, each front-coded with a kind bit (1: a stem) and followed by the
// number of documents with it.
func encodeWords(lists map[ekey]*plist, keys []ekey) []byte {
	var out []byte
	prev := ""
	for _, k := range keys {
		if k.kind != kWord && k.kind != kStem {
			continue
		}
		out = appendFront(out, prev, k.term, uint64(k.kind), 1)
		out = binary.AppendUvarint(out, uint64(lists[k].df))
		prev = k.term
	}
	return out
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

// contentLangs lists the languages the documents are written in, lang first.
func contentLangs(lang string, docs []*entry) []string {
	seen := map[string]bool{lang: true}
	out := []string{lang}
	for i := range docs {
		if l := docs[i].doc.textLang(); !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Strings(out[1:])
	return out
}
