package search_test

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/search/searchtest"
)

// benchDocs is the benchmark corpus: the gencorpus tree named by
// $PORTAL_CORPUS (e.g. /tmp/corpus10k) or 13,000 synthetic documents.
func benchDocs(b *testing.B) []search.Document {
	if dir := os.Getenv("PORTAL_CORPUS"); dir != "" {
		docs, err := searchtest.LoadCorpus(dir)
		if err != nil {
			b.Fatal(err)
		}
		return docs
	}
	return searchtest.Synthetic(13000)
}

// buildParallel adds docs from GOMAXPROCS goroutines, as the generator's
// render pool does, and writes the index; it returns the time spent in each.
func buildParallel(b *testing.B, docs []search.Document, dir string) (add, write time.Duration) {
	start := time.Now()
	ix := search.NewIndex(search.Options{Languages: searchtest.Languages, Taxonomies: searchtest.Taxonomies})
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(docs); i += n {
				ix.Add(docs[i])
			}
		})
	}
	wg.Wait()
	add = time.Since(start)
	if err := ix.Write(dir); err != nil {
		b.Fatal(err)
	}
	return add, time.Since(start) - add
}

// BenchmarkIndex measures building the index inside the build (Add from all
// cores, then Write) and reports what the query "immunology licence" costs a
// visitor: the bytes of the script, manifest, facet file, shards and the
// record chunks of the first 10 results.
func BenchmarkIndex(b *testing.B) {
	docs := benchDocs(b)
	dir := b.TempDir()
	var add, write time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		d := filepath.Join(dir, "run", string(rune('a'+i%26)))
		os.RemoveAll(d)
		a, w := buildParallel(b, docs, d)
		add, write = add+a, write+w
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	out := filepath.Join(dir, "run", "a")
	r, err := search.Open(out, "en")
	if err != nil {
		b.Fatal(err)
	}
	res, err := r.Search("immunology licence", nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range res.IDs[:min(10, len(res.IDs))] {
		if _, err := r.Record(id); err != nil {
			b.Fatal(err)
		}
	}
	var idx, shards, records int64
	for _, f := range r.Fetched() {
		st, err := os.Stat(filepath.Join(out, "search", "en", f))
		if err != nil {
			b.Fatal(err)
		}
		switch f[0] {
		case 't':
			shards += st.Size()
		case 'r':
			records += st.Size()
		default:
			idx += st.Size()
		}
	}
	script := int64(0)
	if st, err := os.Stat("../../static/js/search.js"); err == nil {
		script = st.Size()
	}
	var files, total int64
	filepath.Walk(filepath.Join(out, "search"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files++
			total += fi.Size()
		}
		return nil
	})
	// CPU time is reported beside wall time because a shared 2-core machine
	// can stretch wall time several-fold; CPU/cores is the idle-machine cost.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
	b.ReportMetric(float64(add.Milliseconds())/float64(b.N), "add-ms")
	b.ReportMetric(float64(write.Milliseconds())/float64(b.N), "write-ms")
	b.ReportMetric(float64(len(docs)), "docs")
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(total)/1024, "index-KB")
	b.ReportMetric(float64(len(res.IDs)), "hits")
	b.ReportMetric(float64(len(r.Fetched())), "query-files")
	b.ReportMetric(float64(idx)/1024, "manifest+facets-KB")
	b.ReportMetric(float64(shards)/1024, "shards-KB")
	b.ReportMetric(float64(records)/1024, "records-KB")
	b.ReportMetric(float64(script+idx+shards+records)/1024, "query-KB")
}
