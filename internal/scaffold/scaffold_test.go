package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/golden"
	"github.com/uio-partner/portal/internal/sitetest"
)

// clock is the fixed "today" of every test.
var clock = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// newSite returns a site in a temporary folder: the fixture site's
// site.yaml, the repository's archetypes, and the small content tree of
// testdata/content.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.CopyFixture(t, dir, "site.yaml")
	sitetest.CopyFromRepo(t, dir, "layouts/archetypes")
	sitetest.Copy(t, filepath.Join("testdata", "content"), filepath.Join(dir, "content"))
	return dir
}

// TestNewGolden writes one page per section and compares it with
// testdata/golden/<section>.md (go test -update rewrites them).
func TestNewGolden(t *testing.T) {
	site := newSite(t)
	for _, sec := range []string{"case-studies", "offerings", "facilities", "pathways", "agreements", "partners"} {
		t.Run(sec, func(t *testing.T) {
			res, err := New(Request{Root: site, Section: sec, Title: "Økt samarbeid: a story", Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			if want := "content/" + sec + "/okt-samarbeid-a-story.md"; res.File != want {
				t.Errorf("File = %q, want %q", res.File, want)
			}
			if want := "layouts/archetypes/" + sec + ".md"; res.Archetype != want {
				t.Errorf("Archetype = %q, want %q", res.Archetype, want)
			}
			got, err := os.ReadFile(filepath.Join(site, res.File))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", sec+".md"), got)
		})
	}
}

// TestNewBuiltinDefault covers a site without archetypes: the built-in
// template writes every required field with its explanation.
func TestNewBuiltinDefault(t *testing.T) {
	site := newSite(t)
	if err := os.RemoveAll(filepath.Join(site, ArchetypesDir)); err != nil {
		t.Fatal(err)
	}
	res, err := New(Request{Root: site, Section: "agreements", Title: "Data sharing agreement", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if res.Archetype != "" {
		t.Errorf("Archetype = %q, want the built-in one", res.Archetype)
	}
	got, err := os.ReadFile(filepath.Join(site, res.File))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "builtin-default.md"), got)
}

func TestNewRefusesOverwrite(t *testing.T) {
	site := newSite(t)
	path := filepath.Join(site, "content", "case-studies", "sensors.md")
	before, _ := os.ReadFile(path)
	_, err := New(Request{Root: site, Section: "case-studies", Title: "Sensors", Now: clock})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if want := "content/case-studies/sensors.md already exists"; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to say %q", err, want)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the existing file was changed")
	}
}

func TestNewSlugTransliterates(t *testing.T) {
	site := newSite(t)
	for title, want := range map[string]string{
		"Økt samarbeid":                  "content/partners/okt-samarbeid.md",
		"Blåbær og ærfugl på Østlandet!": "content/partners/blabaer-og-aerfugl-pa-ostlandet.md",
		"  Roche -- AstraZeneca (2024) ": "content/partners/roche-astrazeneca-2024.md",
	} {
		res, err := New(Request{Root: site, Section: "partners", Title: title, Now: clock})
		if err != nil {
			t.Errorf("%q: %v", title, err)
			continue
		}
		if res.File != want {
			t.Errorf("%q: File = %q, want %q", title, res.File, want)
		}
	}
}

