package search

// StopWords exposes the stop lists to the external tests' brute-force checks.
var StopWords = stopWords
