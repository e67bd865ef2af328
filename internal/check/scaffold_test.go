package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images/imagetest"
	"github.com/uio-partner/portal/internal/scaffold"
	"github.com/uio-partner/portal/internal/sitetest"
)

// TestScaffoldedPagePassesOnceFilledIn: a page from `portal new` fails the
// check until its placeholders are filled in, and then passes with no
// finding at all.
func TestScaffoldedPagePassesOnceFilledIn(t *testing.T) {
	site := sitetest.Fixture(t)
	for _, sec := range []string{"case-studies", "offerings", "facilities", "pathways", "agreements", "partners"} {
		t.Run(sec, func(t *testing.T) {
			res, err := scaffold.New(scaffold.Request{Root: site, Section: sec, Title: "Økt samarbeid med Roche", Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(site, res.File)
			if sec != "partners" { // a partner needs only a title and a year
				if errs := findingsFor(Run(context.Background(), Options{Source: site}), res.File); !errs.HasErrors() {
					t.Errorf("the unfilled page passes the check")
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			filled := fillIn(string(data), true)
			if err := os.WriteFile(path, []byte(filled), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, d := range findingsFor(Run(context.Background(), Options{Source: site}), res.File) {
				t.Error(d.String())
			}
		})
	}
}

// emptySource is the empty source block `portal new` writes for a section
// whose pages name their sources; filledSource is the same source filled in.
const (
	emptySource  = "title: \"\"\n    publisher: \"\"\n    date: \"\""
	filledSource = "title: UiO signs cooperation agreement with Roche\n    publisher: University of Oslo\n    date: 2021-02-22"
)

// fillIn writes what a person writes into a page from `portal new`: every
// field and the text, and the source only when withSource.
func fillIn(page string, withSource bool) string {
	source := emptySource
	if withSource {
		source = filledSource
	}
	filled := strings.NewReplacer(
		`summary: ""`, `summary: "Two teams worked together for a year."`,
		`partners: []`, `partners: [Roche]`,
		`sectors: []`, `sectors: [pharma]`,
		`faculties: []`, `faculties: [medicine]`,
		`pathway: ""`, `pathway: research-collaboration`,
		emptySource, source,
		`contact: ""`, `contact: growthhouse@example.org`,
		`access: ""`, `access: by-agreement`,
		`steps: []`, `steps: [Get in touch, Sign]`,
		`signatories: []`, `signatories: [The head of department]`,
		"[the template (PDF)](/files/okt-samarbeid-med-roche.pdf)", "the template",
	).Replace(page)
	// The text still to be written, in the body.
	return unwritten.ReplaceAllString(filled, "Two teams worked together for a year.")
}

// TestNewAsksForTheSource: a case study from `portal new` has a sources
// block to fill in, and a page with everything written but its source
// fails the check at the source's title and date, naming what to write.
func TestNewAsksForTheSource(t *testing.T) {
	site := sitetest.Fixture(t)
	res, err := scaffold.New(scaffold.Request{Root: site, Section: "case-studies", Title: "Økt samarbeid med Roche", Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(site, res.File)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "sources:\n  - "+emptySource) {
		t.Fatalf("the new case study has no source to fill in:\n%s", data)
	}
	if err := os.WriteFile(path, []byte(fillIn(string(data), false)), 0o644); err != nil {
		t.Fatal(err)
	}
	// The source block's lines in the page as written.
	lines := strings.Split(string(data), "\n")
	titleLine := slices.Index(lines, `  - title: ""`) + 1
	if titleLine == 0 {
		t.Fatalf("no empty source title in:\n%s", data)
	}
	want := []string{
		fmt.Sprintf("%s:%d:12: error: front matter: source 1: title is empty: write the title of the article, report or page", res.File, titleLine),
		fmt.Sprintf("%s:%d:11: error: front matter: source 1: date is empty: write the day it was published (2021-02-15), or the month (2021-02) or year (2021) if that is all it gives", res.File, titleLine+2),
	}
	var got []string
	for _, d := range findingsFor(Run(context.Background(), Options{Source: site}), res.File) {
		got = append(got, d.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want, +got):\n%s", diff)
	}
}

// unwritten is a body line that holds the site's placeholder marker.
var unwritten = regexp.MustCompile(`(?m)^.*PLACEHOLDER.*$`)

func findingsFor(list diag.List, file string) diag.List {
	var out diag.List
	for _, d := range list {
		if d.File == file {
			out = append(out, d)
		}
	}
	return out
}

// TestContributingExample checks the complete example of CONTRIBUTING.md, so
// the guide never shows a page that fails.
func TestContributingExample(t *testing.T) {
	guide, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	const name, fence = "`content/case-studies/sensors-ffi.md`", "```markdown\n"
	i := strings.Index(string(guide), name)
	j := strings.Index(string(guide)[max(i, 0):], fence)
	if i < 0 || j < 0 {
		t.Fatal("CONTRIBUTING.md has no complete example")
	}
	example := string(guide)[i+j+len(fence):]
	example = example[:strings.Index(example, "\n```\n")+1]
	site := sitetest.Fixture(t)
	if err := os.WriteFile(filepath.Join(site, "content", "case-studies", "sensors-ffi.md"), []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	// The photo the example shows, beside it, as wide as a hero needs.
	if err := os.WriteFile(filepath.Join(site, "content", "case-studies", "sensors-ffi.jpg"), imagetest.JPEG(t, imagetest.Halves(1600, 1200), imagetest.EXIF{}, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	// Only the example is judged: drafts elsewhere in the repository list
	// the placeholders still to be written, as they should.
	for _, d := range findingsFor(Run(context.Background(), Options{Source: site}), "content/case-studies/sensors-ffi.md") {
		t.Error(d.String())
	}
}
