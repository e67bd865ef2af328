package search

import "strings"

// Precision: what a query's words mean before anything is corrected, the
// same in Reader and search.js (understand; keep them in step).
//
//  1. The first look scores every word as typed (units, score).
//  2. A word with no exact match that finds fewer than two pages gets a
//     second look, split as a compound of the site's words (splits).
//  3. A word that still matches nothing is read as a word of the index
//     typed without its language's letters ("tonsberg" for "tønsberg":
//     alike in typo.go); failing that, if no other language of the site
//     knows it, it is unknown: only those are corrected (correction in
//     typo.go), and a correction is kept only when the corrected query has
//     a page with every word. Otherwise the unknown words are Missing.

// understand scores toks: for each token, each document's best score and
// the heading it came from. It sets res.Corrected, res.Guess and
// res.Missing.
func (r *Reader) understand(toks []queryToken, typos bool, res *Result) ([][]float64, [][]int, error) {
	units := r.units(toks)
	best, sec, err := r.score(units, len(toks))
	if err != nil {
		return nil, nil, err
	}
	weak, anyWeak := make([]bool, len(toks)), false
	for i, t := range toks {
		weak[i] = found(best[i]) < 2 && !r.hasWord(t.text)
		anyWeak = anyWeak || weak[i]
	}
	if !anyWeak {
		return best, sec, nil
	}
	if err := r.loadWords(); err != nil {
		return nil, nil, err
	}
	if more := r.splits(toks, weak); len(more) > 0 {
		units = append(units, more...)
		if best, sec, err = r.score(units, len(toks)); err != nil {
			return nil, nil, err
		}
	}
	fix := make([]string, len(toks))
	var typoUnits []unit
	guess := false
	for i, t := range toks {
		if found(best[i]) > 0 {
			continue
		}
		if !typos {
			continue
		}
		// A word typed without its language's letters is read as the
		// word that has them before anything else, even when another
		// language knows it as typed: the index's language is the page's.
		if w, g, ok := alike(t.text, r.words, r.stop()); ok {
			fix[i], guess = w, guess || g
			typoUnits = append(typoUnits, unit{covers: []int{i}, alts: []alt{{w, kWord, false, mulTypo}, {w, kWord, true, mulTypo * mulPrefix}}})
			continue
		}
		elsewhere, err := r.knownElsewhere(t.text)
		if err != nil {
			return nil, nil, err
		}
		if elsewhere {
			continue
		}
		if w, g, ok := correction(t.text, t.open, r.words, r.stop()); ok {
			fix[i], guess = w, guess || g
			typoUnits = append(typoUnits, unit{covers: []int{i}, alts: []alt{{w, kWord, false, mulTypo}}})
		}
	}
	if len(typoUnits) > 0 {
		b2, s2, err := r.score(append(units, typoUnits...), len(toks))
		if err != nil {
			return nil, nil, err
		}
		if anyHasAll(b2) {
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = t.text
				if fix[i] != "" {
					words[i] = fix[i]
				}
			}
			res.Corrected, res.Guess = strings.Join(words, " "), guess
			best, sec = b2, s2
		}
	}
	for i, t := range toks {
		if found(best[i]) == 0 {
			res.Missing = append(res.Missing, t.text)
		}
	}
	return best, sec, nil
}

// found counts the documents a token's scores match.
func found(scores []float64) int {
	c := 0
	for _, s := range scores {
		if s > 0 {
			c++
		}
	}
	return c
}

// anyHasAll reports whether one document matches every token.
func anyHasAll(best [][]float64) bool {
	for id := range best[0] {
		all := true
		for i := range best {
			all = all && best[i][id] > 0
		}
		if all {
			return true
		}
	}
	return false
}

// stop returns the manifest's stop words as a set (cached).
func (r *Reader) stop() map[string]bool {
	if r.stopSet == nil {
		r.stopSet = map[string]bool{}
		for _, s := range r.m.Stop {
			r.stopSet[s] = true
		}
	}
	return r.stopSet
}

// stopBare returns the manifest's stop words without their diacritics, as
// parseQuery compares them (cached, as search.js keeps stopBare).
func (r *Reader) stopBare() map[string]bool {
	if r.stopBareSet == nil {
		r.stopBareSet = bareStopSet(r.m.Stop)
	}
	return r.stopBareSet
}

// bareStopSet returns stop folded in no language (Fold), as a set.
func bareStopSet(stop []string) map[string]bool {
	set := make(map[string]bool, len(stop))
	for _, s := range stop {
		set[Fold(s)] = true
	}
	return set
}
