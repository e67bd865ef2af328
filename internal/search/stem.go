package search

import (
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/norwegian"
)

// stemmers are the Snowball algorithms by language code. They are the Go
// output of the Snowball compiler (blevesearch/snowballstem); search.js runs
// the JavaScript output of the same compiler for the same algorithms
// (static/js/snowball.js), so a word stems alike in the build and in the
// browser. Both pass the Snowball project's reference vocabularies.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem,
	"nb": norwegian.Stem,
	"no": norwegian.Stem,
}

// Stem returns the Snowball stem of a folded word in lang, or the word
// itself for a language without a stemmer. Words are stemmed after folding
// (ø→o, æ→ae), as the index and the search box both see them.
func Stem(lang, word string) string {
	fn := stemmers[lang]
	if fn == nil || word == "" {
		return word
	}
	env := envPool.Get().(*snowballstem.Env)
	env.SetCurrent(word)
	fn(env)
	s := env.Current()
	envPool.Put(env)
	return s
}

var envPool = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}
