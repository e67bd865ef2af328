// Package placeholder finds the marker that stands for text the
// communications team still has to write (site.yaml `placeholder:`, by
// default PLACEHOLDER) in every source a page is made from: Markdown
// bodies, front matter, site.yaml, theme strings and layouts. An occurrence
// is a warning for `portal check` and stops `portal build` from publishing
// the page that holds it; the preview shows it highlighted.
package placeholder

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// Default is the marker when site.yaml sets none.
const Default = "PLACEHOLDER"

// Finder finds one marker. The zero Finder finds nothing.
type Finder struct {
	Marker string
}

// contextRunes is how much of the text at a placeholder a message quotes.
const contextRunes = 60

// message words one occurrence: the text from the marker on, so the author
// recognises the spot.
func message(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = text[:i]
	}
	if utf8.RuneCountInString(text) > contextRunes {
		text = string([]rune(text)[:contextRunes]) + "…"
	}
	return fmt.Sprintf("placeholder: %q is text still to be written", text)
}

// Text reports every occurrence in text, which starts at line firstLine of
// file (column 1). Columns count characters, as editors do.
func (f Finder) Text(file string, firstLine int, text []byte) diag.List {
	if f.Marker == "" || !bytes.Contains(text, []byte(f.Marker)) {
		return nil
	}
	var out diag.List
	line := firstLine
	for len(text) > 0 {
		end := bytes.IndexByte(text, '\n')
		cur := text
		if end >= 0 {
			cur, text = text[:end], text[end+1:]
		} else {
			text = nil
		}
		for off := 0; ; {
			i := bytes.Index(cur[off:], []byte(f.Marker))
			if i < 0 {
				break
			}
			at := off + i
			out.Add(diag.Warnf(file, line, utf8.RuneCount(cur[:at])+1, "%s", message(string(cur[at:]))))
			off = at + len(f.Marker)
		}
		line++
	}
	return out
}

// YAML reports every occurrence in the values (not the keys) of a decoded
// YAML document. lineOffset is added to the node lines: front matter starts
// below the file's first line. skip, when not nil, is asked about each
// mapping key path ("placeholder", "contact.topics.label") and leaves out
// the values under the paths it accepts.
func (f Finder) YAML(file string, lineOffset int, n *yaml.Node, skip func(path string) bool) diag.List {
	if f.Marker == "" || n == nil {
		return nil
	}
	var out diag.List
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				if skip != nil && skip(p) {
					continue
				}
				walk(n.Content[i+1], p)
			}
		case yaml.ScalarNode:
			if at := strings.Index(n.Value, f.Marker); at >= 0 {
				line, col := scalarPos(n, at)
				out.Add(diag.Warnf(file, line+lineOffset, col, "%s", message(n.Value[at:])))
			}
		}
	}
	walk(n, "")
	return out
}

// scalarPos is the line and column of byte at of a scalar's value. The
// position is exact for a value written on one line (plain or quoted, as
// nearly all are); for block and folded text it is the value's start.
func scalarPos(n *yaml.Node, at int) (line, col int) {
	if strings.ContainsAny(n.Value, "\n") || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Line, n.Column
	}
	col = n.Column + utf8.RuneCountInString(n.Value[:at])
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++ // the opening quote
	}
	return n.Line, col
}