func TestNewTranslation(t *testing.T) {
	site := newSite(t)
	res, err := New(Request{Root: site, Section: "pathways", Title: "Forskningssamarbeid", Slug: "research-collaboration", Lang: "nb", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if want := "content/pathways/research-collaboration.nb.md"; res.File != want {
		t.Errorf("File = %q, want %q", res.File, want)
	}
	if len(res.Notes) != 0 {
		t.Errorf("Notes = %q, want none: the original exists", res.Notes)
	}
	res, err = New(Request{Root: site, Section: "pathways", Title: "Økt samarbeid", Lang: "nb", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "content/pathways/okt-samarbeid.md does not exist yet") {
		t.Errorf("Notes = %q, want a note about the missing original", res.Notes)
	}
	if _, err := New(Request{Root: site, Section: "pathways", Title: "X", Lang: "sv", Now: clock}); err == nil || err.Error() != `unknown language "sv": site.yaml declares en, nb` {
		t.Errorf("err = %v, want unknown language", err)
	}
}

func TestNewErrors(t *testing.T) {
	site := newSite(t)
	for _, tc := range []struct {
		req  Request
		want string
	}{
		{Request{Section: "news", Title: "X"}, `unknown section "news": site.yaml declares offerings, pathways, agreements, case-studies, facilities, partners`},
		{Request{Section: "partners", Title: "  "}, `the title is empty: give the story's title in quotes, e.g. "Sensors with FFI"`},
		{Request{Section: "partners", Title: "!!!"}, `slug "" is not URL-safe: use lower-case letters, digits and dashes (try "")`},
		{Request{Section: "partners", Title: "X", Slug: "Bad_Slug"}, `slug "Bad_Slug" is not URL-safe: use lower-case letters, digits and dashes (try "bad-slug")`},
		{Request{Section: "partners", Title: strings.Repeat("x", 121)}, `the title is 121 characters long; keep it to 120`},
	} {
		tc.req.Root, tc.req.Now = site, clock
		_, err := New(tc.req)
		if err == nil || err.Error() != tc.want {
			t.Errorf("New(%q, %q): err = %v, want %s", tc.req.Section, tc.req.Title, err, tc.want)
		}
	}
}

// TestNewAddsMissingRequiredFields: an archetype written before site.yaml
// gained a required field still produces a file with that field.
func TestNewAddsMissingRequiredFields(t *testing.T) {
	site := newSite(t)
	arch := filepath.Join(site, ArchetypesDir, "agreements.md")
	if err := os.WriteFile(arch, []byte("---\ntitle: {{yaml .Title}}\nsummary: S.\n---\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := New(Request{Root: site, Section: "agreements", Title: "NDA", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(site, res.File))
	want := "---\ntitle: NDA\nsummary: S.\n\n# steps (required): the steps, in order, one short sentence each (a list like\n# [a, b]).\nsteps: []\n\n" +
		"# Drafts are not published; delete this line when the page is ready.\ndraft: true\n---\nText.\n"
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewBadArchetype(t *testing.T) {
	site := newSite(t)
	arch := filepath.Join(site, ArchetypesDir, "partners.md")
	if err := os.WriteFile(arch, []byte("---\ntitle: {{.Nope}\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Request{Root: site, Section: "partners", Title: "Novartis", Now: clock})
	if err == nil || !strings.Contains(err.Error(), "layouts/archetypes/partners.md:2") {
		t.Errorf("err = %v, want it positioned in the archetype", err)
	}
	if _, statErr := os.Stat(filepath.Join(site, "content", "partners", "novartis.md")); statErr == nil {
		t.Error("a file was written despite the error")
	}
}

// TestNewTranslationCopiesSharedFields: a translation starts with the
// original's date, terms and ids; its text fields are left to translate.
func TestNewTranslationCopiesSharedFields(t *testing.T) {
	site := newSite(t)
	if err := os.Remove(filepath.Join(site, "content", "case-studies", "sensors.nb.md")); err != nil {
		t.Fatal(err)
	}
	res, err := New(Request{Root: site, Section: "case-studies", Title: "Sensorer", Slug: "sensors", Lang: "nb", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if res.File != "content/case-studies/sensors.nb.md" {
		t.Fatalf("File = %q", res.File)
	}
	got, err := os.ReadFile(filepath.Join(site, res.File))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "case-studies.nb.md"), got)
	for _, want := range []string{
		"\ntitle: Sensorer\n", "\nsummary: \"\"\n", "\ndate: 2024-01-02\n",
		"\npartners: [Roche, Oslo University Hospital]\n", "\nsectors: [medtech, pharma]\n", "\nfaculties: [medicine]\n",
		// The same sources in every language, in place of the archetype's empty ones.
		"\nsources:\n  - title: 'Sensors: a report'\n    publisher: Forsvarets forskningsinstitutt\n    date: 2023-05\n    url: https://www.ffi.no/\n  - title: \"2019\"\n    date: 2019\n\n#",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("translation lacks %q", want)
		}
	}
}
