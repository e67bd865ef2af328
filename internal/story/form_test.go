package story

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/issueform"
	"github.com/uio-partner/portal/internal/sitetest"
	"gopkg.in/yaml.v3"
)

// The form offers exactly the site's lists: every published partner page
// (by its titles in both languages), every sector and faculty site.yaml
// names; no draft partner.
func TestFormListsTheSite(t *testing.T) {
	root := testSite(t)
	data, err := Template(root)
	if err != nil {
		t.Fatal(err)
	}
	var form struct {
		Body []struct {
			Type       string
			ID         string
			Attributes struct {
				Label   string
				Options []any // strings for a dropdown, maps for checkboxes
			}
		}
	}
	if err := yaml.Unmarshal(data, &form); err != nil {
		t.Fatal(err)
	}
	options := map[string][]string{}
	for _, e := range form.Body {
		for _, o := range e.Attributes.Options {
			if s, ok := o.(string); ok {
				options[e.ID] = append(options[e.ID], s)
			}
		}
	}
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	site, err := content.Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var partners int
	for _, p := range site.Pages {
		if p.Section != "partners" || p.Kind != content.Regular {
			continue
		}
		found := false
		for _, o := range options["partners"] {
			found = found || strings.Contains(o, p.Title)
		}
		if found == p.Draft {
			t.Errorf("partner %s (%q, draft %v): listed %v", p.File, p.Title, p.Draft, found)
		}
		if p.Lang == cfg.DefaultLanguage() && !p.Draft {
			partners++
		}
	}
	if len(options["partners"]) != partners {
		t.Errorf("%d partners in the form, %d partner pages", len(options["partners"]), partners)
	}
	for _, tax := range []string{"sectors", "faculties"} {
		for slug, names := range cfg.Taxonomy(tax).Terms {
			want := names["en"]
			if names["nb"] != names["en"] {
				want += " (" + names["nb"] + ")"
			}
			if !slices.Contains(options[tax], want) {
				t.Errorf("%s term %s is not offered as %q: %q", tax, slug, want, options[tax])
			}
		}
		if len(options[tax]) != len(cfg.Taxonomy(tax).Terms) {
			t.Errorf("%s: %d options, site.yaml names %d terms", tax, len(options[tax]), len(cfg.Taxonomy(tax).Terms))
		}
	}
}

// Drift is found: a new partner page, a renamed sector, a draft partner
// published.
func TestFormDrift(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(root string)
	}{
		{"a new partner page", func(root string) {
			sitetest.WriteFile(t, root, "content/partners/equinor.md", "---\ntitle: Equinor\n---\n")
		}},
		{"a partner renamed", func(root string) {
			sitetest.WriteFile(t, root, "content/partners/roche.md", "---\ntitle: Roche Norge\n---\n")
		}},
		{"a sector renamed", func(root string) {
			p := filepath.Join(root, "site.yaml")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(data), "nb: Legemidler", "nb: Legemiddelindustri", 1)), 0o644)
		}},
		{"a term used by a page but not named", func(root string) {
			sitetest.WriteFile(t, root, "content/case-studies/x.md", "---\ntitle: X\nsummary: S.\ndate: 2024-01-01\npartners: [Roche]\nsectors: [maritime]\nsources: [{title: A source, date: 2021}]\n---\nX.\n")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := testSite(t)
			if stale, err := Stale(root); err != nil || stale {
				t.Fatalf("the copy is stale before the change (%v, %v)", stale, err)
			}
			tt.change(root)
			if stale, err := Stale(root); err != nil || !stale {
				t.Errorf("drift not found (%v, %v)", stale, err)
			}
		})
	}
}

// GitHub refuses a form with a field label or id twice, or a dropdown
// without options or with one twice; a story's answers are found by
// label, so the labels must be unique too.
func TestFormIsValid(t *testing.T) {
	f := template(mustSite(t))
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range f.Body {
		if e.ID != "" && !content.ValidSlug(e.ID) {
			t.Errorf("id %q: GitHub's ids are letters, digits, - and _", e.ID)
		}
		if ids[e.ID] {
			t.Errorf("id %q twice", e.ID)
		}
		ids[e.ID] = e.ID != ""
	}
}

// The form asks for the story's source (title, publisher, date, address)
// where case studies have a field of type sources, requires its title and
// date where they require it, and a story sent without one is refused
// there; the converter writes the source to the page as the site reads it.
func TestFormAsksForSource(t *testing.T) {
	required := func(root string) map[string]bool {
		s, err := loadSite(root)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, e := range template(s).Body {
			if slices.Contains(s.f.sources(), e.Attributes.Label) {
				out[e.Attributes.Label] = e.Validations != nil && e.Validations.Required
			}
		}
		return out
	}
	want := map[string]bool{fSourceTitle: true, fSourcePublisher: false, fSourceDate: true, fSourceURL: false}
	// testSite requires sources on case studies, as the example does.
	root := testSite(t)
	if got := required(root); !maps.Equal(got, want) {
		t.Errorf("the fixture site's form asks for the source as %v, want %v", got, want)
	}
	data, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	a := answers(t)
	a[fSourceTitle], a[fSourceDate] = "", ""
	_, err = convert(t, root, event(t, 9, issueform.Render(template(mustSite(t)).FieldLabels(), a)), nil)
	assertRefused(t, err, fSourceTitle, "this is required")

	// Where sources are optional, the form still asks, but requires nothing.
	optional := strings.Replace(strings.Replace(string(data),
		"required: [title, summary, date, sources]", "required: [title, summary, date]", 1),
		"imageCaption, lastmod]", "imageCaption, lastmod, sources]", 1)
	if optional == string(data) {
		t.Fatal("site.yaml's case studies are not as this test knows them")
	}
	sitetest.WriteFile(t, root, "site.yaml", optional)
	if got, none := required(root), (map[string]bool{fSourceTitle: false, fSourcePublisher: false, fSourceDate: false, fSourceURL: false}); !maps.Equal(got, none) {
		t.Errorf("with sources optional, the form asks for the source as %v, want %v", got, none)
	}

	// Without a field of type sources the form does not ask.
	sitetest.WriteFile(t, root, "site.yaml", strings.ReplaceAll(strings.Replace(string(data), "  sources: {type: sources}\n", "", 1), ", sources]", "]"))
	if got := required(root); len(got) != 0 {
		t.Errorf("without a sources field the form asks for %v", got)
	}
}
