package generator

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/sitetest"
)

// story is a valid stories page with extra front-matter lines spliced in
// after the title (line 3 onwards), and a body.
func story(extra string) string {
	return "---\ntitle: A story\n" + extra + "summary: S.\ndate: 2026-03-01\n---\nBody.\n"
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files []string // path, content pairs over testSite; "" removes
		// want lists diagnostics as "pos: message"; message is a substring.
		want []string
	}{
		{
			name:  "unknown section folder",
			files: []string{"content/news/a.md", story("")},
			want:  []string{`content/news: unknown section "news": site.yaml declares stories, offers`},
		},
		{
			name:  "invalid YAML in front matter",
			files: []string{"content/stories/a.md", "\n---\ntitle: A\nsummary: [unclosed\ndate: 2026-03-01\n---\n"},
			want:  []string{"content/stories/a.md:4: front matter: invalid YAML: did not find expected ',' or ']'"},
		},
		{
			// yaml.v3 names the line of the value the tab would continue.
			name:  "YAML tab indentation",
			files: []string{"content/stories/a.md", "---\ntitle: A\nsummary: S\n\tdate: 2026-03-01\n---\n"},
			want:  []string{"content/stories/a.md:3: front matter: invalid YAML: found a tab character"},
		},
		{
			name:  "front matter not closed",
			files: []string{"content/stories/a.md", "\n\n---\ntitle: A\nsummary: S\n\nBody without end.\n"},
			want:  []string{`content/stories/a.md:3:1: front matter: not closed; add a line "---"`},
		},
		{
			name:  "missing front matter",
			files: []string{"content/stories/a.md", "# Just a heading\n\ntext\n"},
			want:  []string{"content/stories/a.md:1:1: front matter: missing"},
		},
		{
			name:  "missing required field on closing line",
			files: []string{"content/stories/a.md", "---\ntitle: A\ndate: 2026-03-01\n---\nBody.\n"},
			want:  []string{`content/stories/a.md:4: front matter: missing required field "summary"`},
		},
		{
			name:  "missing title",
			files: []string{"content/offers/x.md", "---\nweight: 3\n\n---\n"},
			want:  []string{`content/offers/x.md:4: front matter: missing required field "title"`},
		},
		{
			name:  "date that is not a date",
			files: []string{"content/stories/a.md", story("lastmod: tomorrow\n")},
			want:  []string{`content/stories/a.md:3:10: front matter: field "lastmod" must be a date like 2024-03-01, not "tomorrow"`},
		},
		{
			name:  "int that is not a number",
			files: []string{"content/offers/x.md", "---\ntitle: X\nweight: many\n---\n"},
			want:  []string{`content/offers/x.md:3:9: front matter: field "weight" must be a whole number, not "many"`},
		},
		{
			name:  "list given a map",
			files: []string{"content/stories/a.md", story("partners:\n  acme: yes\n")},
			want:  []string{`content/stories/a.md:4:3: front matter: field "partners" must be a list`},
		},
		{
			name:  "bool that is not a bool",
			files: []string{"content/stories/a.md", story("draft: maybe\n")},
			want:  []string{`content/stories/a.md:3:8: front matter: field "draft" must be true or false, not "maybe"`},
		},
		{
			name:  "string given a list",
			files: []string{"content/stories/a.md", "---\ntitle: [a, b]\nsummary: S.\ndate: 2026-03-01\n---\n"},
			want:  []string{`content/stories/a.md:2:8: front matter: field "title" must be a single value`},
		},
		{
			name:  "field too long",
			files: []string{"content/stories/a.md", "---\ntitle: " + strings.Repeat("x", 81) + "\nsummary: S.\ndate: 2026-03-01\n---\n"},
			want:  []string{`content/stories/a.md:2:8: front matter: field "title" is 81 characters long; keep it to 80`},
		},
		{
			name:  "bad email",
			files: []string{"content/stories/a.md", story("contact: Someone <a@example.org>\n")},
			want:  []string{`content/stories/a.md:3:10: front matter: field "contact" must be a plain email address`},
		},
		{
			name:  "field twice",
			files: []string{"content/stories/a.md", story("title: Again\n")},
			want:  []string{`content/stories/a.md:3:1: front matter: field "title" appears twice`},
		},
		{
			name:  "invalid UTF-8",
			files: []string{"content/stories/a.md", story("") + "Second line\nab\xffcd\n"},
			want:  []string{"content/stories/a.md:8:3: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name: "duplicate slug",
			files: []string{
				"content/stories/a.md", story(""),
				"content/stories/b.md", story("slug: a\n"),
			},
			want: []string{`content/stories/b.md:3: duplicate slug "a": content/stories/a.md has the same address`},
		},
		{
			name:  "slug that would escape",
			files: []string{"content/stories/a.md", story("slug: ../../etc\n")},
			want:  []string{`content/stories/a.md:3: front matter: slug "../../etc" must be lower-case letters, digits and dashes (try "etc")`},
		},
		{
			// Regression: the slug was taken, so the English intro's key
			// no longer matched the Norwegian one, and /nb/stories/ showed
			// the English intro as a fallback instead of its translation.
			name:  "slug on a section page",
			files: []string{"content/stories/_index.md", "---\ntitle: Stories\nslug: tales\n---\n"},
			want:  []string{"content/stories/_index.md:3: front matter: slug cannot be set in _index.md"},
		},
		{
			name:  "file name with spaces",
			files: []string{"content/stories/My Story.md", story("")},
			want:  []string{`content/stories/My Story.md: file name "My Story" is not a URL-safe slug: use lower-case letters, digits and dashes, e.g. my-story.md`},
		},
		{
			name:  "unknown language suffix",
			files: []string{"content/stories/x.fr.md", story("")},
			want:  []string{`content/stories/x.fr.md: unknown language "fr" in the file name: site.yaml declares en, nb`},
		},
		{
			name:  "default language suffix",
			files: []string{"content/stories/x.en.md", story("")},
			want:  []string{"content/stories/x.en.md: the default language needs no suffix: rename to x.md"},
		},
		{
			name:  "url override in a section",
			files: []string{"content/stories/a.md", story("url: /somewhere/\n")},
			want:  []string{"content/stories/a.md:3: front matter: url may only be set on pages outside sections"},
		},
		{
			name:  "url override that escapes",
			files: []string{"content/about.md", "---\ntitle: About\nurl: /a/../../b/\n---\n"},
			want:  []string{`content/about.md:3:6: front matter: field "url" must be a site path`},
		},
		{
			name:  "url override clash",
			files: []string{"content/about.md", "---\ntitle: About\nurl: /contact/thanks/\n---\n"},
			want:  []string{`content/thanks.md:3: url "/contact/thanks/" is also used by content/about.md`},
		},
		{
			// Regression: the message named the URL as the file, and the two
			// writers in the order the workers happened to run.
			name:  "standalone page at a section's address",
			files: []string{"content/stories.md", "---\ntitle: S\n---\n"},
			want: []string{
				"content/stories.md: content/stories.md and section /nb/stories/ both write /nb/stories/index.html",
				"content/stories.md: content/stories.md and section /stories/ both write /stories/index.html",
			},
		},
		{
			name:  "url override onto another page",
			files: []string{"content/about.md", "---\ntitle: About\nurl: /stories/alpha/\n---\n"},
			want: []string{
				"content/about.md: content/about.md and content/stories/alpha.md both write /stories/alpha/index.html",
				"content/about.md: content/about.md and content/stories/alpha.nb.md both write /nb/stories/alpha/index.html",
			},
		},
		{
			name:  "unknown layout",
			files: []string{"content/stories/a.md", story("layout: nope\n")},
			want:  []string{`content/stories/a.md:3: unknown layout "nope": add layouts/_default/nope.html or remove the field`},
		},
		{
			name:  "non-Markdown file in content",
			files: []string{"content/stories/notes.txt", "x"},
			want:  []string{"content/stories/notes.txt: only Markdown (.md) files, the JPEG, PNG and WebP pictures pages show and the documents pages offer"},
		},
		{
			name:  "folder inside a section",
			files: []string{"content/stories/old/a.md", story("")},
			want:  []string{"content/stories/old: folders inside a section are not supported"},
		},
		{
			name: "layout syntax error",
			files: []string{"layouts/_default/single.html", `{{ define "main" }}
<h1>{{ .Page.Title }}</h1>
{{ if .Page.Title }}
{{ end }}{{ end }}{{ end }}`},
			want: []string{"layouts/_default/single.html:4: unexpected {{end}}"},
		},
		{
			name:  "partial syntax error",
			files: []string{"layouts/partials/x.html", "ok\n{{ .Title \n"},
			want:  []string{"layouts/partials/x.html:3: unclosed action started at partials/x.html:2"},
		},
		{
			name: "layout that fails when executed",
			files: []string{"layouts/_default/single.html", `{{ define "main" }}
<h1>{{ .Page.Title }}</h1>
{{ if eq .Page.Slug "charlie" }}<p>{{ .Page.NoSuchMethod }}</p>{{ end }}{{ end }}`},
			// Once, though the page is rendered in two languages.
			want: []string{"layouts/_default/single.html:3:44: can't evaluate field NoSuchMethod in type *site.Page (rendering content/stories/charlie.md)"},
		},
		{
			// Minified, this layout is one line: the error must still name
			// line 4 of the file as written.
			name: "indented layout that fails when executed",
			files: []string{"layouts/_default/single.html", `{{ define "main" }}
<article>
  <h1>{{ .Page.Title }}</h1>
    <p class="x">{{ if eq .Page.Slug "charlie" }}{{ .Page.NoSuchField }}{{ end }}</p>
</article>{{ end }}`},
			want: []string{"layouts/_default/single.html:4:58: can't evaluate field NoSuchField in type *site.Page (rendering content/stories/charlie.md)"},
		},
		{
			name: "cached partial that fails when executed",
			files: []string{
				"layouts/_default/single.html", "{{ define \"main\" }}\n<h1>{{ .Page.Title }}</h1>\n{{ partialCached \"partials/boom.html\" . .Lang.Code }}{{ end }}",
				"layouts/partials/boom.html", "<aside>\n  <p>\n    {{ .NoSuchField }}\n  </p>\n</aside>\n",
			},
			// Named at the partial's line, not at the layout's call; once
			// for every page, as each failed.
			want: []string{
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/about.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/offers/one.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/offers/two.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/offers/two.nb.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/stories/alpha.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/stories/alpha.nb.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/stories/bravo.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/stories/charlie.md)",
				"layouts/partials/boom.html:3:8: can't evaluate field NoSuchField in type *theme.View (rendering content/thanks.md)",
			},
		},
		{
			// The footer is rendered once per language and shown on every
			// page: one that printed the page's title would show the first
			// page's title on all of them.
			name: "cached partial that reads the page",
			files: []string{
				"layouts/_default/single.html", "{{ define \"main\" }}\n<h1>{{ .Page.Title }}</h1>\n{{ partialCached \"partials/foot.html\" . .Lang.Code }}{{ end }}",
				"layouts/partials/foot.html", "<footer>\n  <p>{{ .I.home }}</p>\n  <p>{{ .Page.Title }}</p>\n</footer>\n",
			},
			want: []string{`layouts/partials/foot.html:3:14: partials/foot.html is cached (partialCached at layouts/_default/single.html:3:3, keyed by .Lang.Code) but reads .Page.Title, which can differ between pages that share the cached copy: add .Page.Title to the keys, or show it with template instead`},
		},
		{
			// Regression: html/template's escaping errors ("html/template:name:
			// line:col: ...") were not recognised, so they named only
			// "layouts", and were repeated for every page.
			name:  "layout escaping error",
			files: []string{"layouts/_default/single.html", "{{ define \"main\" }}\n<a href=\"{{ if .Title }}/a{{ else }}/b?{{ end }}{{ .Title }}\">x</a>{{ end }}"},
			want:  []string{"layouts/_default/single.html:2:52: {{.Title}} appears in an ambiguous context within a URL"},
		},
		{
			name:  "layout that ends inside an attribute",
			files: []string{"layouts/_default/single.html", "{{ define \"main\" }}\n<a href=\"{{ .Title }}{{ end }}"},
			want:  []string{"layouts/_default/baseof.html: ends in a non-text context"},
		},
		{
			// Regression: only the text after the last ": " was kept, so this
			// said "5" and the one below "want at least 1 got 0"; and the
			// column was text/template's 0-based one.
			name:  "layout index out of range",
			files: []string{"layouts/_default/single.html", "{{ define \"main\" }}\n{{ if eq .Page.Slug \"alpha\" }}{{ index .Pages 5 }}{{ end }}{{ end }}"},
			want: []string{
				"layouts/_default/single.html:2:34: error calling index: index out of range: 5 (rendering content/stories/alpha.md)",
				"layouts/_default/single.html:2:34: error calling index: index out of range: 5 (rendering content/stories/alpha.nb.md)",
			},
		},
		{
			name:  "layout calls a method with too few arguments",
			files: []string{"layouts/_default/single.html", "{{ define \"main\" }}\n{{ if eq .Page.Slug \"charlie\" }}{{ .T }}{{ end }}{{ end }}"},
			want:  []string{"layouts/_default/single.html:2:36: wrong number of args for T: want at least 1 got 0 (rendering content/stories/charlie.md)"},
		},
		{
			name:  "base layout missing",
			files: []string{"layouts/_default/baseof.html", ""},
			want:  []string{"layouts/_default/baseof.html: missing"},
		},
		{
			name:  "i18n YAML error",
			files: []string{"layouts/i18n/nb.yaml", "a: b\nc: [d\n"},
			want:  []string{"layouts/i18n/nb.yaml:2: invalid YAML: did not find expected ',' or ']'"},
		},
		{
			name: "all errors at once",
			files: []string{
				"content/stories/a.md", story("lastmod: soon\n"),
				"content/offers/b.md", "---\ntitle: B\nweight: lots\n---\n",
				"content/about.md", "no front matter\n",
			},
			want: []string{
				"content/about.md:1:1: front matter: missing",
				`content/offers/b.md:3:9: front matter: field "weight" must be a whole number`,
				`content/stories/a.md:3:10: front matter: field "lastmod" must be a date`,
			},
		},
		{
			name: "content and layout errors together",
			files: []string{
				"content/stories/a.md", story("lastmod: 2026-02-30\n"),
				"layouts/_default/list.html", "{{ define \"main\" }}{{ range }}{{ end }}",
			},
			want: []string{
				`content/stories/a.md:3:10: front matter: field "lastmod" must be a date like 2024-03-01, not "2026-02-30"`,
				"layouts/_default/list.html:1: missing value for range",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := buildErr(t, sitetest.Write(t, testSite, tt.files...))
			assertDiagnostics(t, list, tt.want)
		})
		// Pages are rendered from minified layouts; an error there must
		// still name the line of the layout as written.
		t.Run(tt.name+"/minified", func(t *testing.T) {
			list := buildErrOpts(t, sitetest.Write(t, testSite, tt.files...), Options{})
			assertDiagnostics(t, list, tt.want)
		})
	}
}

