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
)

// testNow is the clock of every test build, so dates decide the same way on
// every run.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// parseTxtar splits an archive of "-- path --" sections into files. It is the
// txtar format of golang.org/x/tools, in the few lines the tests need.
func parseTxtar(archive string) map[string]string {
	files := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			files[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	flush()
	return files
}

// writeSite writes the archive's files under a new temporary folder, then
// applies the overrides: a file set to "" is removed. It returns the root.
func writeSite(t testing.TB, archive string, overrides ...string) string {
	t.Helper()
	files := parseTxtar(archive)
	for i := 0; i+1 < len(overrides); i += 2 {
		if overrides[i+1] == "" {
			delete(files, overrides[i])
		} else {
			files[overrides[i]] = overrides[i+1]
		}
	}
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

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
			out.WriteString("differs: " + n + "\n" + lineDiff(string(x), string(y)))
		}
	}
	return out.String()
}

// lineDiff is a small "(-want +got)" line diff: the longest common
// subsequence of lines, with changed lines marked and two lines of context.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(a)*len(b) > 25_000_000 {
		return "(files too large to diff line by line)\n"
	}
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		text string
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	var out strings.Builder
	out.WriteString("(-want +got)\n")
	const context = 2
	last := -1
	for k, o := range ops {
		near := false
		for d := -context; d <= context; d++ {
			if k+d >= 0 && k+d < len(ops) && ops[k+d].kind != ' ' {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		if last >= 0 && k > last+1 {
			out.WriteString("...\n")
		}
		last = k
		out.WriteByte(o.kind)
		out.WriteByte(' ')
		out.WriteString(o.text)
		out.WriteByte('\n')
	}
	return out.String()
}
