// Package scaffold writes a new content file from a per-section template (an
// archetype), so an academic starts from a file that already has every field
// the section needs, each explained in a YAML comment.
package scaffold

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"gopkg.in/yaml.v3"
)

// ArchetypesDir holds the templates of new pages: <section>.md, falling back
// to default.md.
const ArchetypesDir = "layouts/archetypes"

// builtinDefault is used when a site has no archetypes at all.
//
//go:embed default.md
var builtinDefault string

// Request says which page to create.
type Request struct {
	Root    string    // site root holding site.yaml
	Section string    // a section declared in site.yaml
	Title   string    // the page title; the file name is its slug
	Lang    string    // language code; "" or the default language writes <slug>.md
	Slug    string    // overrides the slug made from the title (translations keep the original's)
	Now     time.Time // the clock: the page's date; zero means time.Now
}

// Result is the file written.
type Result struct {
	File      string   // slash path relative to Root, e.g. content/case-studies/x.md
	Archetype string   // the template used, e.g. layouts/archetypes/case-studies.md ("" for the built-in one)
	Notes     []string // advice for the author, e.g. a translation whose original is missing
}

// Data is what an archetype template sees.
type Data struct {
	Title   string
	Slug    string
	Section string
	Lang    string
	Date    string // today, as 2006-01-02
	Year    int
	// Required and Optional are the section's fields from site.yaml, in order.
	Required []Field
	Optional []Field
	// Terms maps each taxonomy to the terms pages use today, so the template
	// can list them and authors reuse existing spellings. For a taxonomy
	// whose terms are a section's pages (partners), they are exactly the
	// titles of those pages in the page's language: no other name links.
	Terms map[string][]string
	// Pages maps each section to the slugs of its pages (e.g. the pathways).
	Pages map[string][]string
	// Topics are the contact topic ids of site.yaml.
	Topics []string
	// Marker is the site's placeholder marker for text still to be written, which
	// portal check lists and portal build refuses to publish.
	Marker string
}

// Field is a front-matter field as declared in site.yaml.
type Field struct {
	Name     string
	Type     string
	Max      int
	Required bool
	Help     string // what the field means, for the comment above it
}

// Fields returns the required fields, then the optional ones.
func (d *Data) Fields() []Field { return append(append([]Field{}, d.Required...), d.Optional...) }

// ErrExists is returned (wrapped) when the file to write already exists.
var ErrExists = errors.New("already exists")

// New writes content/<section>/<slug>[.<lang>].md from the section's
// archetype. It never overwrites a file.
func New(req Request) (res *Result, err error) {
	if req.Root == "" {
		req.Root = "."
	}
	if req.Now.IsZero() {
		req.Now = time.Now()
	}
	cfg, err := config.Load(req.Root)
	if err != nil {
		return nil, err
	}
	sec := cfg.Section(req.Section)
	if sec == nil {
		return nil, fmt.Errorf("unknown section %q: site.yaml declares %s", req.Section, cfg.SectionNames())
	}
	req.Title = strings.TrimSpace(req.Title)
	if req.Title == "" {
		return nil, errors.New("the title is empty: give the story's title in quotes, e.g. \"Sensors with FFI\"")
	}
	if strings.ContainsAny(req.Title, "\n\r") {
		return nil, errors.New("the title must be one line")
	}
	if max := cfg.Fields["title"].Max; max > 0 && utf8.RuneCountInString(req.Title) > max {
		return nil, fmt.Errorf("the title is %d characters long; keep it to %d", utf8.RuneCountInString(req.Title), max)
	}
	slug := req.Slug
	if slug == "" {
		slug = content.Slugify(req.Title)
	}
	if !content.ValidSlug(slug) {
		return nil, fmt.Errorf("slug %q is not URL-safe: use lower-case letters, digits and dashes (try %q)", slug, content.Slugify(slug))
	}
	def := cfg.DefaultLanguage()
	lang := req.Lang
	if lang == "" {
		lang = def
	}
	if cfg.Language(lang) == nil {
		return nil, fmt.Errorf("unknown language %q: site.yaml declares %s", lang, cfg.LanguageCodes())
	}
	name := slug + ".md"
	if lang != def {
		name = slug + "." + lang + ".md"
	}
	res = &Result{File: path.Join(content.Dir, sec.Name, name)}
	orig := path.Join(content.Dir, sec.Name, slug+".md")
	origPath := filepath.Join(req.Root, filepath.FromSlash(orig))
	hasOrig := false
	if lang != def {
		if _, err := os.Stat(origPath); err == nil {
			hasOrig = true
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("%s does not exist yet: a translation is shown only beside its original with the same file name; use --slug to name the original's slug", orig))
		}
	}
	tmplName, src, err := archetype(req.Root, sec.Name)
	if err != nil {
		return nil, err
	}
	res.Archetype = tmplName
	data := newData(cfg, req.Root, sec, req.Title, slug, lang, req.Now)
	out, err := render(tmplName, src, data)
	if err != nil {
		return nil, err
	}
	out, err = complete(out, tmplName, data)
	if err != nil {
		return nil, err
	}
	if hasOrig {
		out = fromOriginal(out, cfg, sec, origPath, orig)
	}
	full := filepath.Join(req.Root, filepath.FromSlash(res.File))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s %w: edit that file, or choose another title (or --slug)", res.File, ErrExists)
		}
		return nil, err
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		os.Remove(full)
		return nil, err
	}
	return res, f.Close()
}

