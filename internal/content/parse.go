package content

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// yamlFormat is the only front-matter format: YAML between --- lines, decoded
// into a yaml.Node so every key keeps its line number.
var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	return yaml.Unmarshal(data, v)
})

// Parse reads one content file's bytes into a Page. It reports every problem
// it can find in the file, not only the first. file is the slash path used in
// messages; section, slug and lang come from the file's place in content/.
func Parse(cfg *config.Config, file string, data []byte, kind Kind, section, slug, lang string) (*Page, error) {
	var errs diag.List
	if !utf8.Valid(data) {
		line, col := invalidUTF8At(data)
		return nil, diag.Errorf(file, line, col, "invalid UTF-8: save the file as UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a BOM from Windows editors is harmless
	openLine, headEnd := frontMatterBounds(data)
	if openLine == 0 {
		return nil, diag.Errorf(file, 1, 1, "front matter: missing; a page starts with a line \"---\", YAML fields such as title: and summary:, and another \"---\"")
	}
	var doc yaml.Node
	// The parser copies everything it reads, body included; hand it the
	// front matter alone when its closing line can be found (it still
	// decides, and reports an unclosed block itself).
	head := data
	if headEnd > 0 {
		head = data[:headEnd]
	}
	body, err := frontmatter.MustParse(bytes.NewReader(head), &doc, yamlFormat)
	if err != nil {
		if errors.Is(err, frontmatter.ErrNotFound) {
			return nil, diag.Errorf(file, openLine, 1, "front matter: not closed; add a line \"---\" after the last field")
		}
		return nil, frontMatterYAMLError(file, openLine, err)
	}
	headLen := len(head) - len(body)
	end := bytes.Count(data[:headLen], []byte("\n"))
	if headLen > 0 && data[headLen-1] != '\n' {
		end++ // the file ends with the closing "---" and no newline
	}
	p := &Page{
		File: file, Kind: kind, Section: section, Slug: slug, Lang: lang,
		Params: map[string]any{}, Terms: map[string][]string{}, Lines: map[string]int{}, Items: map[string][]Pos{},
		// The parser's body is a slice of its own grown copy of the file;
		// keeping the tail of data instead halves what a page holds on to.
		Body:           data[headLen:],
		Head:           data[:headLen],
		BodyLine:       end + 1,
		FrontMatterEnd: end,
	}
	var m *yaml.Node
	switch {
	case doc.Kind == 0: // empty front matter
		m = &yaml.Node{Kind: yaml.MappingNode}
	case doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode:
		m = doc.Content[0]
	default:
		return nil, diag.Errorf(file, openLine+1, 1, "front matter: expected fields such as \"title: ...\", one per line")
	}
	invalid := map[string]bool{} // fields already reported, not to be called missing too
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := openLine + k.Line
		if _, dup := p.Lines[k.Value]; dup {
			errs.Add(diag.Errorf(file, line, k.Column, "front matter: field %q appears twice", k.Value))
			continue
		}
		p.Lines[k.Value] = line
		def, known := cfg.Fields[k.Value]
		if !known {
			// Unknown fields are kept as strings where possible; `portal check`
			// warns about them with a "did you mean".
			if v.Kind == yaml.ScalarNode {
				p.Params[k.Value] = v.Value
			}
			continue
		}
		if def.Type == config.TypeDocuments {
			// Only sections that list the field may offer files: case
			// studies, which stories from the form become, do not.
			if sec := cfg.Section(p.Section); p.Kind == Regular && sec != nil && !sec.Allows(k.Value) {
				errs.Add(diag.Errorf(file, line, k.Column, "front matter: %s pages cannot offer documents: site.yaml lists %q in the fields of the sections that may", p.Section, k.Value))
				invalid[k.Value] = true
				continue
			}
			docs, ok := parseDocuments(cfg, file, lang, openLine, v, &errs)
			if !ok {
				invalid[k.Value] = true
			}
			p.Params[k.Value] = docs
			continue
		}
		if def.Type == config.TypeAnswers {
			answers, ok := parseAnswers(file, openLine, v, &errs)
			if !ok {
				invalid[k.Value] = true
			}
			p.Params[k.Value] = answers
			continue
		}
		if def.Type == config.TypeSources {
			before := len(errs)
			sources := parseSources(file, openLine, k.Value, v, &errs)
			p.Params[k.Value] = sources
			p.Sources = append(p.Sources, sources...)
			if len(errs) > before {
				invalid[k.Value] = true
			}
			continue
		}
		val, msg := typed(def, v)
		if msg != "" {
			errs.Add(diag.Errorf(file, openLine+v.Line, v.Column, "front matter: field %q %s", k.Value, msg))
			invalid[k.Value] = true
			continue
		}
		p.Params[k.Value] = val
		if def.Type == config.TypeList {
			p.Items[k.Value] = itemPositions(v, openLine)
		}
		if isProse(cfg, k.Value, def) {
			p.Texts = appendTexts(p.Texts, v, openLine)
		}
	}
	p.fill(cfg, invalid, &errs)
	p.Warnings = p.warnings(cfg)
	finder := cfg.Finder()
	p.Placeholders = append(finder.YAML(file, openLine, m, nil), finder.Text(file, p.BodyLine, p.Body)...)
	return p, errs.Err()
}

// fill copies the well-known params into Page fields and checks the section schema.
// Fields in invalid had a wrong value, already reported; they are not reported
// as missing as well.
func (p *Page) fill(cfg *config.Config, invalid map[string]bool, errs *diag.List) {
	p.Title = p.String("title")
	p.Summary = p.String("summary")
	p.Layout = p.String("layout")
	p.Date, _ = p.Params["date"].(time.Time)
	p.PublishDate, _ = p.Params["publishDate"].(time.Time)
	p.ExpiryDate, _ = p.Params["expiryDate"].(time.Time)
	p.Lastmod, _ = p.Params["lastmod"].(time.Time)
	p.Draft, _ = p.Params["draft"].(bool)
	p.Featured, _ = p.Params["featured"].(bool)
	p.Weight, _ = p.Params["weight"].(int)
	for _, t := range cfg.Taxonomies {
		if terms := p.List(t.Name); len(terms) > 0 {
			p.Terms[t.Name] = terms
		}
	}
	if s := p.String("slug"); s != "" {
		if p.Kind == Home || p.Kind == SectionIndex {
			// The address of a home or section page is fixed, and a slug
			// would stop its translations from pairing with it.
			errs.Add(diag.Errorf(p.File, p.Line("slug"), 0, "front matter: slug cannot be set in %s: the address of a home or section page is fixed", path.Base(p.File)))
		} else if !ValidSlug(s) {
			errs.Add(diag.Errorf(p.File, p.Line("slug"), 0, "front matter: slug %q must be lower-case letters, digits and dashes (try %q)", s, Slugify(s)))
		} else {
			p.Slug = s
		}
	}
	if u := p.String("url"); u != "" {
		if p.Kind != Standalone {
			errs.Add(diag.Errorf(p.File, p.Line("url"), 0, "front matter: url may only be set on pages outside sections (content/<name>.md)"))
		} else if clean, ok := cleanURLPath(u); !ok {
			errs.Add(diag.Errorf(p.File, p.Line("url"), 0, "front matter: url %q must be a path such as /contact/thanks/ made of lower-case slugs", u))
		} else {
			p.URLPath = clean
		}
	}
	if p.Kind == Home || p.Kind == SectionIndex {
		return
	}
	if strings.TrimSpace(p.Title) == "" && !invalid["title"] {
		errs.Add(diag.Errorf(p.File, p.Line("title"), 0, "front matter: missing required field \"title\""))
	}
	if p.Kind != Regular {
		return
	}
	sec := cfg.Section(p.Section)
	for _, f := range sec.Required {
		if f == "title" || invalid[f] {
			continue
		}
		if v, ok := p.Params[f]; !ok || isEmpty(v) {
			hint := ""
			if cfg.Fields[f].Type == config.TypeSources {
				hint = fmt.Sprintf(": %s pages name the sources of their facts, one %s", p.Section, sourceExample)
			}
			errs.Add(diag.Errorf(p.File, p.Line(f), 0, "front matter: missing required field %q%s", f, hint))
		}
	}
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v) == ""
	case []string:
		return len(v) == 0
	case []Source:
		return len(v) == 0
	}
	return false
}

