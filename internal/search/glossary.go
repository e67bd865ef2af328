package search

import "strings"

// The glossary (site.yaml's search.glossary) holds, per language, groups of
// words and phrases that mean the same to a visitor: NDA, non-disclosure
// agreement and confidentiality agreement. Every page that says one of them
// is indexed under the group as well, and a query that says one of them
// finds the group, so a word visitors use that the pages do not still finds
// the pages. Phrases are compared by their Snowball stems, with stop words
// left out, so "confidentiality agreements" is the phrase too.

// glossaryGroup is one compiled group. Its id is the first phrase written
// as one word ("nda"), which keeps its index entry beside the words it
// stands for.
type glossaryGroup struct {
	Lang    string     `json:"lang"`
	ID      string     `json:"id"`
	Phrases [][]string `json:"p"` // stems; a hyphenated word also written as one
	// queryOnly marks the phrases that are a hyphenated word's parts
	// ("start up" for "start-up"): a query that types the parts apart finds
	// the group, but a page is not put under it for saying the parts
	// somewhere. The page's "start-up" is its joined word "startup" too,
	// and "start" and "up" anywhere on a page are not a start-up.
	queryOnly []bool
}

// phraseTokens returns the words of a phrase without stop words, and the
// same with each hyphenated word written as one, when that differs.
func phraseTokens(lang, phrase string) [][]string {
	stop := stopSet(lang)
	var split []string
	eachToken(KeptLetters(lang), phrase, func(t []byte) {
		if !stop[string(t)] {
			split = append(split, string(t))
		}
	})
	out := [][]string{split}
	if j := rejoin(lang, phrase); strings.Join(j, " ") != strings.Join(split, " ") {
		out = append(out, j)
	}
	return out
}

// rejoin returns the non-stop words of phrase with hyphenated runs written
// as one word.
func rejoin(lang, phrase string) []string {
	stop := stopSet(lang)
	var out []string
	for _, f := range strings.Fields(phrase) {
		var word strings.Builder
		eachToken(KeptLetters(lang), f, func(t []byte) { word.Write(t) })
		// a hyphenated word ("start-up") is one word
		if strings.ContainsFunc(strings.Trim(f, "-\u2010\u2011"), isHyphen) {
			if w := word.String(); w != "" && !stop[w] {
				out = append(out, w)
			}
			continue
		}
		eachToken(KeptLetters(lang), f, func(t []byte) {
			if !stop[string(t)] {
				out = append(out, string(t))
			}
		})
	}
	return out
}

// compileGlossary turns site.yaml's groups for lang into stems.
func compileGlossary(lang string, groups [][]string) []glossaryGroup {
	var out []glossaryGroup
	for _, g := range groups {
		gg := glossaryGroup{Lang: lang}
		seen := map[string]bool{}
		for _, phrase := range g {
			forms := phraseTokens(lang, phrase)
			for fi, toks := range forms {
				if len(toks) == 0 {
					continue
				}
				if gg.ID == "" {
					gg.ID = strings.Join(rejoin(lang, phrase), "")
				}
				stems := make([]string, len(toks))
				for i, t := range toks {
					stems[i] = Stem(lang, t)
				}
				if k := strings.Join(stems, " "); !seen[k] {
					seen[k] = true
					gg.Phrases = append(gg.Phrases, stems)
					// phraseTokens gives the split form first, then the
					// joined one when a hyphen makes them differ.
					gg.queryOnly = append(gg.queryOnly, fi == 0 && len(forms) > 1)
				}
			}
		}
		if gg.ID != "" && len(gg.Phrases) > 1 {
			out = append(out, gg)
		}
	}
	return out
}

// GlossaryUnused returns the indices of the groups (site.yaml's
// search.glossary for lang) none of whose words the site's text has:
// such a group finds nothing. hasWord reports whether a folded word, or a
// word with that stem, appears on the site.
func GlossaryUnused(lang string, groups [][]string, hasWord func(word string) bool) []int {
	var out []int
	for i, g := range groups {
		used := false
		for _, phrase := range g {
			for _, toks := range phraseTokens(lang, phrase) {
				for _, t := range toks {
					used = used || hasWord(t) || hasWord(Stem(lang, t))
				}
			}
		}
		if !used {
			out = append(out, i)
		}
	}
	return out
}
