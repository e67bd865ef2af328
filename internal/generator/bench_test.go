package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchSite returns a site folder over the synthetic corpus named by
// PORTAL_BENCH_CORPUS (a folder holding content/, as written by
// ../shared/bench/gencorpus), with the repository's site.yaml, layouts and
// static files. Benchmarks that need it skip without it.
func benchSite(b *testing.B) string {
	corpus := os.Getenv("PORTAL_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set PORTAL_BENCH_CORPUS to a gencorpus output folder")
	}
	root, _ := filepath.Abs("../..")
	site := b.TempDir()
	for _, name := range []string{"site.yaml", "layouts", "static"} {
		if err := os.Symlink(filepath.Join(root, name), filepath.Join(site, name)); err != nil {
			b.Fatal(err)
		}
	}
	abs, _ := filepath.Abs(filepath.Join(corpus, "content"))
	if err := os.Symlink(abs, filepath.Join(site, "content")); err != nil {
		b.Fatal(err)
	}
	return site
}

// BenchmarkFullBuild builds the whole corpus.
func BenchmarkFullBuild(b *testing.B) {
	site := benchSite(b)
	out := filepath.Join(b.TempDir(), "public")
	for i := 0; i < b.N; i++ {
		if _, err := Build(context.Background(), Options{Source: site, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIncremental measures Site.Update after one page's body is edited
// (what a save in the editor costs before the browser reloads), and after a
// new page is added. The corpus file is restored afterwards.
func BenchmarkIncremental(b *testing.B) {
	site := benchSite(b)
	out := filepath.Join(b.TempDir(), "public")
	s, _, err := Open(context.Background(), Options{Source: site, Out: out})
	if err != nil {
		b.Fatal(err)
	}
	file := "content/case-studies/case-study-00042.md"
	path := filepath.Join(site, file)
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644)
	defer s.WaitIndex() // before the output folder is removed
	b.Run("edit-body", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := os.WriteFile(path, append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit %d.\n", i)...), 0o644); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Update(context.Background(), []string{file}); err != nil {
				b.Fatal(err)
			}
			// The search index is written in the background after the
			// browser has reloaded; edits are seconds apart, not back to back.
			b.StopTimer()
			if err := s.WaitIndex(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
	b.Run("add-page", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rel := fmt.Sprintf("content/case-studies/zz-bench-new-%d.md", i)
			p := filepath.Join(site, rel)
			text := fmt.Sprintf("---\ntitle: New %d\nsummary: A new page.\ndate: 2026-01-01\npartners: [Roche]\nsources: [{title: A source, date: 2021}]\nsectors: [pharma]\n---\n\nBody.\n", i)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Update(context.Background(), []string{rel}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			os.Remove(p)
			if _, err := s.Update(context.Background(), []string{rel}); err != nil {
				b.Fatal(err)
			}
			if err := s.WaitIndex(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}
