package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// Editors' files in any of the site's folders are left out the same way
// (sitefiles.Ignored): regressions where static/site.css~ was published,
// Vim's write test 4913 in content/ failed the build, and an Emacs lock
// file in layouts/ (a link to nowhere) made the build say there was no
// layouts folder.
func TestEditorFilesAreNotPartOfTheSite(t *testing.T) {
	root := sitetest.Write(t, testSite,
		"static/css/site.css~", "an old version",
		"static/css/#site.css#", "an autosave",
		"static/.well-known/security.txt", "Contact: mailto:security@example.org\n",
		"content/stories/4913", "",
		"content/stories/alpha.md~", "---\ntitle: [broken\n",
		"content/stories/alpha.md___jb_tmp___", "---\ntitle: [broken\n",
		"layouts/_default/single.html~", "{{ broken",
	)
	if err := os.WriteFile(filepath.Join(root, "content", "stories", "4913"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("user@host.12345:1700000000", filepath.Join(root, "layouts", "_default", ".#single.html")); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, root, Options{NoMinify: true})
	for _, gone := range []string{"css/site.css~", "css/#site.css#"} {
		if exists(out, gone) {
			t.Errorf("%s was published", gone)
		}
	}
	if !exists(out, ".well-known/security.txt") {
		t.Error(".well-known/security.txt was not published")
	}
}
