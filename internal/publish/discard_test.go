package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A discarding output still finds two writers of one file and counts what
// it is given, but nothing reaches the disk and it cannot be committed.
func TestDiscard(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	o := Discard()
	if err := o.Write("page", "a/index.html", "content/a.md", []byte("<p>a</p>")); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "logo.svg")
	if err := os.WriteFile(src, []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := o.Copy("static", "logo.svg", "static/logo.svg", src); err != nil {
		t.Fatal(err)
	}
	err := o.Write("page", "a/index.html", "content/b.md", []byte("<p>b</p>"))
	if err == nil || !strings.Contains(err.Error(), "both write a/index.html") {
		t.Errorf("a second writer of one file: %v", err)
	}
	if err := o.Copy("static", "gone.svg", "static/gone.svg", filepath.Join(dir, "gone.svg")); err == nil {
		t.Error("a missing source file was accepted")
	}
	if o.Files() != 1 {
		t.Errorf("Files() = %d, want 1", o.Files())
	}
	if err := o.Commit(nil); err == nil {
		t.Error("a discarding output was committed")
	}
	o.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only the source file", len(entries))
	}
}
