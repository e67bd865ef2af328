package story

import (
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/attachment"
	"github.com/uio-partner/portal/internal/attachment/attachmenttest"
	"github.com/uio-partner/portal/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// now is the tests' clock: the day after the fixture issues were opened.
var now = time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)

// photoID is the attachment the fixture bodies refer to.
const photoID = "5f0c3a8e-2b7d-4c1e-9a6f-8d4e2c1b0a97"

// testSite is a copy of the repository's site, with its story form.
func testSite(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	sitetest.CopyFromRepo(t, root, "site.yaml", "layouts", "static", "content", ".github/ISSUE_TEMPLATE")
	return root
}

// body reads a fixture body from testdata/bodies.
func body(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "bodies", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(data), "\n")
}

// event is an issues event for issue number with body, as GitHub sends it
// (less the fields nothing reads).
func event(t testing.TB, number int, body string) []byte {
	t.Helper()
	ev := map[string]any{
		"action": "opened",
		"issue": map[string]any{
			"number": number, "title": "Story", "body": body, "state": "open",
			"html_url":   "https://github.com/uio-partner/portal/issues/" + itoa(number),
			"created_at": "2026-03-02T09:14:27Z",
			"user":       map[string]any{"login": "kari-nordmann", "id": 1234567},
			"labels":     []map[string]string{{"name": Label}},
		},
	}
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// github stands in for GitHub's upload hosts, serving photo as the fixture
// bodies' attachment.
func github(t testing.TB, photo []byte) *attachment.Fetcher {
	gh := attachmenttest.NewGitHub(t, map[string][]byte{photoID: photo})
	return &attachment.Fetcher{Client: gh.Client()}
}

// convert converts ev in root, fetching photo.
func convert(t testing.TB, root string, ev []byte, photo []byte) (*Result, error) {
	t.Helper()
	return Convert(context.Background(), Request{Root: root, Event: ev, Fetcher: github(t, photo), Now: now})
}

// listing is every file under root with its size, to see that nothing was
// written.
func listing(t testing.TB, root string) string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(root, p)
		data, _ := os.ReadFile(p)
		out = append(out, filepath.ToSlash(rel)+" "+itoa(int(info.Size()))+" "+itoa(len(strings.Split(string(data), "\n"))))
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// golden compares got with testdata/golden/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (-want, +got):\n%s", name, diffLines(string(want), got))
	}
}

// diffLines shows the lines that differ, as "-want" and "+got".
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("-" + a + "\n+" + c + "\n")
		}
	}
	return b.String()
}
