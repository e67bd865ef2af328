package check

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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
			filled := strings.NewReplacer(
				`summary: ""`, `summary: "Two teams worked together for a year."`,
				`partners: []`, `partners: [Roche]`,
				`sectors: []`, `sectors: [pharma]`,
				`faculties: []`, `faculties: [medicine]`,
				`pathway: ""`, `pathway: research-collaboration`,
				"title: \"\"\n    publisher: \"\"\n    date: \"\"", "title: UiO signs cooperation agreement with Roche\n    publisher: University of Oslo\n    date: 2021-02-22",
				`contact: ""`, `contact: growthhouse@example.org`,
				`access: ""`, `access: by-agreement`,
				`steps: []`, `steps: [Get in touch, Sign]`,
				`signatories: []`, `signatories: [The head of department]`,
				"[the template (PDF)](/files/okt-samarbeid-med-roche.pdf)", "the template",
			).Replace(string(data))
			// The text still to be written, in the body.
			filled = unwritten.ReplaceAllString(filled, "Two teams worked together for a year.")
			if err := os.WriteFile(path, []byte(filled), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, d := range findingsFor(Run(context.Background(), Options{Source: site}), res.File) {
				t.Error(d.String())
			}
		})
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
