// Package golden compares a test's output with a file under testdata/, and
// rewrites the file when the tests run with -update: one flag and one diff
// for every golden test of the project.
//
//	go test ./internal/generator -run Golden -update
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// Check compares got with the golden file at path; with -update it writes
// got there instead (making its folder).
func Check(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(want, got) {
		tb.Errorf("output differs from %s (-want +got; run with -update to accept it):\n%s", path, Diff(path, string(want), string(got)))
	}
}

// Diff shows, line by line, how got differs from want. XML (by the name
// path) is written on one line, so it is compared element by element.
func Diff(path, want, got string) string {
	split := func(s string) []string {
		if strings.HasSuffix(path, ".xml") {
			s = strings.ReplaceAll(s, "><", ">\n<")
		}
		return strings.Split(s, "\n")
	}
	return cmp.Diff(split(want), split(got))
}
