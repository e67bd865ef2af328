package search

import (
	"strings"
	"testing"
)

// BenchmarkAnalyse measures tokenising one typical page, the part of
// indexing that runs inside the render goroutines.
func BenchmarkAnalyse(b *testing.B) {
	body := strings.Repeat("Biobank research student cohort physics mentoring spinoff student ocean. Infrastructure spectroscopy knowledge sensor facility technology prototype data knowledge sustainability pharmacy software. ", 30)
	d := Document{Lang: "en", Title: "Recruitment biobank sensor agreement", Summary: "Spinoff spinoff sensor agreement biotechnology diagnostics licence grant software industry immunology.", Text: body + " Østersjø forskning på høyt nivå."}
	b.SetBytes(int64(len(d.Text)))
	ix := NewIndex(Options{})
	for b.Loop() {
		ix.analyse(&d)
	}
}