// typed converts a YAML value to the Go value of the field's declared type,
// or returns a message saying what was expected.
func typed(def config.FieldDef, v *yaml.Node) (any, string) {
	if v.Kind == yaml.AliasNode {
		return nil, "uses a YAML alias; write the value out"
	}
	scalar := func() (string, string) {
		if v.Kind != yaml.ScalarNode {
			return "", "must be a single value, not a list or a map"
		}
		if v.Tag == "!!null" {
			return "", ""
		}
		return v.Value, ""
	}
	switch def.Type {
	case config.TypeList:
		switch v.Kind {
		case yaml.SequenceNode:
			out := make([]string, 0, len(v.Content))
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					return nil, "must be a list of words or phrases, like [a, b]"
				}
				if s := strings.TrimSpace(item.Value); s != "" {
					out = append(out, s)
				}
			}
			return out, ""
		case yaml.ScalarNode:
			if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
				return []string{}, ""
			}
			return []string{strings.TrimSpace(v.Value)}, "" // a single term is a list of one
		}
		return nil, "must be a list, like [a, b]"
	case config.TypeDate:
		s, msg := scalar()
		if msg != "" || s == "" {
			return time.Time{}, msg
		}
		t, ok := ParseDate(s)
		if !ok {
			return nil, fmt.Sprintf("must be a date like 2024-03-01, not %q", s)
		}
		return t, ""
	case config.TypeBool:
		s, msg := scalar()
		if msg != "" {
			return nil, msg
		}
		switch strings.ToLower(s) {
		case "true", "yes":
			return true, ""
		case "false", "no", "":
			return false, ""
		}
		return nil, fmt.Sprintf("must be true or false, not %q", s)
	case config.TypeInt:
		s, msg := scalar()
		if msg != "" {
			return nil, msg
		}
		if s == "" {
			return 0, ""
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Sprintf("must be a whole number, not %q", s)
		}
		return n, ""
	}
	s, msg := scalar()
	if msg != "" {
		return nil, msg
	}
	s = strings.TrimSpace(s)
	if def.Max > 0 && utf8.RuneCountInString(s) > def.Max {
		return nil, fmt.Sprintf("is %d characters long; keep it to %d", utf8.RuneCountInString(s), def.Max)
	}
	switch def.Type {
	case config.TypeEmail:
		if a, err := mail.ParseAddress(s); s != "" && (err != nil || a.Address != s) {
			return nil, fmt.Sprintf("must be a plain email address like unit@example.org, not %q", s)
		}
	case config.TypeURL:
		if u, err := url.Parse(s); s != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			return nil, fmt.Sprintf("must be a web address starting with https://, not %q", s)
		}
	case config.TypePath:
		if s != "" && (strings.Contains(s, "..") || strings.Contains(s, "\\") || strings.Contains(s, ":")) {
			return nil, fmt.Sprintf("must be a site path such as /images/lab.jpg, not %q", s)
		}
	}
	return s, ""
}

