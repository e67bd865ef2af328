package generator

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/golden"
	"github.com/uio-partner/portal/internal/site"
)

// The site model lists every output before anything is rendered, and the
// build writes exactly those files: the address rules live in the model
// alone.
func TestOutputsAreWhatTheBuildWrites(t *testing.T) {
	root := fixtureSite(t)
	out := buildSite(t, root, Options{Now: goldenNow})
	var written []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = "/" + filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, "/search/en/") && !strings.HasPrefix(rel, "/search/nb/") {
			written = append(written, rel) // the index's files are the model's one output per language
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := content.Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*content.Page
	for _, p := range loaded.Pages {
		if p.Published(goldenNow, false, false, false) {
			pages = append(pages, p)
		}
	}
	static, err := listStatic(root)
	if err != nil {
		t.Fatal(err)
	}
	m, err := site.New(cfg, pages, static, nil)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, o := range m.Outputs() {
		if o.Kind != site.SearchIndexOutput {
			listed = append(listed, site.File(o.URL))
		}
	}
	sort.Strings(written)
	sort.Strings(listed)
	if strings.Join(written, "\n") != strings.Join(listed, "\n") {
		t.Errorf("the build wrote and the model lists different files %s", "(-listed +written):\n"+golden.Diff("", strings.Join(listed, "\n"), strings.Join(written, "\n")))
	}
	if len(listed) < 40 {
		t.Errorf("only %d outputs", len(listed))
	}
}
