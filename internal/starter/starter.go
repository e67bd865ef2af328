// Package starter writes a new site repository (`portal init`): site.yaml
// with the institution's name in each language, the theme this binary
// carries, the standalone pages (home, contact, search, thanks, about) in
// each language, the archetype, CI workflows and a README for the
// communications team. Everything it writes is embedded, so a release
// binary can start a site without this repository.
package starter

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"

	portal "github.com/uio-partner/portal"
	"github.com/uio-partner/portal/internal/contact/workday"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

//go:embed all:files texts
var files embed.FS

// DefaultBaseURL is the address site.yaml gets until the office knows the
// real one; site.yaml's comment says to replace it.
const DefaultBaseURL = "https://partner.example.org/"

// Options are what `portal init` is told.
type Options struct {
	Dir       string   // the new site's folder: missing or empty
	Name      string   // the institution's name
	Languages []string // language codes, the default first
	Country   string   // ISO 3166-1 alpha-2, for the holiday calendar
	Timezone  string   // IANA zone; empty is the country's own
	BaseURL   string   // empty is DefaultBaseURL
}

// texts are one language's starter texts (texts/<code>.yaml).
type texts struct {
	Name        string `yaml:"name"`
	Locale      string `yaml:"locale"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Section     struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	} `yaml:"section"`
	Topic string `yaml:"topic"`
	// Form holds the contact form's labels by field (topic, name, email,
	// organisation, message, messageHint, consent), written into site.yaml's
	// contact.fields, the form's one declaration.
	Form  map[string]string `yaml:"form"`
	Pages map[string]page   `yaml:"pages"`
	// Fallback words the tag and note of a page shown in the default
	// language, whose name (in this language) is put in for %s.
	Fallback struct {
		Tag   string            `yaml:"tag"`
		Note  string            `yaml:"note"`
		Names map[string]string `yaml:"names"`
	} `yaml:"fallback"`
}

type page struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	Body    string `yaml:"body"`
}

// pages are the standalone pages every new site has, with the front
// matter beyond title and summary that makes each what it is.
var pages = []struct{ name, file, front string }{
	{"home", "_index", ""},
	{"contact", "contact", "layout: contact\n"},
	{"search", "search", "layout: search\n"},
	{"thanks", "thanks", "layout: thanks\nurl: /contact/thanks/\nnoindex: true\n"},
	{"about", "about", ""},
}

// Languages lists the codes of the languages a site can start in: those
// with both starter texts and theme strings.
func Languages() []string {
	var codes []string
	entries, _ := fs.ReadDir(files, "texts")
	for _, e := range entries {
		code := strings.TrimSuffix(e.Name(), ".yaml")
		if _, err := fs.Stat(portal.Theme, "layouts/i18n/"+code+".yaml"); err == nil {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	return codes
}

// lang is one language of the new site, as the templates see it.
type lang struct {
	Code string
	*texts
	name string
}

// T returns the text at key ("title", "section.title", "topic",
// "form.name") with the institution's name put in.
func (l lang) T(key string) string {
	s := map[string]string{"title": l.Title, "description": l.Description, "section.title": l.Section.Title,
		"section.summary": l.Section.Summary, "topic": l.Topic}[key]
	if field, ok := strings.CutPrefix(key, "form."); ok {
		s = l.Form[field]
	}
	return strings.ReplaceAll(s, "{{name}}", l.name)
}

// Check says everything wrong with o at once, in the words of the flags.
func (o *Options) Check() error {
	var errs []error
	if strings.TrimSpace(o.Name) == "" {
		errs = append(errs, errors.New("--name: the institution's name is needed, such as --name \"Karolinska Institutet\""))
	}
	if len(o.Languages) == 0 {
		errs = append(errs, errors.New("--languages: at least one language is needed, the default first, such as --languages sv,en"))
	}
	seen := map[string]bool{}
	for _, code := range o.Languages {
		switch {
		case seen[code]:
			errs = append(errs, fmt.Errorf("--languages: %q is listed twice", code))
		case !slices.Contains(Languages(), code):
			if _, err := language.ParseBase(code); err != nil {
				errs = append(errs, fmt.Errorf("--languages: %q is not a language code (ISO 639-1, such as sv or en)", code))
			} else {
				errs = append(errs, fmt.Errorf("--languages: no starter texts in %q yet; a site can start in %s, and a language is added later as CONTRIBUTING.md says", code, strings.Join(Languages(), ", ")))
			}
		}
		seen[code] = true
	}
	o.Country = strings.ToUpper(o.Country)
	if o.Country == "" {
		errs = append(errs, errors.New("--country: the country whose public holidays working days skip is needed, such as --country SE"))
	} else if _, err := workday.New(o.Country, o.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("--country/--timezone: %v", err))
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if u, err := url.Parse(o.BaseURL); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url %q: want an address such as https://partner.example.org/", o.BaseURL))
	} else if !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if err := empty(o.Dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// empty says why dir cannot take a new site: it holds something. A
// missing folder is made.
func empty(dir string) error {
	if dir == "" {
		return errors.New("name the folder of the new site: portal init DIR")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: portal init never writes over files; name a new folder", dir)
	}
	return nil
}

// Write checks o and writes the new site into o.Dir, returning the files
// written, relative to it. Nothing is written if o has a problem.
func Write(o Options) ([]string, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	out, err := render(o)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out))
	for name := range out {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(o.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		// O_EXCL: a file that appeared meanwhile is never overwritten.
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		_, err = f.Write(out[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return names, nil
}

// render returns every file of the new site by its slash-separated path.
func render(o Options) (map[string][]byte, error) {
	out := map[string][]byte{}
	langs := make([]lang, len(o.Languages))
	for i, code := range o.Languages {
		data, err := files.ReadFile("texts/" + code + ".yaml")
		if err != nil {
			return nil, err
		}
		t := &texts{}
		if err := yaml.Unmarshal(data, t); err != nil {
			return nil, fmt.Errorf("starter texts %s: %v", code, err)
		}
		langs[i] = lang{Code: code, texts: t, name: o.Name}
	}
	zone := o.Timezone
	if zone == "" {
		cal, _ := workday.New(o.Country, "") // Check has refused an unknown country
		zone = cal.Location().String()
	}
	u, _ := url.Parse(o.BaseURL)
	other := ""
	if len(langs) > 1 {
		other = langs[1].Code
	}
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = l.Name
	}
	data := map[string]any{"Name": o.Name, "Langs": langs, "BaseURL": o.BaseURL, "Origin": u.Scheme + "://" + u.Host,
		"Country": o.Country, "Timezone": zone, "LangList": strings.Join(names, ", "), "DefaultName": langs[0].Name, "OtherCode": other}
	for _, t := range []struct{ tmpl, name string }{{"site.yaml.tmpl", "site.yaml"}, {"README.md.tmpl", "README.md"}} {
		b, err := execute(t.tmpl, data)
		if err != nil {
			return nil, err
		}
		out[t.name] = b
	}
	if err := copyTree(files, "files", out, func(p string) string {
		switch {
		case strings.HasSuffix(p, ".tmpl"):
			return ""
		case p == "gitignore": // embed leaves out a file named .gitignore
			return ".gitignore"
		}
		return p
	}); err != nil {
		return nil, err
	}
	if err := copyTree(portal.Theme, ".", out, func(p string) string {
		switch {
		case strings.HasPrefix(p, "layouts/archetypes/"):
			// The example site's archetypes are about its own sections:
			// only the general one fits a new site.
			if p != "layouts/archetypes/default.md" {
				return ""
			}
		case strings.HasPrefix(p, "layouts/i18n/"):
			if !slices.Contains(o.Languages, strings.TrimSuffix(path.Base(p), ".yaml")) {
				return ""
			}
		}
		return p
	}); err != nil {
		return nil, err
	}
	for _, l := range langs[1:] {
		name := "layouts/i18n/" + l.Code + ".yaml"
		out[name] = fallbackStrings(out[name], l.texts, langs[0].Code)
	}
	for i, l := range langs {
		suffix := "." + l.Code
		if i == 0 {
			suffix = "" // the default language's files have no language in their name
		}
		for _, p := range pages {
			pg, ok := l.Pages[p.name]
			if !ok {
				return nil, fmt.Errorf("starter texts %s: no page %s", l.Code, p.name)
			}
			out["content/"+p.file+suffix+".md"] = pageFile(pg, p.front, o.Name)
		}
	}
	return out, nil
}

// fallbackLines are the theme strings that name the language a page is
// shown in when it has no translation: the theme writes them for its
// example, whose default language is English.
var fallbackLines = regexp.MustCompile(`(?m)^(inEnglish|fallbackNote): .*$`)

// fallbackStrings rewrites, in the theme strings src of a language t,
// the lines that name the language untranslated pages are shown in, so
// they name the new site's default language def.
func fallbackStrings(src []byte, t *texts, def string) []byte {
	name := t.Fallback.Names[def]
	return fallbackLines.ReplaceAllFunc(src, func(line []byte) []byte {
		key, _, _ := strings.Cut(string(line), ":")
		text := t.Fallback.Tag
		if key == "fallbackNote" {
			text = t.Fallback.Note
		}
		return []byte(key + ": " + yamlScalar(fmt.Sprintf(text, name)))
	})
}

// pageFile is a standalone page's Markdown with its front matter.
func pageFile(pg page, front, name string) []byte {
	fill := func(s string) string { return strings.ReplaceAll(s, "{{name}}", name) }
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\nsummary: %s\n", yamlScalar(fill(pg.Title)), yamlScalar(fill(pg.Summary)))
	b.WriteString(front)
	b.WriteString("---\n")
	b.WriteString(strings.TrimRight(fill(pg.Body), "\n") + "\n")
	return b.Bytes()
}

// copyTree adds the files of fsys under root to out, at the path rename
// gives each (relative to root); "" leaves the file out.
func copyTree(fsys fs.FS, root string, out map[string][]byte, rename func(string) string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		name := rename(rel)
		if name == "" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[name] = b
		return nil
	})
}

var funcs = template.FuncMap{"yaml": yamlScalar}

func execute(name string, data any) ([]byte, error) {
	t, err := template.New(name).Funcs(funcs).ParseFS(files, "files/"+name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// yamlScalar writes s as a YAML value on one line, quoted when YAML needs it.
func yamlScalar(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(b), "\n")
}
