// Package config reads site.yaml into a typed, validated Config. Everything
// about the site that is not a page lives there, so editors can add a section,
// a field, a taxonomy or a contact topic without Go changes.
package config

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// FileName is the configuration file at the site root.
const FileName = "site.yaml"

// Config is the whole of site.yaml.
type Config struct {
	Title        Localized           `yaml:"title"`
	Description  Localized           `yaml:"description"`
	BaseURL      string              `yaml:"baseURL"`
	Languages    []Language          `yaml:"languages"`
	Paginate     int                 `yaml:"paginate"`
	Organisation Organisation        `yaml:"organisation"`
	Fields       map[string]FieldDef `yaml:"fields"`
	Taxonomies   []Taxonomy          `yaml:"taxonomies"`
	Sections     []Section           `yaml:"sections"`
	Contact      Contact             `yaml:"contact"`
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

// Get returns the text for lang, falling back to the language-neutral text and
// then to any text at all (in a stable order), so a template never shows nothing.
func (l Localized) Get(lang string) string {
	if s, ok := l[lang]; ok {
		return s
	}
	if s, ok := l[""]; ok {
		return s
	}
	for _, k := range []string{"en", "nb"} {
		if s, ok := l[k]; ok {
			return s
		}
	}
	return ""
}

// Language is one language of the site; the first in site.yaml is the default.
type Language struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	Locale string `yaml:"locale"`
}

// Organisation is the institution behind the site (schema.org Organization).
type Organisation struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	Logo string `yaml:"logo"`
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
)

var fieldTypes = map[string]bool{TypeString: true, TypeText: true, TypeDate: true, TypeBool: true, TypeInt: true, TypeList: true, TypeURL: true, TypeEmail: true, TypePath: true}

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
	// taxonomy share its name with a section (partners) without clashing.
	Path string `yaml:"path"`
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

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Parse decodes and validates site.yaml content.
func Parse(data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlDiagnostics(FileName, 0, err)
	}
	if len(root.Content) == 0 {
		return nil, diag.Errorf(FileName, 1, 0, "empty file: expected title, baseURL, languages and sections")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, yamlDiagnostics(FileName, 0, err)
	}
	if err := c.validate(&root); err != nil {
		return nil, err
	}
	return &c, nil
}

// yamlDiagnostics turns a yaml.v3 error, whose messages carry "line N", into
// positioned diagnostics. offset is added to the line numbers (front matter
// starts below the opening delimiter).
func yamlDiagnostics(file string, offset int, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var list diag.List
	for _, m := range msgs {
		line := 0
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if yamlParserProblems[m] {
			line++ // 0-based in yaml.v3's parser errors; no line means line 0
		}
		if line > 0 {
			line += offset
		}
		list.Add(diag.Errorf(file, line, 0, "invalid YAML: %s", m))
	}
	return list
}

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// scanner) errors. yaml.v3 prints their line 0-based (parser.fail adds 1
// only for scanner errors), so "summary: [a" on line 4 was reported as
// line 3, and on line 1 with no line at all.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// YAMLDiagnostics is yamlDiagnostics for other packages that parse YAML in files.
func YAMLDiagnostics(file string, lineOffset int, err error) error {
	return yamlDiagnostics(file, lineOffset, err)
}

