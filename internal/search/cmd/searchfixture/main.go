// Command searchfixture writes a small static site for the search browser
// test (e2e/search.test.mjs): the bilingual fixture index, the search page of
// each language rendered from layouts/partials/search-page.html, search.js,
// site.css and a stub page per result so following a link lands somewhere.
//
//	go run ./internal/search/cmd/searchfixture -o DIR [-synthetic 13000] [-corpus DIR]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/search/searchtest"
	"github.com/uio-partner/portal/internal/site"
	"gopkg.in/yaml.v3"
)

// missFlag is -miss, which the views read.
var missFlag = new(string)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "searchfixture:", err)
		os.Exit(1)
	}
}

// page wraps the partial the way a theme layout would, minus the theme.
const page = `<!doctype html>
<html lang="{{ .Lang.Code }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .I.search }}</title><link rel="stylesheet" href="/css/site.css"></head>
<body><main><h1>{{ .I.search }}</h1>
{{ template "partials/search-page.html" . }}
</main></body></html>
`

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("searchfixture", flag.ContinueOnError)
	out := fs.String("o", "", "output directory (required)")
	repo := fs.String("repo", ".", "repository root, for layouts/ and static/")
	synthetic := fs.Int("synthetic", 0, "index this many synthetic documents instead of the fixture")
	corpus := fs.String("corpus", "", "index a gencorpus tree (DIR/content/...) instead of the fixture")
	minified := fs.Bool("minify", true, "minify search.js and site.css as the site build does")
	words := fs.String("words", "", "index the shared word lists in DIR (internal/search/testdata/words), one index per language with a stemmer, instead of the fixture")
	missFlag = fs.String("miss", "/api/search-miss", "the miss endpoint the page reports to (off for none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("-o is required")
	}
	fx = defaultFixture()
	docs := fx.docs
	switch {
	case *words != "":
		var err error
		if fx, err = wordsFixture(*words); err != nil {
			return err
		}
		docs = fx.docs
	case *corpus != "":
		var err error
		if docs, err = searchtest.LoadCorpus(*corpus); err != nil {
			return err
		}
	case *synthetic > 0:
		docs = searchtest.Synthetic(*synthetic)
	}
	ix := search.NewIndex(fx.opts)
	for _, d := range docs {
		ix.Add(d)
	}
	if err := ix.Write(*out); err != nil {
		return err
	}

	partial, err := os.ReadFile(filepath.Join(*repo, "layouts", "partials", "search-page.html"))
	if err != nil {
		return err
	}
	t := template.Must(template.New("page").Parse(page))
	if _, err := t.New("partials/search-page.html").Parse(string(partial)); err != nil {
		return err
	}
	for _, lang := range fx.langs {
		view, err := newView(*repo, lang)
		if err != nil {
			return err
		}
		page := filepath.Join(*out, filepath.FromSlash(site.File(view.Lang.SearchURL())))
		if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
			return err
		}
		f, err := os.Create(page)
		if err != nil {
			return err
		}
		err = t.Execute(f, view)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	// Minifying here tests that the site's minifier keeps search.js working
	// and makes the benchmark count the bytes a visitor really gets.
	m := minify.New()
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("text/css", css.Minify)
	for src, dst := range map[string]string{"static/js/search.js": "js/search.js", "static/css/site.css": "css/site.css"} {
		b, err := os.ReadFile(filepath.Join(*repo, filepath.FromSlash(src)))
		if err != nil {
			return err
		}
		if *minified {
			mt := "text/css"
			if strings.HasSuffix(src, ".js") {
				mt = "text/javascript"
			}
			if b, err = m.Bytes(mt, b); err != nil {
				return fmt.Errorf("minify %s: %w", src, err)
			}
		}
		if err := write(filepath.Join(*out, filepath.FromSlash(dst)), b); err != nil {
			return err
		}
	}
	// Stub result pages, only for the small fixture: 13,000 would be noise.
	if *synthetic == 0 && *corpus == "" && *words == "" {
		for _, d := range docs {
			html := "<!doctype html><html lang=\"" + d.Lang + "\"><meta charset=\"utf-8\"><title>" +
				template.HTMLEscapeString(d.Title) + "</title><h1>" + template.HTMLEscapeString(d.Title) + "</h1>"
			if err := write(filepath.Join(*out, filepath.FromSlash(site.File(d.URL))), []byte(html)); err != nil {
				return err
			}
		}
	}
	if err := writeExpect(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d documents to %s\n", len(docs), *out)
	return nil
}

