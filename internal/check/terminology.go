package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/terminology"
	"github.com/uio-partner/portal/internal/theme"
	"gopkg.in/yaml.v3"
)

// Terminology: site.yaml's terminology lists name, per language, the term
// the site uses for a concept and the variants it avoids. portal check
// warns at every variant in a text of that language: a page's Markdown
// (what readers see as text: not code, link addresses or markup) and its
// front matter (text fields; not taxonomy terms, settings or values
// written as slugs, which name pages and topics), site.yaml's texts keyed
// by that language, and the theme strings of layouts/i18n/<lang>.yaml.
// Each text is read once, with one matcher for all of the language's
// variants.

// termMatchers makes one matcher per language that has a list.
func termMatchers(cfg *config.Config) map[string]*terminology.Matcher {
	out := map[string]*terminology.Matcher{}
	for lang := range cfg.Terminology {
		if m := terminology.New(cfg.TermRules(lang)); !m.Empty() {
			out[lang] = m
		}
	}
	return out
}

// termWarning is the warning for the variant found at line:col of file.
func termWarning(m *terminology.Matcher, lang, file string, line, col int, found string, match terminology.Match) *diag.Diagnostic {
	r := m.Rules()[match.Rule]
	found = strings.Join(strings.Fields(found), " ") // a phrase over two lines is quoted on one
	msg := "terminology (" + lang + `): write "` + r.Use + `", not "` + found + `"`
	if note := strings.TrimSpace(r.Note); note != "" {
		msg += ": " + note
	}
	return diag.Warnf(file, line, col, "%s", msg)
}

// lintPageTerminology warns about the variants in a page's text and its
// front matter.
func (c *checker) lintPageTerminology(info *pageInfo, l *diag.List) {
	p := info.page
	m := c.terms[p.Lang]
	if m == nil {
		return
	}
	var lines *lineStarts
	for _, span := range info.md.Prose {
		text := p.Body[span.Start:span.End]
		m.Find(text, func(mt terminology.Match) {
			if lines == nil {
				lines = newLineStarts(p.Body)
			}
			line, col := lines.pos(p.Body, span.Start+mt.Start)
			l.Add(termWarning(m, p.Lang, p.File, p.BodyLine+line-1, col, string(text[mt.Start:mt.End]), mt))
		})
	}
	var head *yamlSource
	for _, t := range p.Texts {
		if content.ValidSlug(t.Value) {
			continue // the name of a page or a topic, not text
		}
		m.FindString(t.Value, func(mt terminology.Match) {
			if head == nil {
				head = newYAMLSource(p.Head)
			}
			line, col := head.locate(t.Value, t.Line, t.Col, !t.Block, mt)
			l.Add(termWarning(m, p.Lang, p.File, line, col, t.Value[mt.Start:mt.End], mt))
		})
	}
}

// lintSiteTerminology warns about the variants in site.yaml's texts of
// each language and in the theme strings.
func (c *checker) lintSiteTerminology(out *diag.List) {
	if len(c.terms) == 0 {
		return
	}
	if data, err := os.ReadFile(filepath.Join(c.root, config.FileName)); err == nil {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) == nil {
			src := newYAMLSource(data)
			c.walkTexts(&doc, "", func(lang string, n *yaml.Node) {
				c.lintYAMLText(out, config.FileName, src, lang, n)
			})
		}
	}
	for lang := range c.terms {
		file := theme.LayoutsDir + "/i18n/" + lang + ".yaml"
		data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
		if err != nil {
			continue // no theme strings of this language: the theme reports it
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			continue // the theme reports it
		}
		src := newYAMLSource(data)
		c.walkTexts(&doc, lang, func(lang string, n *yaml.Node) {
			c.lintYAMLText(out, file, src, lang, n)
		})
	}
}