// isProse reports whether a field's values are text readers see, as
// opposed to names of things: taxonomy terms (their names are in
// site.yaml), the page's settings, addresses and dates.
func isProse(cfg *config.Config, name string, def config.FieldDef) bool {
	switch def.Type {
	case config.TypeString, config.TypeText, config.TypeList:
		return !publication[name] && cfg.Taxonomy(name) == nil
	}
	return false
}

// appendTexts adds the text values of v, a scalar or a list of them, with
// their positions in the file whose front matter opens at line openLine.
func appendTexts(out []Text, v *yaml.Node, openLine int) []Text {
	items := v.Content
	if v.Kind == yaml.ScalarNode {
		items = []*yaml.Node{v}
	}
	for _, n := range items {
		if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
			continue
		}
		t := Text{Value: n.Value, Line: openLine + n.Line, Col: n.Column}
		switch {
		case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			t.Block = true
		case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			t.Col++ // the text starts after the quote
		}
		out = append(out, t)
	}
	return out
}

// itemPositions are the positions of a list's non-empty values, as typed
// keeps them, in the file whose front matter opens at line openLine.
func itemPositions(v *yaml.Node, openLine int) []Pos {
	items := v.Content
	if v.Kind == yaml.ScalarNode {
		items = []*yaml.Node{v} // a single term is a list of one
	}
	var out []Pos
	for _, item := range items {
		if strings.TrimSpace(item.Value) == "" {
			continue
		}
		col := item.Column
		if item.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col++ // the text starts after the quote
		}
		out = append(out, Pos{Line: openLine + item.Line, Col: col})
	}
	return out
}

// ParseDate accepts the date forms authors write: 2024-03-01, or a full
// RFC 3339 timestamp.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ValidSlug reports whether s is a safe URL segment: it can never name a
// parent folder or leave the output folder.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 200 || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// cleanURLPath validates a url override: slash-separated slugs only.
func cleanURLPath(u string) (string, bool) {
	c := path.Clean("/" + strings.Trim(u, "/"))
	if c == "/" {
		return "", false
	}
	for _, seg := range strings.Split(c[1:], "/") {
		if !ValidSlug(seg) {
			return "", false
		}
	}
	return c + "/", true
}

// frontMatterBounds finds the front matter as the frontmatter parser reads
// it, in one pass: open is the 1-based line of the opening --- (blank lines
// before it are allowed), or 0 when the file does not start with one; end is
// the offset just past the first later line that is "---" once trimmed, or 0
// when the front matter is not closed.
func frontMatterBounds(data []byte) (open, end int) {
	off := 0
	for line := 1; off < len(data); line++ {
		next := len(data)
		if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		t := bytes.TrimSpace(data[off:next])
		switch {
		case open == 0 && len(t) == 0:
		case open == 0 && string(t) != "---":
			return 0, 0
		case open == 0:
			open = line
		case string(t) == "---":
			return open, next
		}
		off = next
	}
	return open, 0
}

// frontMatterYAMLError positions a YAML syntax error within the file.
func frontMatterYAMLError(file string, openLine int, err error) error {
	var list diag.List
	list.Merge(file, config.YAMLDiagnostics(file, openLine, err))
	for _, d := range list {
		d.Msg = "front matter: " + d.Msg
		if d.Line == 0 {
			d.Line = openLine
		}
	}
	return list
}

func invalidUTF8At(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}
