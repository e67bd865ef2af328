package search

import (
	"sync"

	"github.com/blevesearch/snowballstem"
)

// Stem returns the Snowball stem of a folded word in lang, or the word
// itself for a language without a stemmer (languages.go). Words are
// stemmed after folding (ø→o, ä→a), as the index and the search box both
// see them; the browser runs the same algorithm's JavaScript
// (StemmerScript), so a word stems alike in the build and in the browser.
func Stem(lang, word string) string {
	a, ok := algorithmOf(lang)
	if !ok || word == "" {
		return word
	}
	env := envPool.Get().(*snowballstem.Env)
	env.SetCurrent(word)
	a.stem(env)
	s := env.Current()
	envPool.Put(env)
	return s
}

var envPool = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}
