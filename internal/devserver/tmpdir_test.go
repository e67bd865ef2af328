package devserver

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// A preview writes to memory and records its process there; the folders of
// previews that were killed (no chance to remove theirs) are removed by the
// next one, those of running previews are not.
func TestPreviewDirRemovesAbandonedFolders(t *testing.T) {
	mem := t.TempDir()
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	folder := func(name string, pid int) string {
		dir := filepath.Join(mem, previewPrefix+name)
		if err := os.MkdirAll(filepath.Join(dir, "site"), 0o755); err != nil {
			t.Fatal(err)
		}
		if pid > 0 {
			if err := os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(pid)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	abandoned := folder("killed", ended.Process.Pid)
	running := folder("running", os.Getpid())
	starting := folder("starting", 0)

	dir, err := previewDir(mem)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != mem {
		t.Errorf("preview folder %s, want it in %s", dir, mem)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "pid")); err != nil || string(b) != strconv.Itoa(os.Getpid()) {
		t.Errorf("pid file: %q, %v", b, err)
	}
	if _, err := os.Stat(abandoned); !os.IsNotExist(err) {
		t.Errorf("the folder of a preview that ended is still there (%v)", err)
	}
	for _, d := range []string{running, starting} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
	// Without a memory folder the system's temporary folder is used.
	if dir, err := previewDir(""); err != nil || filepath.Dir(dir) != filepath.Clean(os.TempDir()) {
		t.Errorf("previewDir(\"\") = %s, %v; want a folder in %s", dir, err, os.TempDir())
	} else {
		os.RemoveAll(dir)
	}
}
