package search

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// How a query is answered, the same in Reader and in search.js (step for
// step, so both rank alike; keep them in step):
//
//  1. The query is folded into words (parseQuery).
//  2. Each word becomes a unit with alternatives: the word itself, as a
//     prefix, its stems in every language of the index, and the pages
//     holding compounds it is part of. Two neighbouring words also make a
//     unit of their own written as one ("spin off" is "spinoff"), and a
//     glossary phrase a unit that finds its group.
//  3. A page's score for a word is the best over the units covering it of
//     fieldScore × idf × the alternative's multiplier.
//  4. A word with no exact match that finds fewer than two pages gets a
//     second look, from the vocabulary (v.bin): split as a compound; a word
//     that still matches nothing may be corrected (precision.go).
//  5. Only pages with every word are results, ranked by the sum of their
//     scores times the page's weight; when there are none, the pages with
//     every word that matches something are Partial.

// Multipliers of the alternatives: exact and prefix matches rank above
// stem-only ones, and a correction below what was typed.
const (
	mulExact      = 1.0
	mulPrefix     = 0.5
	mulStem       = 0.4
	mulPart       = 0.35
	mulStemPrefix = 0.3
	mulGroup      = 0.9
	mulTypo       = 0.6
	mulSplit      = 0.4
)

// minStemPrefix is the shortest stem matched as the start of words
// ("microscop" finds "microscopy").
const minStemPrefix = 5

// queryToken is one word of a query.
type queryToken struct {
	text   string
	prefix bool // matches words it starts, from two letters
	open   bool // the word being typed
	pos    int  // its place among all the query's words, stop words included
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
// ("immunology li"). search.js adds a space to a submitted query, so "ai" is
// found when the visitor presses Enter. Words of two or more letters match as
// prefixes. A single letter is dropped like a stop word: alone it would
// match pages that mean nothing to the visitor. q is folded with keep, the
// index language's KeptLetters; a word is a stop word when it is one
// without its diacritics too, so that "pa" typed for "på" is dropped as
// "på" is: stopBare is the stop list folded so (bareStopSet).
func parseQuery(q, keep string, stopBare map[string]bool) []queryToken {
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	var toks []string
	eachToken(keep, q, func(t []byte) { toks = append(toks, string(t)) })
	last, _ := utf8.DecodeLastRuneInString(q)
	open := q != "" && isWordRune(last)
	if open && len(toks) > 0 && utf8.RuneCountInString(toks[len(toks)-1]) < minOpenRunes {
		toks = toks[:len(toks)-1]
		open = false
	}
	var out []queryToken
	seen := map[string]bool{}
	for i, t := range toks {
		isOpen := open && i == len(toks)-1
		if seen[t] || stopBare[Fold(t)] && !isOpen || utf8.RuneCountInString(t) < 2 {
			continue
		}
		seen[t] = true
		out = append(out, queryToken{t, utf8.RuneCountInString(t) >= 2, isOpen, i})
		if len(out) == maxQueryTokens {
			break
		}
	}
	return out
}

// alt is one way a unit may match: entries of kind with the string term,
// or, for a prefix, every word starting with it.
type alt struct {
	term   string
	kind   uint8
	prefix bool
	mul    float64
}

// unit is a part of the query that pages match: a word, two words written
// as one, a glossary phrase, or a word split into parts (all must match).
type unit struct {
	covers []int // the query tokens it stands for
	alts   []alt
	parts  [][]alt
}

// wordAlts are the alternatives of a word: itself, as a prefix, its stem
// in each language as a stem, a word and a start of words, and as a part
// of compounds.
func wordAlts(t string, prefix bool, langs []string) []alt {
	out := []alt{{t, kWord, false, mulExact}}
	if prefix {
		out = append(out, alt{t, kWord, true, mulPrefix})
	}
	for _, l := range langs {
		s := Stem(l, t)
		out = append(out, alt{s, kStem, false, mulStem})
		if s != t {
			out = append(out, alt{s, kWord, false, mulStem})
			if utf8.RuneCountInString(s) >= minStemPrefix {
				out = append(out, alt{s, kWord, true, mulStemPrefix})
			}
		}
		out = append(out, alt{s, kPart, false, mulPart})
	}
	// the same lookup twice (two languages, one stem) counts once
	kept := out[:0]
	for _, a := range out {
		dup := false
		for _, k := range kept {
			dup = dup || k.term == a.term && k.kind == a.kind && k.prefix == a.prefix
		}
		if !dup {
			kept = append(kept, a)
		}
	}
	return kept
}

// cut shortens a word to MaxTokenRunes, as the index does.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= MaxTokenRunes {
		return s
	}
	return string([]rune(s)[:MaxTokenRunes])
}

