package check

import (
	"context"
	"os"
	"testing"
)

// BenchmarkCorpus checks the site at $PORTAL_BENCH_SITE, e.g. a copy of the
// repository's site.yaml, layouts and static with content linked to the
// 10,000-page synthetic corpus (see /work/shared/bench/gencorpus):
//
//	PORTAL_BENCH_SITE=/tmp/site10k go test -run - -bench Corpus -cpuprofile cpu.prof ./internal/check
func BenchmarkCorpus(b *testing.B) {
	site := os.Getenv("PORTAL_BENCH_SITE")
	if site == "" {
		b.Skip("PORTAL_BENCH_SITE is not set")
	}
	for i := 0; i < b.N; i++ {
		if list := Run(context.Background(), Options{Source: site}); list.HasErrors() {
			b.Fatalf("errors:\n%v", list[:min(len(list), 10)])
		}
	}
}
