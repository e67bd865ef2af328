package generator

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/sitetest"
)

// TestSlipGate builds a fixture whose layouts print a Go format slip, a
// missing value (which Go writes as <no value>) and a link to nowhere: the
// build refuses it, naming each layout line once, whichever page and
// language showed it first, and public/ stays as it was.
func TestSlipGate(t *testing.T) {
	root := sitetest.Write(t, testSite,
		// Line 2 formats a name with %d: "%!d(string=Acme) pages".
		"layouts/_default/terms.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n"+
			"<ul>{{ range .Taxonomy.Terms }}<li>{{ printf \"%d pages\" .Name }}</li>{{ end }}</ul>{{ end }}",
		// Line 3 prints a field no page has through js: <no value>; line
		// 4 links to a field no page has: href="".
		"layouts/_default/single.html", "{{ define \"main\" }}<article>\n<h1>{{ .Page.Title }}</h1>\n"+
			"<p data-x=\"{{ js .Page.Params.nope }}\">x</p>\n"+
			"<p><a href=\"{{ .Page.Params.website }}\">Website</a></p>\n"+
			"<div>{{ .Content }}</div></article>{{ end }}",
	)
	for _, minify := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "old.html"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		list := buildErrInto(t, root, Options{Out: out, NoMinify: !minify})
		assertDiagnostics(t, list, []string{
			`layouts/_default/single.html:3:15: a missing value (rendering content/about.md): it prints Go's <no value>`,
			`layouts/_default/single.html:4:16: a link to nowhere (rendering content/about.md): href="" leads nowhere`,
			`layouts/_default/terms.html:2:39: a Go format slip (rendering /by-partner/): it prints "%!d(string=Acme)"`,
		})
		if b, err := os.ReadFile(filepath.Join(out, "old.html")); err != nil || string(b) != "old" {
			t.Errorf("minify=%v: the failed build changed public/ (%v)", minify, err)
		}
	}
}

// buildErrInto is buildErrOpts into opts.Out, which may exist: the
// diagnostics of a build that must fail.
func buildErrInto(t *testing.T, root string, opts Options) diag.List {
	t.Helper()
	opts.Source, opts.Now = root, testNow
	_, err := Build(context.Background(), opts)
	list, ok := diag.AsList(err)
	if err == nil || !ok {
		t.Fatalf("Build = %v, want positioned errors", err)
	}
	return list
}

// TestPluralStrings shows counts by each language's CLDR plural rules:
// English and Norwegian say "1 page" and "0 pages"; French says "0 page"
// (0 is "one" in French); Polish has four forms. The languages come from
// site.yaml; nothing in the engine knows them.
func TestPluralStrings(t *testing.T) {
	siteYAML := sitetest.Files([]byte(testSite))["site.yaml"]
	siteYAML = strings.Replace(siteYAML, "  - {code: nb, name: Norsk, locale: nb_NO}\n",
		"  - {code: nb, name: Norsk, locale: nb_NO}\n  - {code: fr, name: Français, locale: fr_FR}\n  - {code: pl, name: Polski, locale: pl_PL}\n", 1)
	// Every text of site.yaml needs every language: the Norwegian one does.
	siteYAML = regexp.MustCompile(`nb: ([^,}\n]*)\}`).ReplaceAllString(siteYAML, "nb: $1, fr: $1, pl: $1}")
	root := sitetest.Write(t, testSite,
		"site.yaml", siteYAML,
		"layouts/index.html", `{{ define "main" }}<p id="counts">[{{ .N "pages" 0 }}][{{ .N "pages" 1 }}][{{ .N "pages" 2 }}][{{ .N "pages" 5 }}][{{ .N "pages" 22 }}]</p>{{ end }}`,
		"layouts/i18n/en.yaml", "fallbackNote: x\npages:\n  one: \"%d page\"\n  other: \"%d pages\"\n",
		"layouts/i18n/nb.yaml", "fallbackNote: x\npages:\n  one: \"%d side\"\n  other: \"%d sider\"\n",
		"layouts/i18n/fr.yaml", "pages:\n  one: \"%d page\"\n  many: \"%d de pages\"\n  other: \"%d pages\"\n",
		"layouts/i18n/pl.yaml", "pages:\n  one: \"%d strona\"\n  few: \"%d strony\"\n  many: \"%d stron\"\n  other: \"%d strony\"\n",
	)
	out := buildSite(t, root, Options{})
	for file, want := range map[string]string{
		"index.html":    "[0 pages][1 page][2 pages][5 pages][22 pages]",
		"nb/index.html": "[0 sider][1 side][2 sider][5 sider][22 sider]",
		"fr/index.html": "[0 page][1 page][2 pages][5 pages][22 pages]",
		"pl/index.html": "[0 stron][1 strona][2 strony][5 stron][22 strony]",
	} {
		assertContains(t, out, file, want)
	}
}

