package starter_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/check"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/starter"
)

// newSite runs portal init's starter into a new folder and returns it.
func newSite(t *testing.T, name, country string, langs ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := starter.Write(starter.Options{Dir: dir, Name: name, Languages: langs, Country: country}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// build checks the site at dir with portal check (no errors) and builds
// it, returning the output folder.
func build(t *testing.T, dir string) string {
	t.Helper()
	if list := check.Run(context.Background(), check.Options{Source: dir, CacheDir: t.TempDir()}); list.HasErrors() {
		t.Fatalf("portal check of the new site:\n%s", list.Error())
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(context.Background(), generator.Options{Source: dir, Out: out, CacheDir: t.TempDir()}); err != nil {
		t.Fatalf("portal build of the new site: %v", err)
	}
	return out
}

// readAll returns every file under dir by slash path.
func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// example matches the example site's institution, which no new site may
// name. The engine's own module path (github.com/uio-partner/portal, in
// the CI workflows' go install) is the tool's address, not the site's.
var example = regexp.MustCompile(`UiO|(?i)oslo`)

// afterPreposition matches the institution's name after an English
// preposition, where one name needs "the" and another does not: the
// starter's English texts name it only where no article is needed.
var afterPreposition = regexp.MustCompile(`\b(?:with|to|at|from|of|for|by|contacting|the) Karolinska`)

func TestInitBuildsAndChecks(t *testing.T) {
	for _, tt := range []struct {
		country string
		langs   []string
		home    string // the default language's front page title
	}{
		{"SE", []string{"sv", "en"}, "Samarbeta med Karolinska Institutet"},
		{"DK", []string{"da", "en"}, "Samarbejd med Karolinska Institutet"},
		{"GB", []string{"en"}, "Karolinska Institutet: partner with us"},
	} {
		t.Run(strings.Join(tt.langs, "+")+"-"+tt.country, func(t *testing.T) {
			dir := newSite(t, "Karolinska Institutet", tt.country, tt.langs...)
			src := readAll(t, dir)
			for _, f := range []string{"site.yaml", "README.md", ".gitignore", ".github/workflows/check.yml", ".github/workflows/publish.yml",
				"layouts/archetypes/default.md", "static/images/logo.svg"} {
				if _, ok := src[f]; !ok {
					t.Errorf("the new site has no %s", f)
				}
			}
			for i, l := range tt.langs {
				if _, ok := src["layouts/i18n/"+l+".yaml"]; !ok {
					t.Errorf("no theme strings for %s", l)
				}
				for _, p := range []string{"_index", "contact", "search", "thanks", "about"} {
					name := "content/" + p + "." + l + ".md"
					if i == 0 {
						name = "content/" + p + ".md" // the default language's files have no suffix
					}
					if _, ok := src[name]; !ok {
						t.Errorf("no %s", name)
					}
				}
			}
			if !strings.Contains(src["site.yaml"], "country: \""+tt.country+"\"\n") { // quoted: YAML 1.1 reads NO as false
				t.Errorf("site.yaml does not name country %s:\n%s", tt.country, src["site.yaml"])
			}
			out := build(t, dir)
			pub := readAll(t, out)
			if !strings.Contains(pub["index.html"], tt.home) {
				t.Errorf("the front page does not say %q", tt.home)
			}
			for _, files := range []map[string]string{src, pub} {
				for name, body := range files {
					if strings.HasPrefix(name, ".github/") {
						continue
					}
					if m := example.FindString(body); m != "" {
						t.Errorf("%s names the example site's institution (%q)", name, m)
					}
					if m := afterPreposition.FindString(body); m != "" {
						t.Errorf("%s puts the institution's name where English may need \"the\" (%q)", name, m)
					}
				}
			}
			for _, l := range tt.langs[1:] {
				if !strings.Contains(pub["index.html"], `hreflang="`+l+`"`) {
					t.Errorf("index.html has no link to its %s version", l)
				}
			}
			for name, body := range pub {
				if !strings.HasSuffix(name, ".html") && name != "sitemap.xml" {
					continue
				}
				if len(tt.langs) == 1 && (strings.Contains(body, "lang-switch") || strings.Contains(body, "hreflang") || strings.Contains(body, "xhtml:link")) {
					t.Errorf("%s: a one-language site shows a language switch or links to another language", name)
				}
			}
		})
	}
}

func TestInitRefusesBadInput(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		o    starter.Options
		want []string
	}{
		{"non-empty folder", starter.Options{Dir: full, Name: "X", Languages: []string{"en"}, Country: "GB"}, []string{"is not empty"}},
		{"language twice", starter.Options{Name: "X", Languages: []string{"sv", "en", "sv"}, Country: "SE"}, []string{`"sv" is listed twice`}},
		{"unknown language", starter.Options{Name: "X", Languages: []string{"xx"}, Country: "SE"}, []string{`"xx" is not a language code`}},
		{"language without starter texts", starter.Options{Name: "X", Languages: []string{"fi"}, Country: "SE"}, []string{`no starter texts in "fi"`}},
		{"unknown country", starter.Options{Name: "X", Languages: []string{"en"}, Country: "XX"}, []string{`country "XX" has no holiday calendar`}},
		{"country of several zones", starter.Options{Name: "X", Languages: []string{"en"}, Country: "US"}, []string{"spans several time zones"}},
		{"unknown zone", starter.Options{Name: "X", Languages: []string{"en"}, Country: "SE", Timezone: "Europe/Atlantis"}, []string{`"Europe/Atlantis" is not an IANA time zone`}},
		{"everything at once", starter.Options{Languages: []string{"en", "en"}}, []string{"--name", "listed twice", "--country"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.o.Dir == "" {
				tt.o.Dir = filepath.Join(t.TempDir(), "site")
			}
			_, err := starter.Write(tt.o)
			if err == nil {
				t.Fatal("written")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if tt.o.Dir != full {
				if _, serr := os.Stat(tt.o.Dir); serr == nil {
					t.Errorf("refused, yet %s was made", tt.o.Dir)
				}
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(full, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the non-empty folder's file was touched: %q, %v", b, err)
	}
}

func TestLanguagesHaveThemeStringsAndTexts(t *testing.T) {
	langs := starter.Languages()
	for _, want := range []string{"da", "en", "nb", "sv"} {
		if !strings.Contains(" "+strings.Join(langs, " ")+" ", " "+want+" ") {
			t.Errorf("Languages() = %v, missing %s", langs, want)
		}
	}
}

// A site whose default language (the first in site.yaml) has no page is
// an error at that language's line, not a site without a front page.
func TestCheckDefaultLanguageWithoutPages(t *testing.T) {
	dir := newSite(t, "Karolinska Institutet", "SE", "sv", "en")
	for name := range readAll(t, dir) {
		if strings.HasPrefix(name, "content/") && !strings.HasSuffix(name, ".en.md") {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
		}
	}
	list := check.Run(context.Background(), check.Options{Source: dir, CacheDir: t.TempDir()})
	want := regexp.MustCompile(`(?m)^site\.yaml:\d+: the default language "sv" \(the first under languages:\) has no pages`)
	if !want.MatchString(list.Error()) {
		t.Errorf("portal check of a site with no Swedish page:\n%s\nwant an error at the line of sv in site.yaml", list)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	line := 1 + strings.Count(string(data[:strings.Index(string(data), "- {code: sv")]), "\n")
	if !strings.Contains(list.Error(), "site.yaml:"+strconv.Itoa(line)+":") {
		t.Errorf("the error is not at line %d of site.yaml:\n%s", line, list)
	}
}

// Every language a site can start in makes a site that checks and builds
// on its own, as the default language.
func TestEveryStarterLanguage(t *testing.T) {
	for _, l := range starter.Languages() {
		t.Run(l, func(t *testing.T) {
			out := build(t, newSite(t, "Test University", "DE", l))
			if b, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !strings.Contains(string(b), `lang="`+l+`"`) && !strings.Contains(string(b), "lang="+l) {
				t.Errorf("the front page is not in %s: %v", l, err)
			}
		})
	}
}

// A page without a translation is shown in the default language, and its
// tag and note say which: Swedish on a Swedish site, not English.
func TestFallbackNamesTheDefaultLanguage(t *testing.T) {
	src := readAll(t, newSite(t, "Karolinska Institutet", "SE", "sv", "en"))
	for _, want := range []string{"inEnglish: In Swedish\n", "fallbackNote: This page is only available in Swedish.\n"} {
		if !strings.Contains(src["layouts/i18n/en.yaml"], want) {
			t.Errorf("en.yaml of a Swedish site lacks %q", want)
		}
	}
	src = readAll(t, newSite(t, "Københavns Universitet", "DK", "en", "da"))
	if !strings.Contains(src["layouts/i18n/da.yaml"], "fallbackNote: Denne side findes kun på engelsk.\n") {
		t.Errorf("da.yaml of an English-first site: %s", src["layouts/i18n/da.yaml"])
	}
}

// Every starter language names every other one, so any pair can start.
func TestEveryPairNamesItsDefault(t *testing.T) {
	langs := starter.Languages()
	bad := regexp.MustCompile(`(?m)^(inEnglish|fallbackNote): .*(%!|\s\.$|\s$)`)
	for _, def := range langs {
		for _, other := range langs {
			if def == other {
				continue
			}
			src := readAll(t, newSite(t, "Test University", "DE", def, other))
			if m := bad.FindString(src["layouts/i18n/"+other+".yaml"]); m != "" {
				t.Errorf("%s site, %s texts: %q names no language", def, other, m)
			}
		}
	}
}