// units returns the first look's units of toks.
func (r *Reader) units(toks []queryToken) []unit {
	langs := r.m.Langs
	var out []unit
	for i, t := range toks {
		out = append(out, unit{covers: []int{i}, alts: wordAlts(t.text, t.prefix, langs)})
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i+1].pos == toks[i].pos+1 {
			out = append(out, unit{covers: []int{i, i + 1}, alts: wordAlts(cut(toks[i].text+toks[i+1].text), toks[i+1].prefix, langs)})
		}
	}
	seen := map[string]bool{}
	for _, g := range r.m.Glossary {
		for _, ph := range g.Phrases {
			for i := 0; i+len(ph) <= len(toks); i++ {
				match := len(ph) > 0
				for j, s := range ph {
					match = match && Stem(g.Lang, toks[i+j].text) == s
				}
				key := g.ID + "\x00" + strconv.Itoa(i) + "\x00" + strconv.Itoa(len(ph))
				if match && !seen[key] {
					seen[key] = true
					cov := make([]int, len(ph))
					for j := range cov {
						cov[j] = i + j
					}
					out = append(out, unit{covers: cov, alts: []alt{{g.ID, kGroup, false, mulGroup}}})
				}
			}
		}
	}
	return out
}

// shardsFor returns the shard numbers that may hold the entries of a.
func (r *Reader) shardsFor(a alt) []int {
	keys := r.m.Shards
	out := []int{}
	if len(keys) == 0 {
		return out
	}
	lo := 0
	k := utf16Key(a.term)
	for i := range keys {
		if !keyLess(k, utf16Key(keys[i])) { // keys[i] <= term
			lo = i
		}
	}
	out = append(out, lo)
	for i := lo + 1; a.prefix && i < len(keys) && strings.HasPrefix(keys[i], a.term) && len(out) < maxPrefixShard; i++ {
		out = append(out, i)
	}
	return out
}

