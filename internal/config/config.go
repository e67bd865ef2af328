// Package config reads site.yaml into a typed, validated Config. Everything
// about the site that is not a page lives there, so editors can add a section,
// a field, a taxonomy or a contact topic without Go changes.
package config

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/contact/workday"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/locale"
	"github.com/uio-partner/portal/internal/placeholder"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// FileName is the configuration file at the site root.
const FileName = "site.yaml"

// Config is the whole of site.yaml.
type Config struct {
	Title        Localized    `yaml:"title"`
	Description  Localized    `yaml:"description"`
	BaseURL      string       `yaml:"baseURL"`
	Languages    []Language   `yaml:"languages"`
	Paginate     int          `yaml:"paginate"`
	Organisation Organisation `yaml:"organisation"`
	// Country (ISO 3166-1 alpha-2, such as SE) names the public holidays
	// working days skip; Timezone (IANA, such as Europe/Stockholm) the zone
	// they are counted in, by default the country's own.
	Country    string              `yaml:"country"`
	Timezone   string              `yaml:"timezone"`
	Fields     map[string]FieldDef `yaml:"fields"`
	Taxonomies []Taxonomy          `yaml:"taxonomies"`
	Sections   []Section           `yaml:"sections"`
	Contact    Contact             `yaml:"contact"`
	Images     Images              `yaml:"images"`
	Search     Search              `yaml:"search"`
	// Terminology holds, per language code, the terms the site uses and
	// the variants it avoids: portal check warns wherever one appears.
	Terminology map[string][]TermRule `yaml:"terminology"`
	// Placeholder marks text the communications team still has to write
	// (default PLACEHOLDER): `portal check` lists every occurrence and
	// `portal build` refuses to publish a page that holds one.
	Placeholder string `yaml:"placeholder"`

	// Calendar counts the working days of Country in Timezone: reply
	// promises, escalations, reminders, the digest and the report's days.
	Calendar *workday.Calendar `yaml:"-"`

	// Placeholders are the occurrences of the marker in site.yaml's own
	// values, as warnings; the build refuses them as errors.
	Placeholders diag.List `yaml:"-"`

	dates map[string]locale.Dates // by language code (Dates)
}

// Localized is a text per language code. A plain string in YAML means the
// same text in every language.
type Localized map[string]string

// UnmarshalYAML accepts either a string or a map of language code to string.
func (l *Localized) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = Localized{"": n.Value}
		return nil
	}
	m := map[string]string{}
	if err := n.Decode(&m); err != nil {
		return err
	}
	*l = m
	return nil
}

// Get returns the text for lang, falling back to the language-neutral text;
// a language missing is an error when site.yaml is read, which fills it
// with the default language's text.
func (l Localized) Get(lang string) string {
	if s, ok := l[lang]; ok {
		return s
	}
	if s, ok := l[""]; ok {
		return s
	}
	// Validation gave every language a text (missingTexts), so this is
	// only reached for a Config made in code: any text, in a stable order.
	for _, k := range slices.Sorted(maps.Keys(l)) {
		return l[k]
	}
	return ""
}

// missingTexts reports each site language a text per language lacks (a
// text for every language has none to lack), and fills it with the
// default language's text, so that what is shown is the default
// language's rather than nothing.
func missingTexts(c *Config, t Localized, report func(code string)) {
	if len(t) == 0 || len(c.Languages) == 0 {
		return
	}
	if _, all := t[""]; all {
		return
	}
	def := c.Languages[0].Code
	for _, l := range c.Languages {
		if _, ok := t[l.Code]; ok {
			continue
		}
		report(l.Code)
		if s, ok := t[def]; ok {
			t[l.Code] = s
		}
	}
}

// Language is one language of the site; the first in site.yaml is the default.
type Language struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	Locale string `yaml:"locale"`
	Line   int    `yaml:"-"` // where site.yaml lists it, for messages about the language
}

// Organisation is the institution behind the site (schema.org Organization).
type Organisation struct {
	Name Localized `yaml:"name"` // the institution's name per language, as visitors and mails name it
	URL  string    `yaml:"url"`
	Logo string    `yaml:"logo"`
}

