package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/scaffold"
	"github.com/uio-partner/portal/internal/sitetest"
)

// A contributor's valid case study, added to a copy of the repository the
// way CONTRIBUTING.md says (portal new, then filled in), passes what the Go
// tests ask of a site in the example's shape (the fixture site): the check finds no error, the site builds
// as published, and the example's own pages stay complete in both
// languages. One story comes in English only, one in both languages, naming
// its partner by the partner's Norwegian name.
func TestContributedCaseStudyPasses(t *testing.T) {
	site := sitetest.Fixture(t)
	now := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	write := func(file, body string) {
		if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(file)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := scaffold.New(scaffold.Request{Root: site, Section: "case-studies", Title: "Summer jobs that became careers", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(site, res.File))
	if err != nil {
		t.Fatal(err)
	}
	filled := strings.NewReplacer(
		`summary: ""`, `summary: "Two students from a summer job at Roche now work there."`,
		`partners: []`, `partners: [Roche]`,
		`sectors: []`, `sectors: [pharma]`,
		`faculties: []`, `faculties: [medicine]`,
		"title: \"\"\n    publisher: \"\"\n    date: \"\"", "title: UiO signs cooperation agreement with Roche\n    publisher: University of Oslo\n    date: 2021-02-22",
		"draft: true\n", "",
	).Replace(string(data))
	write(res.File, unwritten.ReplaceAllString(filled, "Two students spent a summer at Roche."))
	write("content/case-studies/sensors-together.md", "---\ntitle: Sensors together\nsummary: A shared interest.\ndate: 2027-01-15\npartners: [Norwegian Defence Research Establishment]\nsectors: [defence]\nsources:\n  - title: \"University of Oslo (UiO): Strategic Partnerships Program Focus Group Report\"\n    date: 2022-04\n---\nThe story.\n")
	write("content/case-studies/sensors-together.nb.md", "---\ntitle: Sensorer sammen\nsummary: En felles interesse.\ndate: 2027-01-15\npartners: [Forsvarets forskningsinstitutt]\nsectors: [defence]\nsources:\n  - title: \"University of Oslo (UiO): Strategic Partnerships Program Focus Group Report\"\n    date: 2022-04\n---\nHistorien.\n")

	for _, d := range Run(context.Background(), Options{Source: site}) {
		if d.Severity == diag.Error {
			t.Errorf("check: %s", d.String())
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	built, err := generator.Build(context.Background(), generator.Options{Source: site, Out: out, Now: now})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, f := range built.Fallbacks {
		if sitetest.ExamplePage(site, f.File) {
			t.Errorf("%s lost its %s translation", f.File, f.Lang)
		}
	}
	// The partner pages list the new stories, in both languages.
	for page, want := range map[string]string{
		"partners/roche/index.html":                                       "Summer jobs that became careers",
		"nb/partners/norwegian-defence-research-establishment/index.html": "Sensorer sammen",
	} {
		if data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page))); err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s does not list %q (%v)", page, want, err)
		}
	}
}

// A placeholder in site.yaml or the theme is listed too, as a warning.
func TestPlaceholdersInSiteYAMLAndTheme(t *testing.T) {
	dir := baseSite(t, "-- layouts/i18n/nb.yaml --\nfooter: PLACEHOLDER\n")
	siteYAML, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, dir, "site.yaml", strings.Replace(string(siteYAML), "title: Test site", "title: \"Test site, PLACEHOLDER\"", 1))
	got := texts(Run(context.Background(), Options{Source: dir}))
	want := []string{
		`layouts/i18n/nb.yaml:1:9: warning: placeholder: "PLACEHOLDER" is text still to be written`,
		`site.yaml:1:20: warning: placeholder: "PLACEHOLDER" is text still to be written`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
