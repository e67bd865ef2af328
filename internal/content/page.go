// Package content reads content/ into pages: each Markdown file's front
// matter checked against site.yaml, its body parsed, and whether it is
// published (drafts and dates). Every problem is a positioned
// diag.Diagnostic, and all of them are returned at once. Linking the pages
// into a site is package site's.
package content

import (
	"github.com/uio-partner/portal/internal/slug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/diag"
)

// Kind says what a source file is.
type Kind int

const (
	// Regular is content/<section>/<slug>.md.
	Regular Kind = iota
	// Standalone is content/<slug>.md: a page outside any section (contact, search, about).
	Standalone
	// SectionIndex is content/<section>/_index.md: the intro of a section list.
	SectionIndex
	// Home is content/_index.md: the texts of the home page.
	Home
)

// Page is one source file in one language.
type Page struct {
	File    string // slash path relative to the site root, e.g. content/offerings/mentoring.md
	Kind    Kind
	Section string // "" for Standalone and Home
	Slug    string
	Lang    string

	Title       string
	Summary     string
	Date        time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Lastmod     time.Time
	Draft       bool
	Featured    bool
	Weight      int
	Layout      string
	URLPath     string // front-matter url override (standalone pages only), e.g. /contact/thanks/

	// Sources are the sources of the page's facts, from its fields of type
	// sources, in the order they are written.
	Sources []Source

	// Params holds every front-matter field, typed per site.yaml: string,
	// time.Time, bool, int, []string or []Source.
	Params map[string]any
	// Terms maps a taxonomy name to the page's terms as written.
	Terms map[string][]string
	// Lines maps each front-matter key to its line in File, for messages.
	Lines map[string]int
	// Items holds the position of each item of a list field, in the order
	// of the list's values: a message about one term points at it.
	Items map[string][]Pos
	// FrontMatterEnd is the line of the closing --- of the front matter.
	FrontMatterEnd int

	// Texts are the front-matter values readers see as text (fields of
	// type string, text and list, but not taxonomy terms and the page's
	// settings), with their positions, for the lints of words.
	Texts []Text

	// Head and Body are slices of one read of the file: whatever drops the
	// source to save memory (a one-off build, once the page is rendered)
	// drops both, or the whole file stays live.
	Head     []byte // the file up to the end of the front matter, for positions in it
	Body     []byte // Markdown source below the front matter
	BodyLine int    // line in File of the first byte of Body

	// Placeholders are the places where the site's placeholder marker
	// stands for text still to be written, as warnings: a page that holds
	// one is not published.
	Placeholders diag.List
	// Warnings are what is probably unintended in the front matter (an
	// unknown field): printed by the build, listed by check.
	Warnings diag.List
}

// Key identifies a page across languages: section and slug.
func (p *Page) Key() string {
	if p.Section == "" {
		return p.Slug
	}
	return p.Section + "/" + p.Slug
}

// TranslationKey is what a page and its translations share: its kind and
// Key (a section's _index.md and a page of the same slug are not one page).
func (p *Page) TranslationKey() string { return strconv.Itoa(int(p.Kind)) + "/" + p.Key() }

// Line returns the line of a front-matter field, or the end of the front
// matter if the field is absent (where it should be added).
func (p *Page) Line(field string) int {
	if l, ok := p.Lines[field]; ok {
		return l
	}
	return p.FrontMatterEnd
}

// BodyPos turns a line of the Markdown body into a file line and the
// column of needle on it. A link's reported line is its text's; an image
// without alt text reports its paragraph's first line, so the next lines
// are searched too.
func (p *Page) BodyPos(mdLine int, needle string) (line, col int) {
	line = p.BodyLine + mdLine - 1
	if mdLine <= 0 {
		return p.BodyLine, 1
	}
	lines := strings.Split(string(p.Body), "\n")
	for i := mdLine - 1; i < len(lines) && i < mdLine+20; i++ {
		if j := strings.Index(lines[i], needle); j >= 0 && needle != "" {
			return p.BodyLine + i, utf8.RuneCountInString(lines[i][:j]) + 1
		}
	}
	return line, 1
}

// Text is a front-matter value that is text, and where it starts: a
// word's column is Col plus its place in Value, unless the value is a
// block (| or >) or spans lines or holds escapes, which Block or a
// look at the file's Head tells.
type Text struct {
	Value     string
	Line, Col int
	Block     bool
}

// Pos is a line and column in a page's file.
type Pos struct{ Line, Col int }

// ItemPos is the position of item i of the list field, or the field's line
// when it is not known.
func (p *Page) ItemPos(field string, i int) (line, col int) {
	if items := p.Items[field]; i >= 0 && i < len(items) {
		return items[i].Line, items[i].Col
	}
	return p.Line(field), 1
}

// String returns the param as a string ("" if absent or not a string).
func (p *Page) String(name string) string {
	s, _ := p.Params[name].(string)
	return s
}

// List returns the param as a list of strings.
func (p *Page) List(name string) []string {
	l, _ := p.Params[name].([]string)
	return l
}

// Published reports whether the page is visible at now under the given
// inclusion flags.
func (p *Page) Published(now time.Time, drafts, future, expired bool) bool {
	if p.Draft && !drafts {
		return false
	}
	if !p.PublishDate.IsZero() && p.PublishDate.After(now) && !future {
		return false
	}
	if !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(now) && !expired {
		return false
	}
	return true
}

// Slugify turns a title or term into a URL-safe slug (slug.Make): page
// addresses, terms and heading ids follow the one rule.
func Slugify(s string) string { return slug.Make(s) }