// parityQueries are answered by the Go reader into expect.json; the browser
// test types each one and expects search.js to give the same answer.
var parityQueries = map[string][]string{
	"en": {"sensor licensing", "immunology licence", "immun", "research collaboration", "Østersjø", "licence assay",
		"student", "data", "the sensor", "spin-off", "microscopy", "equinor sensor pilot", "climate data",
		"spinoff", "start up", "startups", "nda", "licensing patents", "microscopes", "intership", "colaboration", "funding",
		"seed funding", "isotop analysis", "sensor portal", "mikkroskopi", "elektron mikroskopes",
		// precision (issue 20): unknown words, known words never corrected, every word must match
		"mass spectrometry", "core facility", "sensr", "sensos", "immunology xyzzy", "what is a sensor", "x", "forskning"},
	"nb": {"mikroskopi", "ostersjo", "forskning", "lisens", "Østersjøen", "sensor", "baerum", "immunologi test",
		"bedrift", "forskningsavtale", "taushetsavtale", "mikroskop", "isotope", "lisensene", "sensorr", "samarbeidsavtale",
		"start-ups", "massespektrometri", "sensor xyzzy", "research"},
}

// expectation is what the page must show for one query.
type expectation struct {
	Lang  string   `json:"lang"`
	Page  string   `json:"page"` // the language's search page
	Query string   `json:"query"`
	Total int      `json:"total"`
	URLs  []string `json:"urls"`  // the first 10, with the heading's anchor where there is one
	Fixed string   `json:"fixed"` // "Showing results for …", "" if nothing was corrected
}

// writeExpect writes DIR/expect.json from the Go reader.
func writeExpect(dir string) error {
	var out []expectation
	for _, lang := range fx.langs {
		r, err := search.Open(dir, lang)
		if err != nil {
			return err
		}
		for _, q := range fx.queries[lang] {
			res, err := r.Search(q+" ", nil) // as search.js treats ?q=: finished typing
			if err != nil {
				return err
			}
			e := expectation{Lang: lang, Page: strings.TrimSuffix(searchPage(lang), "index.html"), Query: q, Total: len(res.IDs), URLs: []string{}, Fixed: res.Corrected}
			for i, id := range res.IDs[:min(10, len(res.IDs))] {
				rec, err := r.Record(id)
				if err != nil {
					return err
				}
				u := rec.URL
				if h := res.Headings[i]; h > 0 && h <= len(rec.Headings) {
					u += "#" + rec.Headings[h-1][0]
				}
				e.URLs = append(e.URLs, u)
			}
			out = append(out, e)
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "expect.json"), b); err != nil {
		return err
	}
	// The Go stems of every word of the fixture, in each of its languages,
	// for the browser test that the JavaScript stemmers agree.
	stems := map[string]map[string]string{}
	for _, lang := range fx.langs {
		stems[lang] = map[string]string{}
		for _, d := range fx.docs {
			if fx.ownStems && d.Lang != lang {
				continue
			}
			for _, w := range search.TokenizeIn(lang, d.Title+" "+d.Summary+" "+d.Text) {
				stems[lang][w] = search.Stem(lang, w)
			}
		}
	}
	if b, err = json.Marshal(stems); err != nil {
		return err
	}
	return write(filepath.Join(dir, "stems.json"), b)
}

