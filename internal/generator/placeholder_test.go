package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// The placeholder marker in any source of a published page stops the build,
// with every occurrence listed and the output folder untouched; a draft may
// hold it, and the preview publishes it.
func TestPlaceholderGate(t *testing.T) {
	siteYAML := sitetest.Files([]byte(testSite))["site.yaml"]
	root := sitetest.Write(t, testSite,
		// In the title, a list field and a link text, in both languages.
		"content/stories/gap.md", "---\ntitle: PLACEHOLDER title\nsummary: S.\ndate: 2026-03-01\npartners: [Acme, PLACEHOLDER]\n---\nSee [PLACEHOLDER: a link](/about/).\n",
		"content/stories/gap.nb.md", "---\ntitle: Hull\nsummary: S.\ndate: 2026-03-01\n---\nSvar innen PLACEHOLDER virkedager.\n",
		// A draft may hold it: it is not published.
		"content/stories/draft.md", "---\ntitle: PLACEHOLDER draft\nsummary: S.\ndate: 2026-03-01\ndraft: true\n---\nPLACEHOLDER.\n",
		// site.yaml and the theme are on every page.
		"site.yaml", strings.Replace(siteYAML, "Test Site", "PLACEHOLDER Site", 1),
		"layouts/i18n/nb.yaml", "fallbackNote: PLACEHOLDER\nnotFoundTitle: Fant ikke siden\n",
	)
	list := buildErr(t, root)
	assertDiagnostics(t, list, []string{
		`content/stories/gap.md:2:8: placeholder: "PLACEHOLDER title" is text still to be written: write it, or keep the page a draft`,
		`content/stories/gap.md:5:18: placeholder: "PLACEHOLDER" is text`,
		`content/stories/gap.md:7:6: placeholder: "PLACEHOLDER: a link](/about/)." is text`,
		`content/stories/gap.nb.md:6:12: placeholder: "PLACEHOLDER virkedager." is text`,
		`layouts/i18n/nb.yaml:1:15: placeholder: "PLACEHOLDER" is text still to be written: it is on every page`,
		`site.yaml:1:13: placeholder: "PLACEHOLDER Site" is text`,
	})

	// With --drafts the draft is published, so it is refused too.
	list = buildErrOpts(t, root, Options{NoMinify: true, Drafts: true})
	if n := strings.Count(list.Error(), "content/stories/draft.md:"); n != 2 {
		t.Errorf("with drafts: %d errors in the draft, want 2:\n%s", n, list.Error())
	}

	// The preview shows the pages as written.
	out := buildSite(t, root, Options{NoMinify: true, AllowPlaceholders: true, Drafts: true})
	assertContains(t, out, "stories/gap/index.html", "PLACEHOLDER title")
	assertContains(t, out, "stories/draft/index.html", "PLACEHOLDER draft")
}

// A failed build because of a placeholder leaves the last good site as it was.
func TestPlaceholderGateKeepsOutput(t *testing.T) {
	root := sitetest.Write(t, testSite)
	out := buildSite(t, root, Options{NoMinify: true})
	before := readTree(t, out)
	if err := os.WriteFile(filepath.Join(root, "content", "about.md"), []byte("---\ntitle: About us\n---\nRun by PLACEHOLDER.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(t.Context(), Options{Source: root, Out: out, Now: testNow, NoMinify: true}); err == nil || !strings.Contains(err.Error(), "content/about.md:4:8: placeholder") {
		t.Fatalf("Build: %v; want the placeholder in content/about.md", err)
	}
	if d := diffTrees(before, readTree(t, out)); d != "" {
		t.Errorf("the failed build changed the output:\n%s", d)
	}
}

// site.yaml may name another marker; the default one is then ordinary text.
func TestPlaceholderMarkerSetting(t *testing.T) {
	siteYAML := sitetest.Files([]byte(testSite))["site.yaml"]
	root := sitetest.Write(t, testSite,
		"site.yaml", "placeholder: TODO-TEXT\n"+siteYAML,
		"content/about.md", "---\ntitle: About us\n---\nThe word PLACEHOLDER is fine here; TODO-TEXT is not.\n",
	)
	assertDiagnostics(t, buildErr(t, root), []string{`content/about.md:4:36: placeholder: "TODO-TEXT is not." is text`})
}