// assertDiagnostics checks that list holds exactly the wanted errors, in
// order: each "pos: message" must match a diagnostic's position exactly and
// be a prefix of "pos: message".
func assertDiagnostics(t *testing.T, list diag.List, want []string) {
	t.Helper()
	var errs []*diag.Diagnostic
	for _, d := range list {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(errs), len(want), list.Error())
		return
	}
	for i, w := range want {
		got := errs[i].Error()
		pos, _, _ := strings.Cut(w, ": ")
		if errs[i].Pos() != pos || !strings.HasPrefix(got, w) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, got, w)
		}
	}
}

func TestBadSiteYAML(t *testing.T) {
	siteYAML := sitetest.Files([]byte(testSite))["site.yaml"]
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"bad baseURL", "baseURL: https://test.example.org/", "baseURL: test.example.org",
			[]string{`site.yaml:3: baseURL "test.example.org" must be an absolute URL`}},
		{"section clashes with a reserved path", "  - name: offers", "  - name: contact",
			[]string{`site.yaml:34: section "contact" clashes with another section, a language or a reserved path`}},
		{"section clashes with a taxonomy path", "  - name: offers", "  - name: by-partner",
			[]string{`site.yaml:34: section "by-partner" has the same address /by-partner/ as taxonomy partners`}},
		// Regression: taxonomy paths were not checked against each other,
		// the languages or the generator's own folders; the clash surfaced
		// only as two writers of one output file.
		{"two taxonomies on one path", "taxonomies:\n", "taxonomies:\n  - {name: topics, path: by-partner}\n",
			[]string{`site.yaml:25: taxonomy "partners" has the same path /by-partner/ as taxonomy topics`}},
		{"taxonomy on a language's path", "path: by-partner", "path: nb",
			[]string{`site.yaml:24: taxonomy "partners": path /nb/ clashes with a language or a reserved path`}},
		{"unknown field type", "  topic: {type: string}", "  topic: {type: strnig}",
			[]string{`site.yaml:20: field "topic" has unknown type "strnig"`}},
		{"unknown key", "paginate: 2", "paginate: 2\npagnate: 3",
			[]string{`site.yaml:8:1: unknown setting "pagnate"; did you mean "paginate"?`}},
		{"YAML syntax", "paginate: 2", "paginate: [2",
			[]string{`site.yaml:7:11: the "[" that starts here is not closed with "]", or a comma is missing between its items`}},
		{"wrong type", "paginate: 2", "paginate: two",
			[]string{`site.yaml:7:11: paginate: a whole number is expected here, not "two"`}},
		{"section field not declared", "optional: [weight, partners, topic]", "optional: [weight, partners, topic, colour]",
			[]string{`site.yaml:34: section "offers" lists field "colour", which is not declared under fields`}},
		{"topic without recipients", "      to: [post@example.org]", "      to: []",
			[]string{`site.yaml:44: contact topic "general" has no recipients`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(siteYAML, tt.old) {
				t.Fatalf("site.yaml has no %q", tt.old)
			}
			root := sitetest.Write(t, testSite, "site.yaml", strings.Replace(siteYAML, tt.old, tt.new, 1))
			assertDiagnostics(t, buildErr(t, root), tt.want)
		})
	}
}
