package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/golden"
	"github.com/uio-partner/portal/internal/sitetest"
)

// goldenNow is the clock of the golden build: dates decide the same way
// whenever the test runs.
var goldenNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// goldenFiles maps representative outputs of the fixture site
// (testdata/site.txtar) to their golden file.
var goldenFiles = []struct{ out, golden string }{
	{"index.html", "home.en.html"},
	{"nb/index.html", "home.nb.html"},
	{"case-studies/sensors/index.html", "case-study.sensors.html"},
	{"nb/case-studies/sensors/index.html", "case-study.sensors.nb.html"},
	{"pathways/research/index.html", "pathway.research.html"},
	{"offerings/index.html", "list.offerings.html"},
	{"nb/offerings/talent/index.html", "fallback.offerings.talent.nb.html"},
	{"partners/acme-labs/index.html", "partner.acme-labs.html"},
	{"nb/sectors/technology/index.html", "term.sectors.technology.nb.html"},
	{"contact/research-collaboration/index.html", "contact.research-collaboration.html"},
	{"sitemap.xml", "sitemap.xml"},
	{"case-studies/feed.xml", "feed.case-studies.xml"},
}

// fixtureSite writes testdata/site.txtar with the repository's layouts and
// static files: the golden files follow the theme and the generator, never
// the example site's content, so a new case study changes none of them.
func fixtureSite(t testing.TB) string {
	t.Helper()
	archive, err := os.ReadFile(filepath.Join("testdata", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := sitetest.Write(t, string(archive))
	sitetest.CopyFromRepo(t, root, "layouts", "static")
	return root
}

// TestGolden builds the fixture site with the real theme, unminified so
// diffs read well, and compares representative outputs with
// testdata/golden. After an intended change to the layouts or the
// generator, run
//
//	go test ./internal/generator -run Golden -update
//
// and review the diff of testdata/golden before committing it.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: fixtureSite(t), Out: out, Now: goldenNow, NoMinify: true}); err != nil {
		t.Fatalf("building the fixture site: %v", err)
	}
	for _, g := range goldenFiles {
		t.Run(g.golden, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", "golden", g.golden), []byte(readOut(t, out, g.out)))
		})
	}
}

// The fixture site in the example's shape, minified as deployed, builds to
// the same bytes twice.
func TestBuildDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the fixture site twice")
	}
	root := sitetest.Fixture(t)
	a := readTree(t, buildSite(t, root, Options{Now: goldenNow}))
	b := readTree(t, buildSite(t, root, Options{Now: goldenNow}))
	if d := diffTrees(a, b); d != "" {
		t.Errorf("two builds of the fixture site differ:\n%s", d)
	}
}
