package config

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/golden"
)

// goWords are signs of Go, or of yaml.v3's Go-facing errors, in a message.
var goWords = regexp.MustCompile(`config\.|\[\]|map\[|!!|unmarshal|not found in type|\b(u?int(8|16|32|64)|uint|float(32|64)|interface \{)`)

// TestSiteYAMLErrors parses each testdata/errors/*.yaml, a broken site.yaml,
// and compares the messages with the .want file beside it (rewritten by
// -update). Independently of the .want files, the lines marked "# error" in
// a case are exactly the lines that get a message, no message names a Go
// type, and each one has a line.
func TestSiteYAMLErrors(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "errors", "*.yaml"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, perr := Parse(data)
			list, ok := diag.AsList(perr)
			if !ok {
				t.Fatalf("Parse = %v, want diagnostics", perr)
			}
			got := perr.Error() + "\n"

			var marked, lines []int
			for i, l := range strings.Split(string(data), "\n") {
				if strings.Contains(l, "# error") {
					marked = append(marked, i+1)
				}
			}
			for _, d := range list {
				if d.Line < 1 {
					t.Errorf("no line: %s", d)
				}
				if goWords.MatchString(d.Msg) {
					t.Errorf("names Go types: %s", d)
				}
				if len(lines) == 0 || lines[len(lines)-1] != d.Line {
					lines = append(lines, d.Line)
				}
			}
			if !slices.Equal(lines, marked) {
				t.Errorf("messages on lines %v, want them on the lines marked \"# error\", %v:\n%s", lines, marked, got)
			}

			golden.Check(t, strings.TrimSuffix(file, ".yaml")+".want", []byte(got))
		})
	}
}
