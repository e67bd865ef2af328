package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// A deployment often makes public/ a link to the web server's folder. The
// build replaces the tree the link points to and leaves the link alone.
func TestSymlinkedOutputStaysALink(t *testing.T) {
	root := sitetest.Write(t, testSite)
	target := filepath.Join(t.TempDir(), "www")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	buildSite(t, root, Options{Out: link})
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link (%v, %v)", link, fi, err)
	}
	if _, err := os.Stat(filepath.Join(link, "stories", "alpha", "index.html")); err != nil {
		t.Errorf("the build is not behind the link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "stale.html")); !os.IsNotExist(err) {
		t.Errorf("the old tree behind the link was not replaced (stale.html: %v)", err)
	}
	// Nothing of the build is left beside the target: staging and old trees
	// are removed.
	entries, _ := os.ReadDir(filepath.Dir(target))
	if len(entries) != 1 {
		t.Errorf("beside the target: %v, want only www", entries)
	}
}
