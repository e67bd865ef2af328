package search

// StopWords returns a language's stop list to the external tests' brute-force checks.
var StopWords = stopWordsOf