// walkTexts calls text for every text of n in a language with a list. In
// site.yaml (lang ""), a text is the value of a key that is a language
// code ({en: Partners, nb: Partnere}); in a theme strings file (lang set),
// every value is a text of that language, whatever its key.
func (c *checker) walkTexts(n *yaml.Node, lang string, text func(lang string, n *yaml.Node)) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, child := range n.Content {
			c.walkTexts(child, lang, text)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case v.Kind != yaml.ScalarNode:
				c.walkTexts(v, lang, text)
			case lang != "":
				text(lang, v)
			case c.terms[k.Value] != nil:
				text(k.Value, v)
			}
		}
	}
}

// lintYAMLText warns about the variants in the scalar n of a YAML file.
func (c *checker) lintYAMLText(out *diag.List, file string, src *yamlSource, lang string, n *yaml.Node) {
	m := c.terms[lang]
	if m == nil || n.Tag != "!!str" {
		return
	}
	col, inline := n.Column, n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	m.FindString(n.Value, func(mt terminology.Match) {
		line, col := src.locate(n.Value, n.Line, col, inline, mt)
		out.Add(termWarning(m, lang, file, line, col, n.Value[mt.Start:mt.End], mt))
	})
}

// lineStarts are the offsets at which the lines of a text start.
type lineStarts []int

func newLineStarts(b []byte) *lineStarts {
	ls := lineStarts{0}
	for i, c := range b {
		if c == '\n' {
			ls = append(ls, i+1)
		}
	}
	return &ls
}

// pos is the 1-based line and column (in characters) of offset off of b.
func (ls *lineStarts) pos(b []byte, off int) (line, col int) {
	s := *ls
	i := len(s) - 1
	for i > 0 && s[i] > off {
		i-- // matches are few: a scan back is enough
	}
	return i + 1, utf8.RuneCount(b[s[i]:off]) + 1
}

// yamlSource is a YAML file's text, for the position of a word within a
// value: yaml.v3 gives where a value starts, not where its words are.
type yamlSource struct {
	src   []byte
	lines *lineStarts
}

func newYAMLSource(src []byte) *yamlSource {
	return &yamlSource{src: src, lines: newLineStarts(src)}
}

// line returns the text of 1-based line n ("" past the end).
func (y *yamlSource) line(n int) string {
	s := *y.lines
	if n < 1 || n > len(s) {
		return ""
	}
	end := len(y.src)
	if n < len(s) {
		end = s[n] - 1
	}
	return string(y.src[s[n-1]:end])
}

// locate finds where the match mt of value, a scalar starting at line:col,
// is in the file. A value written on its line as it reads (inline, without
// escapes) gives the column at once; otherwise (a block, a value folded
// over lines, an escape) the matched words are looked for on the lines
// from the value's first, and the value's start is the answer when they
// cannot be found.
func (y *yamlSource) locate(value string, line, col int, inline bool, mt terminology.Match) (int, int) {
	if inline {
		text := y.line(line)
		if off := byteOffset(text, col); off >= 0 && strings.HasPrefix(text[off:], value) {
			return line, col + utf8.RuneCountInString(value[:mt.Start])
		}
	}
	word := []byte(value[mt.Start:mt.End])
	// The n-th occurrence of the words in the value is the n-th after the
	// value's start in the file.
	nth := strings.Count(strings.ToLower(value[:mt.Start]), strings.ToLower(string(word)))
	s := *y.lines
	if line < 1 || line > len(s) {
		return line, col
	}
	from := s[line-1]
	if off := byteOffset(y.line(line), col); off > 0 {
		from += off
	}
	for rest := y.src[from:]; ; nth-- {
		i := bytes.Index(rest, word)
		if i < 0 {
			return line, col
		}
		if nth == 0 {
			l, c := y.lines.pos(y.src, len(y.src)-len(rest)+i)
			return l, c
		}
		rest = rest[i+len(word):]
	}
}

// byteOffset is the byte offset of 1-based column col (in characters) of
// text, or -1 past its end.
func byteOffset(text string, col int) int {
	for i := range text {
		if col--; col == 0 {
			return i
		}
	}
	if col == 1 {
		return len(text)
	}
	return -1
}