// archetype returns the template for a section: layouts/archetypes/<section>.md,
// else layouts/archetypes/default.md, else the built-in default.
func archetype(root, section string) (name, src string, err error) {
	for _, n := range []string{section + ".md", "default.md"} {
		rel := ArchetypesDir + "/" + n
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err == nil {
			return rel, string(data), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", err
		}
	}
	return "", builtinDefault, nil
}

func render(name, src string, data *Data) ([]byte, error) {
	label := name
	if label == "" {
		label = "built-in archetype"
	}
	t, err := template.New(label).Funcs(funcs).Option("missingkey=zero").Parse(src)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// complete checks the rendered file's front matter and adds what the archetype
// left out: every required field of the section (site.yaml may have gained
// one since the archetype was written) and draft: true.
func complete(out []byte, name string, data *Data) ([]byte, error) {
	label := name
	if label == "" {
		label = "built-in archetype"
	}
	s := string(out)
	if !strings.HasPrefix(s, "---\n") {
		return nil, fmt.Errorf("%s: a page must start with a line \"---\"", label)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		return nil, fmt.Errorf("%s: the front matter is not closed with a line \"---\"", label)
	}
	end += 4
	fm := map[string]any{}
	if err := yaml.Unmarshal([]byte(s[4:end]), &fm); err != nil {
		return nil, fmt.Errorf("%s: the front matter it produces is not valid YAML: %v", label, err)
	}
	var add strings.Builder
	for _, f := range data.Required {
		if _, ok := fm[f.Name]; !ok {
			value := placeholder(f, data)
			if f.Name == "title" {
				value = yamlScalar(data.Title)
			}
			fmt.Fprintf(&add, "\n%s\n%s: %s\n", comment(f.Name+" (required): "+f.Help+"."), f.Name, value)
		}
	}
	if _, ok := fm["draft"]; !ok {
		add.WriteString("\n# Drafts are not published; delete this line when the page is ready.\ndraft: true\n")
	}
	return []byte(s[:end+1] + add.String() + s[end+1:]), nil
}

// placeholder is an empty value of the field's type, which `portal check`
// rejects for a required field until it is filled in.
func placeholder(f Field, data *Data) string {
	switch f.Type {
	case config.TypeList, config.TypeAnswers, config.TypeDocuments, config.TypeSources:
		return "[]"
	case config.TypeDate:
		return data.Date
	case config.TypeBool:
		return "false"
	case config.TypeInt:
		if f.Name == "since" {
			return fmt.Sprint(data.Year)
		}
		return "0"
	}
	return `""`
}

func newData(cfg *config.Config, root string, sec *config.Section, title, slug, lang string, now time.Time) *Data {
	d := &Data{
		Title: title, Slug: slug, Section: sec.Name, Lang: lang,
		Date: now.Format("2006-01-02"), Year: now.Year(),
		Terms: map[string][]string{}, Pages: map[string][]string{},
		Marker: cfg.Placeholder,
	}
	field := func(name string, required bool) Field {
		def := cfg.Fields[name]
		return Field{Name: name, Type: def.Type, Max: def.Max, Required: required, Help: Help(name, def)}
	}
	for _, f := range sec.Required {
		d.Required = append(d.Required, field(f, true))
	}
	for _, f := range sec.Optional {
		d.Optional = append(d.Optional, field(f, false))
	}
	for _, t := range cfg.Contact.Topics {
		d.Topics = append(d.Topics, t.ID)
	}
	// Existing pages give the terms and slugs to suggest. A site with
	// content errors still has its good pages.
	site, _ := content.Load(root, cfg)
	if site == nil {
		return d
	}
	spellings := map[string]map[string]map[string]int{} // taxonomy -> slug -> spelling -> count
	for _, p := range site.Pages {
		if p.Kind == content.Regular && p.Lang == cfg.DefaultLanguage() {
			d.Pages[p.Section] = append(d.Pages[p.Section], p.Slug)
		}
		for tax, terms := range p.Terms {
			if spellings[tax] == nil {
				spellings[tax] = map[string]map[string]int{}
			}
			for _, t := range terms {
				s := content.Slugify(t)
				if spellings[tax][s] == nil {
					spellings[tax][s] = map[string]int{}
				}
				spellings[tax][s][t]++
			}
		}
	}
	for tax, bySlug := range spellings {
		if t := cfg.Taxonomy(tax); t != nil && t.Section != "" {
			continue
		}
		for _, sp := range bySlug {
			best, n := "", -1
			for t, c := range sp {
				if c > n || c == n && t < best {
					best, n = t, c
				}
			}
			d.Terms[tax] = append(d.Terms[tax], best)
		}
		sortFold(d.Terms[tax])
	}
	for _, t := range cfg.Taxonomies {
		if t.Section != "" {
			d.Terms[t.Name] = pageTitles(site.Pages, t.Section, lang, cfg.DefaultLanguage())
		}
	}
	return d
}

// pageTitles are the titles of the published pages of section, in lang
// where the page has a translation and in def otherwise.
func pageTitles(pages []*content.Page, section, lang, def string) []string {
	byKey := map[string]*content.Page{}
	for _, p := range pages {
		if p.Kind != content.Regular || p.Section != section || p.Draft || (p.Lang != lang && p.Lang != def) {
			continue
		}
		if cur, ok := byKey[p.Key()]; !ok || cur.Lang != lang {
			byKey[p.Key()] = p
		}
	}
	var titles []string
	for _, p := range byKey {
		titles = append(titles, p.Title)
	}
	sortFold(titles)
	return titles
}

// sortFold sorts names without regard to case.
func sortFold(names []string) {
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
}
