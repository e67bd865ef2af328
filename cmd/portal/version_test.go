package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	code, out, errOut := run(t, "version")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "portal ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("portal version: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code2, out2, _ := run(t, "--version"); code2 != 0 || out2 != out {
		t.Errorf("portal --version: exit %d, stdout %q; want what portal version prints, %q", code2, out2, out)
	}
	if code, _, errOut := run(t, "version", "now"); code != 2 || !strings.Contains(errOut, `portal version: unexpected argument "now"`) {
		t.Errorf("portal version now: exit %d, stderr %q", code, errOut)
	}
}

// The release workflow stamps the version with -ldflags -X, which silently
// does nothing if the variable is renamed or moved: build the binary the
// way a release does, with scripts/release.sh for this machine's platform,
// and ask the one in the archive.
func TestVersionStampedAtLinkTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the release script is bash")
	}
	dist := t.TempDir()
	target := runtime.GOOS + "/" + runtime.GOARCH
	if out, err := exec.Command("bash", filepath.Join("..", "..", "scripts", "release.sh"), "v9.8.7-test", dist, target).CombinedOutput(); err != nil {
		t.Fatalf("scripts/release.sh: %v\n%s", err, out)
	}
	archive := filepath.Join(dist, "portal_v9.8.7-test_"+runtime.GOOS+"_"+runtime.GOARCH+".tar.gz")
	unpacked := t.TempDir()
	if out, err := exec.Command("tar", "-xzf", archive, "-C", unpacked).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(unpacked, "portal"), "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "portal v9.8.7-test\n") || !strings.Contains(string(out), "built with go") {
		t.Errorf("portal --version: %v\n%s", err, out)
	}
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil || !strings.Contains(string(sums), filepath.Base(archive)) {
		t.Errorf("SHA256SUMS: %v\n%s", err, sums)
	}
	if out, err := exec.Command("bash", filepath.Join("..", "..", "scripts", "release.sh"), "latest", dist).CombinedOutput(); err == nil || !strings.Contains(string(out), "not a version like v1.2.0") {
		t.Errorf("a tag that is not a version: %v\n%s", err, out)
	}
}
