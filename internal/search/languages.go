package search

import (
	"bufio"
	"bytes"
	"embed"
	"slices"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/hungarian"
	"github.com/blevesearch/snowballstem/irish"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/tamil"
	"github.com/blevesearch/snowballstem/turkish"
)

// Languages. Everything search knows of a language hangs off its Snowball
// algorithm: the stemmer (Go: blevesearch/snowballstem, the Snowball
// compiler's Go output; browser: snowball/<algorithm>.js, the same
// compiler's JavaScript output), the stop words (stopwords/<algorithm>.txt,
// Snowball's own lists) and the compound rules (compoundRules). A site
// language is found here by its code (ISO 639-1, as site.yaml writes it),
// or by the code's first part ("en" for "en-GB"). A language with no
// algorithm is searched by exact words and prefixes only; portal check
// says so.

// algorithm is one Snowball stemmer.
type algorithm struct {
	name string // Snowball's name: the file names under snowball/ and stopwords/
	stem func(*snowballstem.Env) bool
}

// algorithms are the Snowball algorithms blevesearch/snowballstem has, by
// the language codes that use them. scripts/snowball-js.sh generates the
// JavaScript of the same list.
var algorithms = map[string]algorithm{
	"ar": {"arabic", arabic.Stem},
	"da": {"danish", danish.Stem},
	"de": {"german", german.Stem},
	"en": {"english", english.Stem},
	"es": {"spanish", spanish.Stem},
	"fi": {"finnish", finnish.Stem},
	"fr": {"french", french.Stem},
	"ga": {"irish", irish.Stem},
	"hu": {"hungarian", hungarian.Stem},
	"it": {"italian", italian.Stem},
	"nb": {"norwegian", norwegian.Stem},
	"nl": {"dutch", dutch.Stem},
	"nn": {"norwegian", norwegian.Stem},
	"no": {"norwegian", norwegian.Stem},
	"pt": {"portuguese", portuguese.Stem},
	"ro": {"romanian", romanian.Stem},
	"ru": {"russian", russian.Stem},
	"sv": {"swedish", swedish.Stem},
	"ta": {"tamil", tamil.Stem},
	"tr": {"turkish", turkish.Stem},
}

// algorithmOf returns the algorithm of language code lang.
func algorithmOf(lang string) (algorithm, bool) {
	if a, ok := algorithms[lang]; ok {
		return a, true
	}
	if i := strings.IndexByte(lang, '-'); i > 0 {
		a, ok := algorithms[lang[:i]]
		return a, ok
	}
	return algorithm{}, false
}

// HasStemmer reports whether search stems words of language lang; without
// a stemmer it matches exact words and prefixes only.
func HasStemmer(lang string) bool {
	_, ok := algorithmOf(lang)
	return ok
}

// StemmerLanguages are the language codes search has a stemmer for, sorted.
func StemmerLanguages() []string {
	out := make([]string, 0, len(algorithms))
	for l := range algorithms {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

//go:embed stopwords/*.txt
var stopFiles embed.FS

// stopChanges are portal's changes to Snowball's lists, by algorithm.
// Added are the question and modal words visitors type ("what can a lab
// do") that say nothing about what they look for: every meaningful word of
// a query must match, so such a word would leave no result. Kept are the
// particles that make compounds when written apart ("spin off", "start
// up", "start opp"): a query joins adjacent words ("spinoff"), which it
// cannot do once one of them is dropped.
var stopChanges = map[string]struct{ add, keep string }{
	"english":   {add: "also can may might must will", keep: "down off out over up"},
	"norwegian": {add: "andre dine gjerne mer mest mye", keep: "inn ned opp ut"},
}

// stopLists are the stop words of each algorithm, folded and sorted, and
// stopByAlgo the same as sets, for lookups without allocation;
// maxStopBytes is the length of the longest, so longer words skip the
// lookup.
var stopLists, stopByAlgo, maxStopBytes = func() (map[string][]string, map[string]map[string]bool, int) {
	lists, sets, longest := map[string][]string{}, map[string]map[string]bool{}, 0
	files, _ := stopFiles.ReadDir("stopwords")
	for _, f := range files {
		name := strings.TrimSuffix(f.Name(), ".txt")
		b, err := stopFiles.ReadFile("stopwords/" + f.Name())
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		set := map[string]bool{}
		for _, w := range snowballStopWords(keptOfAlgorithm(name), b) {
			set[w] = true
		}
		ch := stopChanges[name]
		for _, w := range strings.Fields(ch.add) {
			set[w] = true
		}
		for _, w := range strings.Fields(ch.keep) {
			delete(set, w)
		}
		list := make([]string, 0, len(set))
		for w := range set {
			list = append(list, w)
			longest = max(longest, len(w))
		}
		slices.Sort(list)
		lists[name], sets[name] = list, set
	}
	return lists, sets, longest
}()

// snowballStopWords reads a Snowball stop-word file: a word at the start
// of a line, "|" starts a comment. Words are folded as the language's
// index folds them (keep are its KeptLetters: "på" stays "på" in
// Norwegian); an entry that is not one word once folded ("don't": "don"
// and "t") is left out, since dropping its parts would drop other words.
func snowballStopWords(keep string, b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "|")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if toks := tokensKeeping(keep, f[0]); len(toks) == 1 {
			out = append(out, toks[0])
		}
	}
	return out
}

// stopWordsOf returns the stop words of lang, sorted; nil for a language
// Snowball has no list for.
func stopWordsOf(lang string) []string {
	a, _ := algorithmOf(lang)
	return stopLists[a.name]
}

// stopSet returns the stop words of lang as a set.
func stopSet(lang string) map[string]bool {
	a, _ := algorithmOf(lang)
	return stopByAlgo[a.name]
}

// Language is what search does in one language.
type Language struct {
	Algorithm string   // Snowball's name of its stemmer, "" for none
	StopWords []string // dropped from the index and from queries: folded, sorted
	Compounds bool     // compounds are split
	Links     string   // the letters that may link a compound's parts
}

// LanguageOf returns what search does in language code lang.
func LanguageOf(lang string) Language {
	a, _ := algorithmOf(lang)
	r, ok := compoundRulesOf(lang)
	return Language{Algorithm: a.name, StopWords: stopWordsOf(lang), Compounds: ok, Links: r.Links}
}