// TestPluralStringErrors: plural forms a language's CLDR rules need, forms
// that are not CLDR's, and a count shown from a plain string are errors at
// their lines. A plain string stays a plain string.
func TestPluralStringErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{
			name:  "a form the language needs is missing",
			files: []string{"layouts/i18n/nb.yaml", "fallbackNote: x\npages:\n  other: \"%d sider\"\n"},
			want:  []string{`layouts/i18n/nb.yaml:2:1: theme string "pages": nb needs the plural form "one" (for 1, for example)`},
		},
		{
			name:  "not a CLDR form",
			files: []string{"layouts/i18n/en.yaml", "fallbackNote: x\npages:\n  single: \"%d page\"\n  other: \"%d pages\"\n"},
			want:  []string{`layouts/i18n/en.yaml:3:3: theme string "pages": "single" is not a CLDR plural form`},
		},
		{
			name:  "no other",
			files: []string{"layouts/i18n/en.yaml", "fallbackNote: x\npages:\n  one: \"%d page\"\n"},
			want:  []string{`layouts/i18n/en.yaml:3:3: theme string "pages": plural forms need "other"`},
		},
		{
			name: "a count from a plain string",
			files: []string{
				"layouts/i18n/en.yaml", "fallbackNote: x\npages: \"%d pages\"\n",
				"layouts/index.html", "{{ define \"main\" }}\n<p>{{ .N \"pages\" 1 }}</p>{{ end }}",
			},
			want: []string{
				`layouts/index.html:2:7: error calling N: theme string "pages" is shown with a count but has no plural forms: write it in layouts/i18n/en.yaml`,
				// nb has no string of its own: en's fills the gap.
				`layouts/index.html:2:7: error calling N: theme string "pages" is shown with a count but has no plural forms: write it in layouts/i18n/nb.yaml`,
			},
		},
		{
			name: "a plural string without its count",
			files: []string{
				"layouts/i18n/en.yaml", "fallbackNote: x\npages:\n  one: \"%d page\"\n  other: \"%d pages\"\n",
				"layouts/index.html", "{{ define \"main\" }}\n<p>{{ .T \"pages\" 1 }}</p>{{ end }}",
			},
			want: []string{
				`layouts/index.html:2:7: error calling T: theme string "pages" has plural forms: show it with .N and the count (rendering content/_index.md)`,
				`layouts/index.html:2:7: error calling T: theme string "pages" has plural forms: show it with .N and the count (rendering content/_index.nb.md)`,
			},
		},
		{
			name: "a plain string that does not fit its arguments",
			files: []string{
				"layouts/i18n/en.yaml", "fallbackNote: x\npageN: \"1 page\"\n",
				"layouts/index.html", "{{ define \"main\" }}\n<p>{{ .T \"pageN\" 1 }}</p>{{ end }}",
			},
			want: []string{
				`layouts/index.html:2:7: error calling T: theme string "pageN" ("1 page") does not fit its 1 argument(s): it would show "1 page%!(EXTRA int=1)" (rendering content/_index.md)`,
				`layouts/index.html:2:7: error calling T: theme string "pageN" ("1 page") does not fit its 1 argument(s): it would show "1 page%!(EXTRA int=1)" (rendering content/_index.nb.md)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertDiagnostics(t, buildErr(t, sitetest.Write(t, testSite, tt.files...)), tt.want)
		})
	}
}