var (
	nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]+)?$`)
)

// validate checks the decoded config, reporting every problem with the line of
// the key it concerns.
func (c *Config) validate(root *yaml.Node) error {
	var list diag.List
	line := func(path ...string) int { return nodeLine(root, path...) }
	item := func(i int, path ...string) int { return itemLine(root, i, "", path...) }
	itemKey := func(i int, key string, path ...string) int { return itemLine(root, i, key, path...) }
	bad := func(l int, format string, args ...any) { list.Add(diag.Errorf(FileName, l, 0, format, args...)) }

	if len(c.Title) == 0 {
		bad(1, "missing title")
	}
	if u, err := url.Parse(c.BaseURL); c.BaseURL == "" || err != nil || u.Scheme == "" || u.Host == "" {
		bad(line("baseURL"), "baseURL %q must be an absolute URL such as https://partner.example.org/", c.BaseURL)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if len(c.Languages) == 0 {
		bad(line("languages"), "languages: at least one language is needed")
	}
	seenLang := map[string]bool{}
	for i, l := range c.Languages {
		if !langRE.MatchString(l.Code) {
			bad(item(i, "languages"), "language code %q is not a language code such as en or nb", l.Code)
		}
		if seenLang[l.Code] {
			bad(item(i, "languages"), "language %q is listed twice", l.Code)
		}
		seenLang[l.Code] = true
	}
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
		if !fieldTypes[f.Type] {
			bad(line("fields", name), "field %q has unknown type %q (want one of string, text, date, bool, int, list, url, email, path)", name, f.Type)
		}
	}
	seenTax := map[string]bool{}
	usedPaths := map[string]string{}
	for i, t := range c.Taxonomies {
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
		} else if reservedPaths[c.Taxonomies[i].Path] || seenLang[c.Taxonomies[i].Path] {
			bad(item(i, "taxonomies"), "taxonomy %q: path /%s/ clashes with a language or a reserved path", t.Name, c.Taxonomies[i].Path)
		}
		usedPaths[c.Taxonomies[i].Path] = "taxonomy " + t.Name
		if f, ok := c.Fields[t.Name]; !ok {
			c.Fields[t.Name] = FieldDef{Type: TypeList}
		} else if f.Type != TypeList {
			bad(line("fields", t.Name), "field %q is a taxonomy and must have type list", t.Name)
		}
	}
	if len(c.Sections) == 0 {
		bad(line("sections"), "sections: at least one section is needed")
	}
	seenSec := map[string]bool{}
	for i, s := range c.Sections {
		l := item(i, "sections")
		if !nameRE.MatchString(s.Name) {
			bad(l, "section name %q must be lower-case letters, digits and dashes", s.Name)
		}
		if seenSec[s.Name] || reservedPaths[s.Name] || seenLang[s.Name] {
			bad(l, "section %q clashes with another section, a language or a reserved path", s.Name)
		}
		if what, ok := usedPaths[s.Name]; ok {
			bad(l, "section %q has the same address /%s/ as %s: give the taxonomy another path", s.Name, s.Name, what)
		}
		seenSec[s.Name] = true
		for _, f := range append(append([]string{}, s.Required...), s.Optional...) {
			if _, ok := c.Fields[f]; !ok {
				bad(l, "section %q lists field %q, which is not declared under fields", s.Name, f)
			}
		}
		if fld, _ := s.SortField(); fld != "" {
			if _, ok := c.Fields[fld]; !ok {
				bad(l, "section %q sorts by %q, which is not declared under fields", s.Name, fld)
			}
		}
	}
	c.Contact.validate(bad, line, item, itemKey)
	// A comma inside an unquoted {en: a, b} value silently splits it into a
	// text and a stray key: catch texts keyed by anything but a language.
	checkTexts := func(l int, what string, t Localized) {
		for k, v := range t {
			if k != "" && !seenLang[k] {
				bad(l, "%s: %q is not a language of the site; quote texts that contain a comma", what, k)
			} else if strings.TrimSpace(v) == "" {
				bad(l, "%s: the %s text is empty", what, k)
			}
		}
	}
	checkTexts(line("title"), "title", c.Title)
	checkTexts(line("description"), "description", c.Description)
	for i, t := range c.Taxonomies {
		checkTexts(itemKey(i, "title", "taxonomies"), "taxonomy "+t.Name+" title", t.Title)
	}
	for i, sec := range c.Sections {
		checkTexts(itemKey(i, "title", "sections"), "section "+sec.Name+" title", sec.Title)
		checkTexts(itemKey(i, "summary", "sections"), "section "+sec.Name+" summary", sec.Summary)
	}
	for i, t := range c.Contact.Topics {
		checkTexts(itemKey(i, "label", "contact", "topics"), "contact topic "+t.ID+" label", t.Label)
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

// nodeLine finds the line of the key at path in a YAML document, or the
// nearest ancestor found, so a message points as close as it can.
func nodeLine(doc *yaml.Node, path ...string) int {
	_, line := nodeAt(doc, path...)
	return line
}

// itemLine is the line of key in item i of the list at path (of the item
// itself when key is ""), or of the nearest line found on the way: an error
// about one section names its line, not the line of "sections:".
func itemLine(doc *yaml.Node, i int, key string, path ...string) int {
	n, line := nodeAt(doc, path...)
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return line
	}
	it := n.Content[i]
	if key != "" && it.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(it.Content); j += 2 {
			if it.Content[j].Value == key {
				return it.Content[j].Line
			}
		}
	}
	return it.Line
}

// nodeAt follows path through nested mappings and returns the value node
// and the line of its key; where the path ends early, nil and the line of
// the last key found.
func nodeAt(doc *yaml.Node, path ...string) (*yaml.Node, int) {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 1
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return nil, line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return nil, line
		}
	}
	return n, line
}
