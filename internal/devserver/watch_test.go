package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/sitetest"
)

const testDebounce = 50 * time.Millisecond

// newWatchedSite returns a site folder with content/offerings/a.md and a
// watcher on it.
func newWatchedSite(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "site.yaml"), "title: x\n")
	mustWrite(t, filepath.Join(root, "content", "offerings", "a.md"), "---\ntitle: A\n---\n")
	if err := os.MkdirAll(filepath.Join(root, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := NewWatcher(root, WatchedDirs, WatchedFiles, testDebounce)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

func mustWrite(t *testing.T, name, body string) {
	t.Helper()
	sitetest.WriteFile(t, filepath.Dir(name), filepath.Base(name), body)
}

// nextBatch waits for one batch of changes.
func nextBatch(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Changes():
		return b
	case err := <-w.Errors():
		t.Fatalf("watch error: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported within 5s")
	}
	return nil
}

// noBatch asserts that nothing is reported for a while.
func noBatch(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Changes():
		t.Errorf("unexpected batch %q", b)
	case <-time.After(4 * testDebounce):
	}
}

func TestWatcherEvents(t *testing.T) {
	root, w := newWatchedSite(t)
	a := filepath.Join(root, "content", "offerings", "a.md")
	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"create", func() { mustWrite(t, filepath.Join(root, "content", "offerings", "b.md"), "b") }, []string{"content/offerings/b.md"}},
		{"write", func() { mustWrite(t, a, "changed") }, []string{"content/offerings/a.md"}},
		{"editor save: temporary file renamed over the original", func() {
			tmp := filepath.Join(root, "content", "offerings", ".a.md.swp")
			mustWrite(t, tmp, "saved")
			if err := os.Rename(tmp, a); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/offerings/a.md"}},
		{"rename", func() {
			if err := os.Rename(a, filepath.Join(root, "content", "offerings", "c.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/offerings/a.md", "content/offerings/c.md"}},
		{"delete", func() {
			if err := os.Remove(filepath.Join(root, "content", "offerings", "c.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/offerings/c.md"}},
		{"site.yaml replaced by rename", func() {
			tmp := filepath.Join(root, "site.yaml.tmp")
			mustWrite(t, tmp, "title: y\n")
			if err := os.Rename(tmp, filepath.Join(root, "site.yaml")); err != nil {
				t.Fatal(err)
			}
		}, []string{"site.yaml"}},
		{"layouts", func() { mustWrite(t, filepath.Join(root, "layouts", "_default", "single.html"), "x") }, []string{"layouts/_default", "layouts/_default/single.html"}},
	}
	for _, s := range steps {
		s.do()
		if got := nextBatch(t, w); !slices.Equal(got, s.want) {
			t.Errorf("%s: batch %q, want %q", s.name, got, s.want)
		}
	}
}

func TestWatcherNewFolder(t *testing.T) {
	root, w := newWatchedSite(t)
	dir := filepath.Join(root, "content", "partners")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "roche.md"), "x")
	got := nextBatch(t, w)
	if !slices.Contains(got, "content/partners/roche.md") {
		t.Errorf("batch %q, want content/partners/roche.md in it", got)
	}
	// The new folder is watched from now on.
	mustWrite(t, filepath.Join(dir, "novartis.md"), "x")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"content/partners/novartis.md"}) {
		t.Errorf("batch %q, want the file in the new folder", got)
	}
}

func TestWatcherIgnoresOtherFiles(t *testing.T) {
	root, w := newWatchedSite(t)
	mustWrite(t, filepath.Join(root, "README.md"), "x")
	mustWrite(t, filepath.Join(root, "public", "index.html"), "x")
	mustWrite(t, filepath.Join(root, "content", "offerings", "a.md~"), "backup")
	noBatch(t, w)
}

// TestWatcherBurst: a thousand files written at once (a git checkout) make a
// few batches, not a thousand rebuilds.
func TestWatcherBurst(t *testing.T) {
	root, w := newWatchedSite(t)
	for i := 0; i < 1000; i++ {
		mustWrite(t, filepath.Join(root, "content", "offerings", fmt.Sprintf("p%04d.md", i)), "x")
	}
	seen := map[string]bool{}
	batches := 0
	for len(seen) < 1000 {
		for _, p := range nextBatch(t, w) {
			seen[p] = true
		}
		batches++
	}
	noBatch(t, w)
	if batches > 3 {
		t.Errorf("%d batches for a burst of 1,000 files, want at most 3", batches)
	}
}

// TestWatcherFollowsLinkedFolder: content/ may be a symbolic link to a
// shared corpus; its files are reported under content/.
func TestWatcherFollowsLinkedFolder(t *testing.T) {
	corpus := t.TempDir()
	mustWrite(t, filepath.Join(corpus, "offerings", "a.md"), "a")
	root := t.TempDir()
	if err := os.Symlink(corpus, filepath.Join(root, "content")); err != nil {
		t.Skip(err)
	}
	w, err := NewWatcher(root, WatchedDirs, WatchedFiles, testDebounce)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	mustWrite(t, filepath.Join(corpus, "offerings", "a.md"), "changed")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"content/offerings/a.md"}) {
		t.Errorf("batch %q, want content/offerings/a.md", got)
	}
}
