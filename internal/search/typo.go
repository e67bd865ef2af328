package search

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/diag"
)

// Typos. Only a word the site does not know is corrected: one that
// matches nothing in the index, as a word, prefix, stem, compound part or
// glossary phrase, nor in the vocabulary of the site's other languages. It
// is compared with the words of the index's vocabulary (v.bin), with
// Meilisearch's default thresholds: a word of four letters or fewer is
// never corrected, one edit is allowed from five letters and two from
// nine, counting a swap of two neighbouring letters as one edit. A word is
// never corrected into a stop word. Of the closest words the more frequent
// wins; two equally close and equally frequent keep the word as typed. A
// word still being typed is compared with the starts of words. search.js
// has the same rules (corrections); keep them in step.

// maxEdits is how many edits a correction of a word of n letters may make.
func maxEdits(n int) int {
	switch {
	case n >= minTwoTypos:
		return 2
	case n >= minOneTypo:
		return 1
	}
	return 0
}

// minOneTypo and minTwoTypos are Meilisearch's defaults: the shortest word
// corrected with one edit, and with two.
const (
	minOneTypo  = 5
	minTwoTypos = 9
)

// vocabWord is one word of v.bin, with its skeleton and its bare form.
type vocabWord struct {
	text string
	df   int
	skel []rune
	bare string // Fold(text): the word without the letters its language keeps
}

// newVocabWord returns term, of document frequency df, as a vocabWord.
func newVocabWord(term string, df int) vocabWord {
	bare := term
	for i := 0; i < len(term); i++ {
		if term[i] >= utf8.RuneSelf {
			bare = Fold(term)
			break
		}
	}
	return vocabWord{term, df, skeleton(term), bare}
}

// alike returns the spelling with the index language's letters of t,
// typed without them ("tonsberg", "lan"): the start of the site's words
// that is t once its kept letters are folded ("tønsberg", "lån"), to be
// matched as a word and as a prefix. It is tried before typos and at every
// length, since the visitor's keyboard, not their spelling, made the
// difference; a word typed with such letters is never changed into one
// without them. Of several spellings the one whose words are on more pages
// wins, and a tie keeps the word as typed (pick); stop words are never
// the answer.
func alike(t string, words []vocabWord, stop map[string]bool) (word string, guess, ok bool) {
	if Fold(t) != t {
		return "", false, false
	}
	n := map[string]int{}
	for _, w := range words {
		if w.bare == w.text || stop[w.text] || !strings.HasPrefix(w.bare, t) {
			continue
		}
		if p := keptPrefix(w.text, len(t)); p != t && !stop[p] {
			n[p] += w.df
		}
	}
	cs := make([]candidate, 0, len(n))
	for p, df := range n {
		cs = append(cs, candidate{p, 0, df})
	}
	return pick(cs)
}

// keptPrefix returns the start of w whose Fold is size bytes long (or
// the first longer one, when a letter folds to two: "bæ" for "ba").
func keptPrefix(w string, size int) string {
	folded := 0
	for i, r := range w {
		if folded >= size {
			return w[:i]
		}
		if r < utf8.RuneSelf {
			folded++
		} else {
			folded += len(foldRune(r))
		}
	}
	return w
}

// candidate is a word a query word may be corrected into: d edits away,
// n the pages it is on.
type candidate struct {
	w    string
	d, n int
}

// pick returns the closest of cs, then the most frequent, and whether it
// was a guess (another as close, less frequent); ok is false when cs is
// empty or the two best are equally close and frequent.
func pick(cs []candidate) (word string, guess, ok bool) {
	if len(cs) == 0 {
		return "", false, false
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		if cs[i].n != cs[j].n {
			return cs[i].n > cs[j].n
		}
		return keyLess(utf16Key(cs[i].w), utf16Key(cs[j].w))
	})
	if len(cs) > 1 && cs[1].d == cs[0].d {
		if cs[1].n == cs[0].n {
			return "", false, false // a tie keeps the word as typed
		}
		return cs[0].w, true, true
	}
	return cs[0].w, false, true
}

// skeleton writes a word as Norwegian spells loanwords, so that a word is
// within an edit of its cognate in the other language: "mikroskop" and
// "microscopy" (mikroskopi), "teknologi" and "technology". c before e, i
// or y is s, other c and ch are k, ph f, th t, qu kv, x ks, z s, y i, w v,
// and doubled letters are single.
func skeleton(w string) []rune {
	rs := []rune(w)
	out := make([]rune, 0, len(rs))
	push := func(r ...rune) {
		for _, c := range r {
			if len(out) == 0 || out[len(out)-1] != c {
				out = append(out, c)
			}
		}
	}
	for i := 0; i < len(rs); i++ {
		c, next := rs[i], rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			push('f')
			i++
		case c == 't' && next == 'h':
			push('t')
			i++
		case c == 'c' && next == 'h':
			push('k')
			i++
		case c == 'q' && next == 'u':
			push('k', 'v')
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			push('s')
		case c == 'c':
			push('k')
		case c == 'x':
			push('k', 's')
		case c == 'z':
			push('s')
		case c == 'y':
			push('i')
		case c == 'w':
			push('v')
		default:
			push(c)
		}
	}
	return out
}

// correction returns the word of words that t is corrected into, and
// whether another word was just as close (the correction is then a guess,
// won on frequency): the closest words within maxEdits of t, as written or
// as skeletons (a cognate in the other language), the most frequent of
// them. ok is false when no word is close enough, or the two best are
// equally close and equally frequent. open is set for a word still being
// typed; stop words are never a correction.
func correction(t string, open bool, words []vocabWord, stop map[string]bool) (word string, guess, ok bool) {
	a := []rune(t)
	k := maxEdits(len(a))
	if k == 0 {
		return "", false, false
	}
	sa := skeleton(t)
	var cs []candidate
	for _, w := range words {
		if w.text == t || stop[w.text] {
			continue
		}
		d := k + 1
		if open || abs(utf8.RuneCountInString(w.text)-len(a)) <= k {
			d = diag.DistanceWithin(a, []rune(w.text), k, open)
		}
		if d > k && (open || abs(len(w.skel)-len(sa)) <= k) {
			d = diag.DistanceWithin(sa, w.skel, k, open)
		}
		if d <= k {
			cs = append(cs, candidate{w.text, d, w.df})
		}
	}
	return pick(cs)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