// Field types understood in front matter.
const (
	TypeString = "string"
	TypeText   = "text"
	TypeDate   = "date"
	TypeBool   = "bool"
	TypeInt    = "int"
	TypeList   = "list"
	TypeURL    = "url"
	TypeEmail  = "email"
	TypePath   = "path"
	// TypeImage is a picture beside the page (roche-signing.jpg) or in
	// static/ (/images/lab.jpg), published in the sizes of images:; the
	// field named <name>Alt says what it shows.
	TypeImage = "image"
	// TypeAnswers is a guide step's answers: a list of {label, and one of
	// next, page or topic} (content.Answer).
	TypeAnswers = "answers"
	// TypeDocuments is the files a page offers beside it, each {file,
	// title} (content.Document).
	TypeDocuments = "documents"
	// TypeSources is the list of sources a page's facts come from, each
	// with a title and a date, and optionally a publisher and an address.
	TypeSources = "sources"
)

var fieldTypes = map[string]bool{TypeString: true, TypeText: true, TypeDate: true, TypeBool: true, TypeInt: true, TypeList: true, TypeURL: true, TypeEmail: true, TypePath: true, TypeImage: true, TypeAnswers: true, TypeDocuments: true, TypeSources: true}

// FieldDef declares one front-matter field.
type FieldDef struct {
	Type string `yaml:"type"`
	Max  int    `yaml:"max"` // maximum length in characters for strings; 0 means no limit
}

// Taxonomy is a way of grouping pages by terms listed in a front-matter field
// of the same name.
type Taxonomy struct {
	Name  string    `yaml:"name"`
	Title Localized `yaml:"title"`
	// Path is the URL folder of the taxonomy, by default its name. It lets a
	// taxonomy share its name with a section without clashing.
	Path string `yaml:"path"`
	// Section, when set, makes the pages of that section the taxonomy's
	// terms: a page's partners: [Roche] names content/partners/roche.md,
	// which is the term's page and lists the pages that name it. Such a
	// taxonomy has no pages of its own under Path.
	Section string `yaml:"section"`
	// Terms are the names readers see, per language, by term slug: authors
	// write [mathematics-and-natural-sciences], the Norwegian page shows
	// "Det matematisk-naturvitenskapelige fakultet".
	Terms map[string]Localized `yaml:"terms"`
}

// TermName returns the display name of the term with slug in lang (a text
// for that language, or one for every language), and false when site.yaml
// gives none: the term is then shown as written.
func (t *Taxonomy) TermName(slug, lang string) (string, bool) {
	names, ok := t.Terms[slug]
	if !ok {
		return "", false
	}
	if s, ok := names[lang]; ok {
		return s, true
	}
	s, ok := names[""]
	return s, ok
}

// Section is a folder of content/ with its own schema and sort order.
type Section struct {
	Name     string    `yaml:"name"`
	Title    Localized `yaml:"title"`
	Summary  Localized `yaml:"summary"`
	Required []string  `yaml:"required"`
	Optional []string  `yaml:"optional"`
	Sort     string    `yaml:"sort"`
	Feed     bool      `yaml:"feed"`
	// Schema is the schema.org type of the section's pages in JSON-LD
	// (Article for stories; empty for plain web pages).
	Schema string `yaml:"schema"`
	// DateLabel says what a page's date means ("Published"); the theme
	// shows the date only in sections that have one.
	DateLabel Localized `yaml:"dateLabel"`
}

// SortField returns the field to sort by and whether the order is descending.
func (s *Section) SortField() (field string, desc bool) {
	if strings.HasPrefix(s.Sort, "-") {
		return s.Sort[1:], true
	}
	return s.Sort, false
}

// Allows reports whether field is declared for this section (required or optional).
func (s *Section) Allows(field string) bool {
	for _, f := range s.Required {
		if f == field {
			return true
		}
	}
	for _, f := range s.Optional {
		if f == field {
			return true
		}
	}
	return false
}

// Finder finds the site's placeholder marker.
func (c *Config) Finder() placeholder.Finder { return placeholder.Finder{Marker: c.Placeholder} }

// DefaultLanguage returns the code of the first language.
func (c *Config) DefaultLanguage() string { return c.Languages[0].Code }

// Language returns the language with code, or nil.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// Section returns the section with name, or nil.
func (c *Config) Section(name string) *Section {
	for i := range c.Sections {
		if c.Sections[i].Name == name {
			return &c.Sections[i]
		}
	}
	return nil
}

