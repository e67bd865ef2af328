package publish

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// The output folder is never missing, or half written, for a reader while
// builds replace it: each swap exchanges the old tree for the new in one
// step, and a reader sees one or the other.
func TestSwapUnderAConcurrentReader(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux exchanges two paths in one step; elsewhere the output is missing between two renames")
	}
	dest := filepath.Join(t.TempDir(), "public")
	build := func(n int) {
		o, err := Stage(dest, true)
		if err != nil {
			t.Fatal(err)
		}
		page := []byte("<!DOCTYPE html><html><head><title>build</title></head><body><p>build " + string(rune('0'+n%10)) + "</p></body></html>")
		for _, rel := range []string{"index.html", "a/index.html", "b/c/index.html"} {
			if err := o.Write("page", rel, "content/"+rel+".md", page); err != nil {
				t.Fatal(err)
			}
		}
		if err := o.Commit(nil); err != nil {
			t.Fatal(err)
		}
	}
	build(0)
	var stop atomic.Bool
	var missing, reads atomic.Int64
	var wg sync.WaitGroup
	for r := 0; r < 2; r++ {
		wg.Go(func() {
			for !stop.Load() {
				for _, rel := range []string{"index.html", "b/c/index.html"} {
					if _, err := os.ReadFile(filepath.Join(dest, rel)); err != nil {
						missing.Add(1)
					}
					reads.Add(1)
				}
			}
		})
	}
	for n := 1; n <= 100; n++ {
		build(n)
	}
	stop.Store(true)
	wg.Wait()
	if missing.Load() > 0 {
		t.Errorf("%d of %d reads found a file missing while the output was swapped", missing.Load(), reads.Load())
	}
	// Nothing is left beside the output: staged and old trees are gone.
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("beside the output: %v", entries)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "index.html")); len(got) == 0 || string(got[len(got)-20:]) == "" {
		t.Errorf("index.html = %q", got)
	}
}

// A build that fails leaves the output as it was and nothing beside it.
func TestAbortLeavesTheOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := Stage(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Write("page", "index.html", "content/_index.md", []byte("new")); err != nil {
		t.Fatal(err)
	}
	o.Abort()
	if got, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(got) != "old" {
		t.Errorf("index.html = %q after an aborted build", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("beside the output: %v", entries)
	}
}

// In memory, files reach the output only at Commit, each replaced whole;
// removed files go, with their folder when it is left empty.
func TestInMemoryCommit(t *testing.T) {
	dest := t.TempDir()
	for _, rel := range []string{"keep/index.html", "gone/index.html"} {
		if err := WriteFile(filepath.Join(dest, rel), []byte("old")); err != nil {
			t.Fatal(err)
		}
	}
	o := InMemory(dest, true)
	if err := o.Write("page:keep", "keep/index.html", "content/keep.md", []byte("<p>  new   text </p>")); err != nil {
		t.Fatal(err)
	}
	o.Remove("gone/index.html")
	if got, _ := os.ReadFile(filepath.Join(dest, "keep", "index.html")); string(got) != "old" {
		t.Fatalf("written before Commit: %q", got)
	}
	var lock sync.Mutex
	if err := o.Commit(&lock); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "keep", "index.html")); string(got) != "<p>new text</p>" {
		t.Errorf("keep/index.html = %q, want it minified", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "gone")); !os.IsNotExist(err) {
		t.Errorf("the removed file's folder is still there: %v", err)
	}
	if o.Files() != 1 || o.ByJob()["page:keep"][0] != "keep/index.html" {
		t.Errorf("files %d, by job %v", o.Files(), o.ByJob())
	}
}

// Two writers of one file are an error naming both, the source file first.
func TestTwoWritersOfOneFile(t *testing.T) {
	o := InMemory(t.TempDir(), false)
	if err := o.Write("section", "stories/index.html", "section /stories/", []byte("a")); err != nil {
		t.Fatal(err)
	}
	err := o.Write("page", "stories/index.html", "content/stories.md", []byte("b"))
	if err == nil || err.Error() != "content/stories.md: content/stories.md and section /stories/ both write stories/index.html" {
		t.Errorf("err = %v", err)
	}
}
