// Package sitetest writes sites for tests: a txtar archive of site.yaml,
// content/, layouts/ and static/ files, optionally on top of the
// repository's own theme, into a temporary folder.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Files returns the files of a txtar archive, by slash path.
func Files(archive []byte) map[string]string {
	a := txtar.Parse(archive)
	files := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// Write writes the archive's files under a new temporary folder and returns
// it. overrides are path, content pairs applied on top; an empty content
// removes the file.
func Write(tb testing.TB, archive string, overrides ...string) string {
	tb.Helper()
	files := Files([]byte(archive))
	for i := 0; i+1 < len(overrides); i += 2 {
		if overrides[i+1] == "" {
			delete(files, overrides[i])
		} else {
			files[overrides[i]] = overrides[i+1]
		}
	}
	root := tb.TempDir()
	for name, data := range files {
		WriteFile(tb, root, name, data)
	}
	return root
}

// Extract writes the archive's files under root, an existing folder.
func Extract(tb testing.TB, root, archive string) {
	tb.Helper()
	for name, data := range Files([]byte(archive)) {
		WriteFile(tb, root, name, data)
	}
}

// WriteFile writes one file of a site, making its folders.
func WriteFile(tb testing.TB, root, name, data string) {
	tb.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// RepoRoot is the repository's root folder: the site this repository is.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// CopyFromRepo copies the repository's folders or files (such as
// "layouts", "static") into root, so a fixture's content is built with the
// real theme.
func CopyFromRepo(tb testing.TB, root string, names ...string) {
	tb.Helper()
	repo := RepoRoot()
	for _, name := range names {
		Copy(tb, filepath.Join(repo, name), filepath.Join(root, filepath.FromSlash(name)))
	}
}

// Partner is the fixture site in the shape of the example site
// (testdata/sites/partner): its site.yaml and content/, frozen, so the
// tests never depend on the example's pages and texts.
const Partner = "partner"

// fixtureDir is the folder of the fixture site name under the
// repository's testdata/sites.
func fixtureDir(name string) string {
	return filepath.Join(RepoRoot(), "testdata", "sites", name)
}

// Fixture copies the fixture site Partner, with the repository's own
// layouts/ and static/ (the theme under test), into a new temporary folder
// the test may change.
func Fixture(tb testing.TB) string {
	tb.Helper()
	root := tb.TempDir()
	CopyFixture(tb, root, "site.yaml", "content")
	CopyFromRepo(tb, root, "layouts", "static")
	return root
}

// FixtureArchive writes the fixture site testdata/sites/<name>.txtar, with
// the repository's own layouts/ and static/, into a new temporary folder.
func FixtureArchive(tb testing.TB, name string) string {
	tb.Helper()
	archive, err := os.ReadFile(fixtureDir(name) + ".txtar")
	if err != nil {
		tb.Fatal(err)
	}
	root := Write(tb, string(archive))
	CopyFromRepo(tb, root, "layouts", "static")
	return root
}

// CopyFixture copies files or folders (such as "site.yaml", "content") of
// the fixture site Partner into root.
func CopyFixture(tb testing.TB, root string, names ...string) {
	tb.Helper()
	for _, name := range names {
		Copy(tb, filepath.Join(fixtureDir(Partner), name), filepath.Join(root, filepath.FromSlash(name)))
	}
}

// Copy copies the file or folder from to the path to, making folders.
func Copy(tb testing.TB, from, to string) {
	tb.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		WriteFile(tb, to, filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// SeedsDir is where the example site's facts come from; each of its pages
// names the seed it was written from in a front-matter comment.
const SeedsDir = "../shared/seeds/"

// ExamplePage reports whether the content file (a slash path under root)
// is one of the example site's own pages: a page outside the sections (the
// home, about, contact and search pages), or one whose front matter names
// its source in SeedsDir. Pages contributed later are not, however valid:
// a story may arrive in English first, which is what fallbacks are for.
func ExamplePage(root, file string) bool {
	rel := strings.TrimPrefix(file, "content/")
	if !strings.Contains(rel, "/") {
		return true
	}
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return false
	}
	head, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---")
	for _, line := range strings.Split(head, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && strings.Contains(line, SeedsDir) {
			return true
		}
	}
	return false
}

// CoreFields declares the contact form's core fields (site.yaml
// contact.fields), to go inside a contact block: the six fields every site
// must declare, with one label for all languages. A test about the form
// itself declares its own fields; config's tests cannot import this package
// (it would be a cycle) and keep their own.
const CoreFields = `  fields:
    - {name: topic, type: topic, required: true, label: Topic}
    - {name: name, type: text, required: true, label: Name}
    - {name: email, type: email, required: true, label: Email}
    - {name: organisation, type: text, label: Organisation}
    - {name: message, type: textarea, required: true, label: Message}
    - {name: consent, type: checkbox, required: true, label: I agree that my inquiry is stored.}
`