// fieldScore turns a posting's field bits into a score: a title hit outweighs
// any number of summary hits' worth of body hits.
func fieldScore(w uint8) float64 {
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

// matches scores one list of alternatives: per document, the best score
// and the heading of the posting that gave it.
func (r *Reader) matches(alts []alt) ([]float64, []int, error) {
	n := r.m.Docs
	best, sec := make([]float64, n), make([]int, n)
	for _, a := range alts {
		for _, sn := range r.shardsFor(a) {
			terms, err := r.shard(sn)
			if err != nil {
				return nil, nil, err
			}
			for _, tp := range terms {
				if tp.kind != a.kind || tp.term != a.term && !(a.prefix && strings.HasPrefix(tp.term, a.term)) {
					continue
				}
				idf := math.Log(1 + float64(n)/float64(len(tp.postings)))
				for _, p := range tp.postings {
					if s := fieldScore(p.w) * idf * a.mul; s > best[p.id] {
						best[p.id], sec[p.id] = s, p.sec
					}
				}
			}
		}
	}
	return best, sec, nil
}

// score runs units over the index: for each token, each document's best
// score and the heading it came from.
func (r *Reader) score(units []unit, ntok int) ([][]float64, [][]int, error) {
	n := r.m.Docs
	best, sec := make([][]float64, ntok), make([][]int, ntok)
	for i := range best {
		best[i], sec[i] = make([]float64, n), make([]int, n)
	}
	for _, u := range units {
		var s []float64
		var h []int
		var err error
		if u.parts == nil {
			if s, h, err = r.matches(u.alts); err != nil {
				return nil, nil, err
			}
		} else {
			s, h = make([]float64, n), make([]int, n)
			for pi, p := range u.parts {
				ps, ph, err := r.matches(p)
				if err != nil {
					return nil, nil, err
				}
				for id := range s {
					switch {
					case pi > 0 && s[id] == 0:
					case ps[id] == 0:
						s[id] = 0
					default:
						s[id] += ps[id]
						if h[id] == 0 {
							h[id] = ph[id]
						}
					}
				}
			}
			for id := range s {
				s[id] = s[id] * mulSplit / float64(len(u.parts))
			}
		}
		for _, i := range u.covers {
			for id, v := range s {
				if v > best[i][id] {
					best[i][id], sec[i][id] = v, h[id]
				}
			}
		}
	}
	return best, sec, nil
}

// hasWord reports whether the shards read hold word t itself.
func (r *Reader) hasWord(t string) bool {
	for _, sn := range r.shardsFor(alt{term: t}) {
		for _, tp := range r.shards[sn] {
			if tp.kind == kWord && tp.term == t {
				return true
			}
		}
	}
	return false
}

// splitterOf returns the compound splitter of lang over v.bin (cached).
func (r *Reader) splitterOf(lang string) *splitter {
	if r.splitters == nil {
		r.splitters = map[string]*splitter{}
	}
	if sp, ok := r.splitters[lang]; ok {
		return sp
	}
	words := make([]string, len(r.words))
	for i, w := range r.words {
		words[i] = w.text
	}
	sp := newSplitter(lang, words, func(x string) bool { return r.known[x] })
	if sp != nil {
		sp.stemTails = true
	}
	r.splitters[lang] = sp
	return sp
}

// startsWord reports whether h starts a longer word of v.bin.
func (r *Reader) startsWord(h string) bool { return startsWord(r.words, h) }

// startsWord reports whether h starts a longer word of words (in UTF-16
// order, as v.bin has them).
func startsWord(words []vocabWord, h string) bool {
	k := utf16Key(h)
	i := sort.Search(len(words), func(i int) bool { return !keyLess(utf16Key(words[i].text), k) })
	for ; i < len(words) && strings.HasPrefix(words[i].text, h); i++ {
		if words[i].text != h {
			return true
		}
	}
	return false
}

// splits returns the units of the second look at the weak tokens: each
// split as a compound of the site's words.
func (r *Reader) splits(toks []queryToken, weak []bool) []unit {
	var out []unit
	for i, t := range toks {
		if !weak[i] {
			continue
		}
		for _, l := range r.m.Langs {
			if head, tail, ok := r.splitterOf(l).split(t.text, r.startsWord); ok {
				head := []alt{{head, kWord, false, mulExact}, {head, kWord, true, mulPrefix}, {Stem(l, head), kStem, false, mulStem}}
				out = append(out, unit{covers: []int{i}, parts: [][]alt{head, wordAlts(tail, true, []string{l})}})
				break
			}
		}
	}
	return out
}

// Search runs query q with filters (facet name -> selected values; values of
// one facet are alternatives, facets combine with AND). An empty query with
// filters lists the filtered documents in doc order.
func (r *Reader) Search(q string, filters map[string][]string) (*Result, error) {
	return r.search(q, filters, true)
}

// SearchExact is Search without typo correction: what the page's "search
// instead for exactly what you typed" link runs.
func (r *Reader) SearchExact(q string, filters map[string][]string) (*Result, error) {
	return r.search(q, filters, false)
}

func (r *Reader) search(q string, filters map[string][]string, typos bool) (*Result, error) {
	if err := r.loadFacets(); err != nil {
		return nil, err
	}
	n := r.m.Docs
	toks := parseQuery(q, r.m.Keep, r.stopBare())
	res := &Result{}
	hits := make([]int, n)
	score := make([]float64, n)
	target := make([]int, n)
	need := max(len(toks), 1) // every meaningful word must match
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
	if len(toks) > 0 {
		best, sec, err := r.understand(toks, typos, res)
		if err != nil {
			return nil, err
		}
		for i, t := range toks {
			res.Tokens = append(res.Tokens, t.text)
			for id, s := range best[i] {
				if s > 0 {
					hits[id]++
					score[id] += s
				}
			}
		}
		for id := range n {
			if hits[id] > 0 {
				target[id] = heading(best, sec, id)
			}
		}
	}
	weight, lang := r.docFacets()
	for id := range n {
		score[id] *= weight[id]
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
		if hits[id] == need && passAll(id, -1) {
			res.IDs = append(res.IDs, id)
		}
	}
	// No page has every word: the pages with all the words that match
	// something, when some do, under a heading naming what they lack.
	if len(res.IDs) == 0 && len(res.Missing) > 0 && len(res.Missing) < len(toks) {
		for id := range n {
			if hits[id] == len(toks)-len(res.Missing) && passAll(id, -1) {
				res.Partial = append(res.Partial, id)
			}
		}
	}
	// Pages in the index's own language first; then the higher score, then
	// doc order.
	rank := func(ids []int) {
		sort.SliceStable(ids, func(i, j int) bool {
			a, b := ids[i], ids[j]
			if (lang[a] == "") != (lang[b] == "") {
				return lang[a] == ""
			}
			return score[a] > score[b]
		})
	}
	rank(res.IDs)
	rank(res.Partial)
	for _, id := range res.IDs {
		res.Headings = append(res.Headings, target[id])
		res.Langs = append(res.Langs, lang[id])
	}
	// Each group counts against the other groups' selections only, so picking
	// one value still shows what its alternatives would give.
	for fi, f := range r.m.Facets {
		fc := FacetCount{Name: f.Name, Values: f.Values, Counts: make([]int, len(f.Values))}
		for vi := range f.Values {
			for _, id := range r.facets[fi][vi] {
				if hits[id] == need && passAll(id, fi) {
					fc.Counts[vi]++
				}
			}
		}
		res.Facets = append(res.Facets, fc)
	}
	return res, nil
}

// heading is where on page id the query's words are: the heading most of
// the matched words are first found under (the first such heading on a
// tie), 0 when none is under a heading.
func heading(best [][]float64, sec [][]int, id int) int {
	count := map[int]int{}
	top, most := 0, 0
	for i := range best {
		if best[i][id] > 0 && sec[i][id] > 0 {
			h := sec[i][id]
			count[h]++
			if count[h] > most || count[h] == most && h < top {
				top, most = h, count[h]
			}
		}
	}
	return top
}

// docFacets returns each document's weight and, for a page in another
// language than the index's, that language (from the hidden facets).
func (r *Reader) docFacets() ([]float64, []string) {
	n := r.m.Docs
	weight, lang := make([]float64, n), make([]string, n)
	for id := range weight {
		weight[id] = 1
	}
	for fi, f := range r.m.Facets {
		if !f.Hidden {
			continue
		}
		for vi, v := range f.Values {
			for _, id := range r.facets[fi][vi] {
				switch f.Name {
				case "weight":
					if w, err := strconv.ParseFloat(v, 64); err == nil && w >= 0 {
						weight[id] = w
					}
				case "lang":
					lang[id] = v
				}
			}
		}
	}
	return weight, lang
}