// SectionNames lists the sections in site.yaml order, for messages.
func (c *Config) SectionNames() string {
	n := make([]string, len(c.Sections))
	for i, s := range c.Sections {
		n[i] = s.Name
	}
	return strings.Join(n, ", ")
}

// LanguageCodes lists the language codes in site.yaml order, for messages.
func (c *Config) LanguageCodes() string {
	n := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		n[i] = l.Code
	}
	return strings.Join(n, ", ")
}

// Taxonomy returns the taxonomy with name, or nil.
func (c *Config) Taxonomy(name string) *Taxonomy {
	for i := range c.Taxonomies {
		if c.Taxonomies[i].Name == name {
			return &c.Taxonomies[i]
		}
	}
	return nil
}

// Load reads and validates site.yaml under root.
func Load(root string) (*Config, error) {
	data, err := os.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.Errorf(FileName, 0, 0, "not found in %s: every site needs a site.yaml at its root", root)
		}
		return nil, diag.Errorf(FileName, 0, 0, "%v", err)
	}
	return Parse(data)
}

// Parse decodes and validates site.yaml content. It reports every problem
// at once, each at its line (and column where known), in the site's words.
func Parse(data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(data, err)
	}
	if len(root.Content) == 0 {
		return nil, diag.Errorf(FileName, 1, 0, "empty file: expected title, baseURL, languages and sections")
	}
	if line := secondDocument(data); line > 0 {
		// yaml.v3 reads the first document only: the rest would be ignored.
		return nil, diag.Errorf(FileName, line, 1, "a second YAML document starts here, and site.yaml is one: remove this line (a text that starts with --- must be quoted)")
	}
	var c Config
	d := &decoder{}
	d.decode(root.Content[0], reflect.ValueOf(&c).Elem(), "", 0)
	list := d.list
	list.Merge(FileName, c.validate(&root, d.unsettled))
	if err := list.Err(); err != nil {
		return nil, err
	}
	if c.Placeholder == "" {
		c.Placeholder = placeholder.Default
	}
	c.Placeholders = c.Finder().YAML(FileName, 0, &root, func(path string) bool { return path == "placeholder" })
	return &c, nil
}

