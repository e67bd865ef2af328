package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/golden"
)

// testNow is the clock of every test build, so dates decide the same way on
// every run.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// buildSite builds the site at root into a new folder with the test clock,
// unminified unless opts say otherwise, and fails the test on error.
func buildSite(t testing.TB, root string, opts Options) string {
	t.Helper()
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "public")
	}
	opts.Source = root
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return opts.Out
}

// buildErr builds (unminified) and returns the diagnostics of a build that
// must fail.
func buildErr(t testing.TB, root string) diag.List {
	t.Helper()
	return buildErrOpts(t, root, Options{NoMinify: true})
}

// buildErrOpts is buildErr with options.
func buildErrOpts(t testing.TB, root string, opts Options) diag.List {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	opts.Source, opts.Out, opts.Now = root, out, testNow
	_, err := Build(context.Background(), opts)
	if err == nil {
		t.Fatal("Build succeeded; want an error")
	}
	list, ok := diag.AsList(err)
	if !ok {
		t.Fatalf("Build error %T %q is not positioned (want diag.List or *diag.Diagnostic)", err, err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("failed build created %s", out)
	}
	return list
}

// readOut returns a file of the output; it fails the test if it is missing.
func readOut(t testing.TB, out, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("output file %s: %v", rel, err)
	}
	return string(data)
}

func exists(out, rel string) bool {
	_, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
	return err == nil
}

// assertContains fails for each want missing from the output file rel.
func assertContains(t testing.TB, out, rel string, wants ...string) {
	t.Helper()
	got := readOut(t, out, rel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q; it is:\n%s", rel, w, got)
		}
	}
}

// assertNotContains fails for each unwanted string found in rel.
func assertNotContains(t testing.TB, out, rel string, unwanted ...string) {
	t.Helper()
	got := readOut(t, out, rel)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("%s contains %q; it is:\n%s", rel, w, got)
		}
	}
}

// readTree returns every file under dir by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffTrees describes how two trees differ, or returns "".
func diffTrees(a, b map[string][]byte) string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out strings.Builder
	for _, n := range names {
		x, okx := a[n]
		y, oky := b[n]
		switch {
		case !okx:
			out.WriteString("only in second: " + n + "\n")
		case !oky:
			out.WriteString("only in first: " + n + "\n")
		case !bytes.Equal(x, y):
			out.WriteString("differs: " + n + " (-first +second)\n" + golden.Diff(n, string(x), string(y)))
		}
	}
	return out.String()
}