// write writes b to p, creating directories.
func write(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// view is the part of the theme's page data (theme.View) that the search
// partial uses, filled from the theme's own strings so the fixture page
// reads as the real one does.
type view struct {
	Lang  *fixtureLang
	I     map[string]string
	Site  fixtureSite
	forms map[string]map[string]string
}

// Forms are the plural forms of a count, as theme.View.Forms gives them.
func (v view) Forms(key string) (map[string]string, error) {
	if f, ok := v.forms[key]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("no theme string %q with plural forms", key)
}

// LocaleTag is the language's code: the fixture's languages have no
// locale of their own (theme.View.LocaleTag).
func (v view) LocaleTag() string { return v.Lang.Code }

// fixtureLang is a language of the site model (its code, name and every
// address: the search index, the search and contact pages) with the
// fixture's sections and taxonomies.
type fixtureLang struct {
	*site.Lang
	Sections   []named
	Taxonomies []named
}

// fixtureSite is the part of theme.SiteView the partial reads.
type fixtureSite struct {
	Languages []*fixtureLang
	Config    struct{ Search config.Search }
}

type named struct{ Name, Title, URL string }

// fixtureSection is the part of site.Section the partial reads.
type fixtureSection struct{ Pages []named }

// Section returns the fixture's pages of section name in the language, as
// site.Lang.Section does (nil when there are none).
func (l *fixtureLang) Section(name string) *fixtureSection {
	var s fixtureSection
	for _, d := range fx.docs {
		if d.Section == name && d.Lang == l.Code && d.ContentLang == "" {
			s.Pages = append(s.Pages, named{Name: d.Section, Title: d.Title, URL: d.URL})
		}
	}
	if s.Pages == nil {
		return nil
	}
	return &s
}

// fixtureModel is the site model of the fixture's languages: a site
// without pages, whose languages give every address by the model's rules.
func fixtureModel() (*site.Site, error) {
	cfg := &config.Config{BaseURL: "https://partner.example.org/"}
	for _, code := range fx.langs {
		cfg.Languages = append(cfg.Languages, config.Language{Code: code, Name: fx.names[code]})
	}
	return site.New(cfg, nil, nil, nil)
}

func newView(repo, lang string) (view, error) {
	all := map[string]any{}
	data, err := os.ReadFile(filepath.Join(repo, "layouts", "i18n", lang+".yaml"))
	if os.IsNotExist(err) && fx.ownStems {
		// The word lists' languages have no theme strings: the page's
		// words do not matter to the parity test, only its language.
		data, err = os.ReadFile(filepath.Join(repo, "layouts", "i18n", searchtest.Languages[0]+".yaml"))
	}
	if err != nil {
		return view{}, err
	}
	if err := yaml.Unmarshal(data, &all); err != nil {
		return view{}, err
	}
	strs := map[string]string{}             // the plain strings
	forms := map[string]map[string]string{} // counts: their plural forms (internal/theme)
	for k, v := range all {
		switch v := v.(type) {
		case string:
			strs[k] = v
		case map[string]any:
			forms[k] = map[string]string{}
			for f, t := range v {
				forms[k][f], _ = t.(string)
			}
		}
	}
	model, err := fixtureModel()
	if err != nil {
		return view{}, err
	}
	l := &fixtureLang{Lang: model.Lang(lang)}
	for _, s := range []string{"offerings", "pathways", "case-studies", "facilities"} {
		l.Sections = append(l.Sections, named{Name: s, Title: s, URL: site.SectionURL(l.Prefix, s)})
	}
	for _, t := range searchtest.Taxonomies {
		l.Taxonomies = append(l.Taxonomies, named{Name: t, Title: strings.ToUpper(t[:1]) + t[1:]})
	}
	v := view{Lang: l, I: strs, forms: forms}
	for _, code := range fx.langs {
		v.Site.Languages = append(v.Site.Languages, &fixtureLang{Lang: model.Lang(code)})
	}
	v.Site.Config.Search.MissEndpoint = *missFlag
	return v, nil
}