var (
	nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]+)?$`)
)

// validate checks the decoded config, reporting every problem with the line of
// the key it concerns. It says nothing about the settings under the paths in
// unsettled, whose problems decoding reported already: a misspelt title is
// "unknown setting "titel"; did you mean "title"?", not also "missing title".
func (c *Config) validate(root *yaml.Node, unsettled []string) error {
	var list diag.List
	line := func(path ...string) int { _, l := lookup(root, path...); return l }
	item := func(i int, path ...string) int { _, l := lookup(root, append(path, strconv.Itoa(i))...); return l }
	bad := func(l int, format string, args ...any) { list.Add(diag.Errorf(FileName, l, 0, format, args...)) }
	// skip reports whether any of paths is, holds or is part of an unsettled setting.
	skip := func(paths ...string) bool {
		for _, p := range paths {
			for _, u := range unsettled {
				if u == "" || p == u || strings.HasPrefix(p, u+".") || strings.HasPrefix(u, p+".") {
					return true
				}
			}
		}
		return false
	}
	at := func(i int, path string) string { return strings.Replace(path, "#", strconv.Itoa(i), 1) }

	if len(c.Title) == 0 && !skip("title") {
		bad(1, "missing title")
	}
	if u, err := url.Parse(c.BaseURL); c.BaseURL == "" || err != nil || u.Scheme == "" || u.Host == "" {
		if !skip("baseURL") {
			bad(line("baseURL"), "baseURL %q must be an absolute URL such as https://partner.example.org/", c.BaseURL)
		}
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if !skip("country", "timezone") {
		c.Country = strings.ToUpper(c.Country)
		cal, err := workday.New(c.Country, c.Timezone)
		switch {
		case err == nil:
			c.Calendar = cal
		case c.Country == "FALSE":
			// YAML 1.1 tools (PyYAML and the like) read an unquoted NO,
			// Norway's code, as the boolean false, and write it back so.
			bad(line("country"), "country %q: a YAML 1.1 tool may have read Norway's code NO as false; write it quoted, country: \"NO\"", c.Country)
		case c.Country != "" && !workday.Known(c.Country):
			bad(line("country"), "country %q: no holiday calendar for it; known: %s", c.Country, workday.CountryList())
		case c.Timezone != "":
			bad(line("timezone"), "timezone: %v", err)
		default:
			bad(line("country"), "%v", err)
		}
	}
	if len(c.Languages) == 0 && !skip("languages") {
		bad(line("languages"), "languages: at least one language is needed")
	}
	seenLang := map[string]bool{}
	for i, l := range c.Languages {
		c.Languages[i].Line = item(i, "languages")
		if skip(at(i, "languages.#.code")) {
			continue
		}
		if !langRE.MatchString(l.Code) {
			bad(item(i, "languages"), "language code %q is not a language code such as en or nb", l.Code)
		} else if _, err := language.ParseBase(strings.SplitN(l.Code, "-", 2)[0]); err != nil {
			bad(item(i, "languages"), "language code %q is not a known ISO 639 language (such as en, sv or da)", l.Code)
		}
		if seenLang[l.Code] {
			bad(item(i, "languages"), "language %q is listed twice", l.Code)
		}
		seenLang[l.Code] = true
	}
	// Checks that compare with the languages wait until they are all read.
	langsKnown := !skip("languages")
	if c.Paginate == 0 {
		c.Paginate = 20
	}
	if c.Paginate < 0 {
		bad(line("paginate"), "paginate must be positive")
	}
	if c.Fields == nil {
		c.Fields = map[string]FieldDef{}
	}
	for _, f := range []string{"title", "summary", "date", "publishDate", "expiryDate", "draft", "layout", "slug", "weight"} {
		if _, ok := c.Fields[f]; !ok {
			c.Fields[f] = builtinFields[f]
		}
	}
	for name, f := range c.Fields {
		if !fieldTypes[f.Type] && !skip("fields."+name+".type") {
			bad(line("fields", name), "field %q has unknown type %q (want one of string, text, date, bool, int, list, url, email, path, image, sources)", name, f.Type)
		}
	}
	seenTax := map[string]bool{}
	usedPaths := map[string]string{}
	for i, t := range c.Taxonomies {
		if skip(at(i, "taxonomies.#.name"), at(i, "taxonomies.#.path")) {
			continue
		}
		if !nameRE.MatchString(t.Name) {
			bad(item(i, "taxonomies"), "taxonomy name %q must be lower-case letters, digits and dashes", t.Name)
		}
		if seenTax[t.Name] {
			bad(item(i, "taxonomies"), "taxonomy %q is declared twice", t.Name)
		}
		if c.Taxonomies[i].Path == "" {
			c.Taxonomies[i].Path = t.Name
		}
		if !nameRE.MatchString(c.Taxonomies[i].Path) {
			bad(item(i, "taxonomies"), "taxonomy path %q must be lower-case letters, digits and dashes", c.Taxonomies[i].Path)
		}
		seenTax[t.Name] = true
		if what, ok := usedPaths[c.Taxonomies[i].Path]; ok {
			bad(item(i, "taxonomies"), "taxonomy %q has the same path /%s/ as %s", t.Name, c.Taxonomies[i].Path, what)
		} else if reservedPaths[c.Taxonomies[i].Path] || langsKnown && seenLang[c.Taxonomies[i].Path] {
			bad(item(i, "taxonomies"), "taxonomy %q: path /%s/ clashes with a language or a reserved path", t.Name, c.Taxonomies[i].Path)
		}
		if t.Section == "" {
			usedPaths[c.Taxonomies[i].Path] = "taxonomy " + t.Name
		}
		for slug := range t.Terms {
			if !nameRE.MatchString(slug) {
				bad(termLine(root, i, slug), "taxonomy %q: term %q must be written as pages write it, as a slug: lower-case letters, digits and dashes", t.Name, slug)
			}
		}
		if f, ok := c.Fields[t.Name]; !ok {
			c.Fields[t.Name] = FieldDef{Type: TypeList}
		} else if f.Type != TypeList && !skip("fields."+t.Name+".type") {
			bad(line("fields", t.Name), "field %q is a taxonomy and must have type list", t.Name)
		}
	}
	if len(c.Sections) == 0 && !skip("sections") {
		bad(line("sections"), "sections: at least one section is needed")
	}
	backedBy := map[string]string{}
	for i, t := range c.Taxonomies {
		if t.Section == "" {
			continue
		}
		_, l := lookup(root, "taxonomies", strconv.Itoa(i), "section")
		if c.Section(t.Section) == nil {
			bad(l, "taxonomy %q: its terms are the pages of section %q, which is not declared under sections", t.Name, t.Section)
		} else if other, ok := backedBy[t.Section]; ok {
			bad(l, "taxonomy %q: the pages of section %q are already the terms of taxonomy %q", t.Name, t.Section, other)
		}
		if len(t.Terms) > 0 {
			bad(item(i, "taxonomies"), "taxonomy %q: its terms are the pages of section %q, which give their names; remove terms:", t.Name, t.Section)
		}
		backedBy[t.Section] = t.Name
	}
	seenSec := map[string]bool{}
	for i, s := range c.Sections {
		l := item(i, "sections")
		if !skip(at(i, "sections.#.name")) {
			if !nameRE.MatchString(s.Name) {
				bad(l, "section name %q must be lower-case letters, digits and dashes", s.Name)
			}
			if seenSec[s.Name] || reservedPaths[s.Name] || langsKnown && seenLang[s.Name] {
				bad(l, "section %q clashes with another section, a language or a reserved path", s.Name)
			}
			if what, ok := usedPaths[s.Name]; ok {
				bad(l, "section %q has the same address /%s/ as %s: give the taxonomy another path", s.Name, s.Name, what)
			}
			seenSec[s.Name] = true
		}
		for _, f := range append(append([]string{}, s.Required...), s.Optional...) {
			if _, ok := c.Fields[f]; !ok && !skip("fields") {
				bad(l, "section %q lists field %q, which is not declared under fields", s.Name, f)
			}
		}
		if fld, _ := s.SortField(); fld != "" {
			if _, ok := c.Fields[fld]; !ok && !skip("fields") {
				bad(l, "section %q sorts by %q, which is not declared under fields", s.Name, fld)
			}
		}
	}
	c.Contact.validate(bad, line, skip)
	langs := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		langs[i] = l.Code
	}
	c.Contact.validateFields(bad, line, skip, langs)
	c.Images.validate(bad, line, skip)
	for i, s := range c.Sections {
		for _, f := range append(append([]string{}, s.Required...), s.Optional...) {
			if c.Fields[f].Type == TypeImage && !s.Allows(AltField(f)) && !skip("fields", "sections") {
				bad(item(i, "sections"), "section %q lists the picture field %q but not %q, which says what it shows to readers who cannot see it: add it to the section's optional fields (and to fields: as {type: string})", s.Name, f, AltField(f))
			}
		}
	}
	c.Search.validate(c, bad, line, skip)
	validateLocales(c, bad, line, skip)
	validateTerminology(c, c.Terminology, bad, line, skip)
	// Texts are keyed by language. A key that is not one is most often the
	// rest of a text that a comma in an unquoted {en: a, b} cut off, so
	// that is said where it is so, and otherwise which languages there are.
	checkTexts := func(what string, t Localized, path ...string) {
		n, l := lookup(root, path...)
		if skip(strings.Join(path, "."), "languages") {
			return
		}
		var ps []pair
		if n != nil && n.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(n.Content); j += 2 {
				ps = append(ps, pair{key: n.Content[j], value: n.Content[j+1]})
			}
		}
		for j, p := range ps {
			k := p.key.Value
			if _, ok := t[k]; !ok || seenLang[k] {
				continue
			}
			notLang := func(p pair) bool { return !seenLang[p.key.Value] }
			switch start := commaRun(n, ps, j, notLang); {
			case start == j:
				list.Add(diag.Errorf(FileName, p.key.Line, p.key.Column, "%s: %q is not a language of the site; quote texts that contain a comma, as in %s: %s",
					what, k, ps[j-1].key.Value, yamlQuote(strayText(ps, j, notLang))))
			case start < 0:
				list.Add(diag.Errorf(FileName, p.key.Line, p.key.Column, "%s: %q is not a language of the site, which has %s%s",
					what, k, c.LanguageCodes(), diag.DidYouMean(k, strings.Split(c.LanguageCodes(), ", "), "")))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			switch {
			case k != "" && !seenLang[k] && len(ps) == 0:
				bad(l, "%s: %q is not a language of the site, which has %s", what, k, c.LanguageCodes())
			case strings.TrimSpace(t[k]) != "":
			case k == "":
				bad(l, "%s is empty", what)
			case seenLang[k]:
				bad(l, "%s: the %s text is empty", what, k)
			}
		}
		if !slices.Contains(path, "terms") { // a term without a name in a language is shown as written
			missingTexts(c, t, func(code string) { bad(l, "%s has no %s text: add %s: to it", what, code, code) })
		}
	}
	checkTexts("title", c.Title, "title")
	checkTexts("description", c.Description, "description")
	checkTexts("organisation name", c.Organisation.Name, "organisation", "name")
	for i, t := range c.Taxonomies {
		checkTexts("taxonomy "+t.Name+" title", t.Title, "taxonomies", strconv.Itoa(i), "title")
		for _, slug := range slices.Sorted(maps.Keys(t.Terms)) {
			checkTexts("taxonomy "+t.Name+" term "+slug, t.Terms[slug], "taxonomies", strconv.Itoa(i), "terms", slug)
		}
	}
	for i, sec := range c.Sections {
		checkTexts("section "+sec.Name+" title", sec.Title, "sections", strconv.Itoa(i), "title")
		checkTexts("section "+sec.Name+" summary", sec.Summary, "sections", strconv.Itoa(i), "summary")
		checkTexts("section "+sec.Name+" dateLabel", sec.DateLabel, "sections", strconv.Itoa(i), "dateLabel")
	}
	for i, t := range c.Contact.Topics {
		checkTexts("contact topic "+t.ID+" label", t.Label, "contact", "topics", strconv.Itoa(i), "label")
		if t.Unit != nil {
			checkTexts("contact topic "+t.ID+" unit", t.Unit, "contact", "topics", strconv.Itoa(i), "unit")
		}
	}
	for i, f := range c.Contact.Fields {
		checkTexts("contact field "+f.Name+" label", f.Label, "contact", "fields", strconv.Itoa(i), "label")
		if f.Hint != nil {
			checkTexts("contact field "+f.Name+" hint", f.Hint, "contact", "fields", strconv.Itoa(i), "hint")
		}
	}
	if len(c.Contact.Topics) > 0 && c.Contact.Endpoint == "" {
		c.Contact.Endpoint = "/api/contact"
	}
	return list.Err()
}

// SetBaseURL overrides baseURL (portal build --base-url), with the same check
// as in site.yaml.
func (c *Config) SetBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return diag.Errorf("--base-url", 0, 0, "%q must be an absolute URL such as https://partner.example.org/", u)
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	c.BaseURL = u
	return nil
}

// reservedPaths are output folders the generator itself writes.
var reservedPaths = map[string]bool{"search": true, "contact": true, "images": true, "css": true, "js": true, "api": true, "page": true, "feed": true}

var builtinFields = map[string]FieldDef{
	"title": {Type: TypeString}, "summary": {Type: TypeText}, "date": {Type: TypeDate},
	"publishDate": {Type: TypeDate}, "expiryDate": {Type: TypeDate}, "draft": {Type: TypeBool},
	"layout": {Type: TypeString}, "slug": {Type: TypeString}, "weight": {Type: TypeInt},
}

// termLine is the line of term slug under taxonomy i's terms:.
func termLine(doc *yaml.Node, i int, slug string) int {
	_, line := lookup(doc, "taxonomies", strconv.Itoa(i), "terms", slug)
	return line
}

// lookup follows path, keys of mappings and indices of lists, from the
// document root, through aliases, and returns the value found at its end
// (nil if the path ends early) and the line of the deepest key or list item
// found on the way (1 at worst), so a message points as close as it can: an
// error about one section names its line, not the line of "sections:".
func lookup(doc *yaml.Node, path ...string) (*yaml.Node, int) {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 1
	for depth, seg := range path {
		for n.Kind == yaml.AliasNode && n.Alias != nil && depth < maxDepth {
			n = n.Alias
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == seg {
					line, next = n.Content[i].Line, n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return nil, line
		}
		n = next
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias // anchors are never aliases, so one step is all
	}
	return n, line
}
