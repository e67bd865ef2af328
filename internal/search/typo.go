package search

import (
	"sort"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/diag"
)

// Typos. A query word that finds nothing, or almost nothing, is compared
// with the words of the index's vocabulary (v.bin): those within one edit
// (two for words of eight letters or more), counting a swap of two
// neighbouring letters as one edit, are searched too, and the page says
// "Showing results for …". A word still being typed is compared with the
// starts of words. search.js has the same rules (typos); keep them in step.

// maxEdits is how many edits a correction of a word of n letters may make.
func maxEdits(n int) int {
	if n >= 8 {
		return 2
	}
	return 1
}

// minTypoRunes is the shortest word corrected: shorter ones are too close
// to too many words.
const minTypoRunes = 4

// maxCorrections is how many corrections of one word are searched.
const maxCorrections = 3

// vocabWord is one word of v.bin, with its skeleton.
type vocabWord struct {
	text string
	df   int
	skel []rune
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

// corrections returns up to maxCorrections words of words within
// maxEdits of t, as written or as skeletons (a cognate in the other
// language), closest first, then the most common, then in UTF-16 order;
// open is set for a word still being typed.
func corrections(t string, open bool, words []vocabWord) []string {
	a := []rune(t)
	if len(a) < minTypoRunes {
		return nil
	}
	k := maxEdits(len(a))
	sa := skeleton(t)
	type cand struct {
		w    string
		d, n int
	}
	var cs []cand
	for _, w := range words {
		if w.text == t {
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
			cs = append(cs, cand{w.text, d, w.df})
		}
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
	var out []string
	for _, c := range cs {
		if len(out) == maxCorrections || c.d > cs[0].d {
			break
		}
		out = append(out, c.w)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
