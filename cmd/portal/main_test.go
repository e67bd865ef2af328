package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/sitetest"
)

// run runs the command line args and returns the exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Env: cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}}
	code = m.ExitCode(m.Run(context.Background(), args))
	return code, out.String(), errOut.String()
}

// writeFiles writes name, content pairs under a new folder.
func writeFiles(t *testing.T, files ...string) string {
	t.Helper()
	return sitetest.Write(t, "", files...)
}

var site = []string{
	"site.yaml", `title: T
baseURL: https://t.example.org/
languages: [{code: en, name: English, locale: en_GB}]
sections:
  - name: news
    required: [title, summary]
`,
	"layouts/_default/baseof.html", `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>`,
	"layouts/_default/single.html", `{{ define "main" }}{{ .Content }}{{ end }}`,
	"layouts/_default/list.html", `{{ define "main" }}{{ range .Pages }}{{ .Title }}{{ end }}{{ end }}`,
	"layouts/_default/terms.html", `{{ define "main" }}{{ end }}`,
	"layouts/_default/term.html", `{{ define "main" }}{{ end }}`,
	"content/news/ok.md", "---\ntitle: OK\nsummary: Fine.\n---\nHello.\n",
}

func TestBuild(t *testing.T) {
	dir := writeFiles(t, site...)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := run(t, "build", "--source", dir, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 1 pages, ") {
		t.Errorf("stdout = %q, want a summary", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "news", "ok", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestBuildBrokenSite(t *testing.T) {
	files := append(append([]string{}, site...),
		"content/news/a.md", "---\ntitle: A\n---\n",
		"content/news/b.md", "---\ntitle: B\nsummary: [x\n---\n",
		"content/news/c.fr.md", "---\ntitle: C\n---\n",
	)
	dir := writeFiles(t, files...)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := run(t, "build", "--source", dir, "-o", out)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	want := []string{
		`content/news/a.md:3:1: error: front matter: missing required field "summary"`,
		`content/news/b.md:3:1: error: front matter: invalid YAML: did not find expected ',' or ']'`,
		`content/news/c.fr.md: error: unknown language "fr" in the file name: site.yaml declares en`,
		"build failed: 3 error(s); " + out + " was not changed",
	}
	if got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(want, "\n"))
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build created the output folder")
	}
}

func TestBuildBadSiteYAML(t *testing.T) {
	dir := writeFiles(t, "site.yaml", "title: T\nbaseURL: nowhere\n")
	code, _, stderr := run(t, "build", "--source", dir, "-o", filepath.Join(t.TempDir(), "p"))
	if code != 1 || !strings.Contains(stderr, `site.yaml:2:1: error: baseURL "nowhere" must be an absolute URL`) || !strings.Contains(stderr, "build failed:") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// A command that fails on site.yaml prints its problems one per line, each
// starting with its position, like build does, not after "portal: ".
func TestContactServeBadSiteYAML(t *testing.T) {
	dir := writeFiles(t, "site.yaml", "title: T\nbaseURL: https://t.example.org/\npaginaet: 2\nlanguages: en\n")
	code, stdout, stderr := run(t, "contact", "serve", "--source", dir, "--db", filepath.Join(t.TempDir(), "c.db"))
	want := `site.yaml:1:1: error: sections: at least one section is needed
site.yaml:3:1: error: unknown setting "paginaet"; did you mean "paginate"?
site.yaml:4:12: error: languages: a list is expected here, not "en"; each item is a map of its settings (code, name, locale)
`
	if code != 1 || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", code, stdout, stderr, want)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage: portal <command> [flags]"},
		{[]string{"frobnicate"}, 2, `portal: unknown command "frobnicate"`},
		{[]string{"help"}, 0, "Usage: portal <command> [flags]"},
		{[]string{"build", "--no-such-flag"}, 2, "flag provided but not defined: -no-such-flag"},
		{[]string{"build", "extra"}, 2, `portal build: unexpected argument "extra"`},
		{[]string{"contact", "purge", "365d"}, 2, `portal contact purge: unexpected argument "365d"`},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, tt.args...)
		if code != tt.code {
			t.Errorf("portal %q: exit %d, want %d", tt.args, code, tt.code)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("portal %q: stderr\n%s\nwant it to contain %q", tt.args, stderr, tt.want)
		}
		if stdout != "" {
			t.Errorf("portal %q: stdout %q, want nothing", tt.args, stdout)
		}
	}
	if _, _, stderr := run(t); !strings.Contains(stderr, "  build    build the site") {
		t.Errorf("usage does not list the build command:\n%s", stderr)
	}
}

// portal build prints its warnings, in the format check uses, and still
// builds.
func TestBuildPrintsWarnings(t *testing.T) {
	dir := minimalSite(t, map[string]string{"content/partners/a.md": "---\ntitle: A\nsummary: S.\nsumary: typo\n---\n", "layouts/_default/list.html": `{{define "main"}}{{.Title}}{{end}}`})
	code, stdout, stderr := run(t, "build", "--source", dir, "-o", filepath.Join(t.TempDir(), "public"))
	if want := `content/partners/a.md:4:1: warning: front matter: unknown field "sumary"; did you mean "summary"?` + "\n"; code != 0 || stderr != want || !strings.HasPrefix(stdout, "built ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and %q", code, stdout, stderr, want)
	}
}
