package search

import "unicode/utf8"

// Compounds. The Germanic languages write compounds closed
// ("forskningssamarbeid", "forskningssamarbete", "Forschungsvertrag"),
// often with a linking letter between the parts (-s-, -e-, -n-), and
// English has closed forms of open or hyphenated ones ("postdoc",
// "healthcare"). A compound is split into a head and a tail when the parts
// are in the index's own vocabulary, so "samarbeid" finds
// "forskningssamarbeid" and "forskningsavtale" finds pages that speak of
// "forskning" and "avtale". No dictionary is shipped: what the site's own
// pages say decides. search.js runs the same splitter (splitter there),
// given these rules by the manifest (manifest.Split).

// compoundRules are a language's limits: the shortest head and tail, and
// the letters that may link the parts.
type compoundRules struct {
	MinHead int    `json:"h"`
	MinTail int    `json:"t"`
	Links   string `json:"links,omitempty"`
	// Learn accepts a head that is not a word of its own when it heads
	// at least two compounds of the vocabulary ("oppstarts" in
	// oppstartsbedrifter and oppstartsselskaper).
	Learn bool `json:"learn,omitempty"`
}

// compoundAlgos are the rules by Snowball algorithm (languages.go): the
// compounding languages, and English for its closed forms.
var compoundAlgos = map[string]compoundRules{
	"danish":    {MinHead: 3, MinTail: 4, Links: "se", Learn: true},
	"dutch":     {MinHead: 3, MinTail: 4, Links: "se", Learn: true},
	"english":   {MinHead: 4, MinTail: 4},
	"german":    {MinHead: 3, MinTail: 4, Links: "sne", Learn: true},
	"norwegian": {MinHead: 3, MinTail: 4, Links: "se", Learn: true},
	"swedish":   {MinHead: 3, MinTail: 4, Links: "s", Learn: true},
}

// compoundRulesOf returns the rules of language lang, ok false for a
// language whose compounds are not split.
func compoundRulesOf(lang string) (compoundRules, bool) {
	a, _ := algorithmOf(lang)
	r, ok := compoundAlgos[a.name]
	return r, ok
}

// splitter splits words against one language's vocabulary.
type splitter struct {
	lang  string
	rules compoundRules
	known func(string) bool // a word or a stem of the vocabulary
	heads map[string]bool   // learnt heads
	// stemTails also accepts a tail whose stem is known ("avtale" when
	// only "avtaler" is on the site): for queries, where it costs one stem
	// per cut, not one per cut of every word of the vocabulary.
	stemTails bool
}

// newSplitter returns the splitter of lang over words (the vocabulary,
// used to learn heads) and known; nil for a language without compounds.
// Heads are learnt before stemTails may be set.
func newSplitter(lang string, words []string, known func(string) bool) *splitter {
	rules, ok := compoundRulesOf(lang)
	if !ok {
		return nil
	}
	sp := &splitter{lang: lang, rules: rules, known: known, heads: map[string]bool{}}
	if rules.Learn {
		// A head counts once it heads two tails that are different words,
		// not forms of one ("sam" in samarbeid and samarbeidet does not).
		tails := map[string]string{} // head -> the stem of its first tail
		for _, w := range words {
			sp.each(w, func(head, tail string) bool {
				if utf8.RuneCountInString(head) < minLearntHead {
					return false
				}
				st := Stem(lang, tail)
				if t, seen := tails[head]; !seen {
					tails[head] = st
				} else if t != st {
					sp.heads[head] = true
				}
				return false
			})
		}
	}
	return sp
}

// each calls fn with every way of cutting w into a head and a known tail,
// longest head first, the head as written (with any linking letter); it
// stops when fn returns true.
func (sp *splitter) each(w string, fn func(head, tail string) bool) {
	n := utf8.RuneCountInString(w)
	if n < sp.rules.MinHead+sp.rules.MinTail {
		return
	}
	runes := []rune(w)
	for i := n - sp.rules.MinTail; i >= sp.rules.MinHead; i-- {
		tail := string(runes[i:])
		if (sp.known(tail) || sp.stemTails && sp.known(Stem(sp.lang, tail))) && fn(string(runes[:i]), tail) {
			return
		}
	}
}

// headOf returns the head as a word of the vocabulary (without a linking
// letter where that makes it one), and whether it is acceptable: known,
// learnt, or, when prefixOK says so, the start of a longer word.
func (sp *splitter) headOf(head string, prefixOK func(string) bool) (string, bool) {
	cands := []string{head}
	if last, size := utf8.DecodeLastRuneInString(head); size > 0 && utf8.RuneCountInString(head) > sp.rules.MinHead {
		for _, l := range sp.rules.Links {
			if l == last {
				cands = append(cands, head[:len(head)-size])
			}
		}
	}
	for _, c := range cands {
		if sp.known(c) {
			return c, true
		}
	}
	if sp.heads[head] {
		return cands[len(cands)-1], true
	}
	if prefixOK != nil && utf8.RuneCountInString(head) >= minPrefixHead && prefixOK(cands[len(cands)-1]) {
		return cands[len(cands)-1], true
	}
	return "", false
}

// minLearntHead is the shortest head learnt from the vocabulary.
const minLearntHead = 5

// minPrefixHead is the shortest head a query may split off when it is only
// the start of a word of the site ("taushets" of "taushetserklæring").
const minPrefixHead = 5

// split returns the head and tail of w, or ok false. prefixOK, for queries,
// also accepts a head that only starts a longer word of the vocabulary.
func (sp *splitter) split(w string, prefixOK func(string) bool) (head, tail string, ok bool) {
	if sp == nil {
		return "", "", false
	}
	sp.each(w, func(h, t string) bool {
		if hw, good := sp.headOf(h, prefixOK); good {
			head, tail, ok = hw, t, true
		}
		return ok
	})
	return head, tail, ok
}
