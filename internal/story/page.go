package story

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"gopkg.in/yaml.v3"
)

// field is one front-matter field: a string, a date or a list.
type field struct {
	name  string
	value any // string, time.Time or []string
}

// page writes a content file: front matter encoded by yaml.v3, never put
// together from strings, so no answer can add a field or end the front
// matter, then the Markdown text. source is a comment above the fields
// saying where the page came from.
func page(source string, fields []field, text string) ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fields {
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name}
		if len(m.Content) == 0 && source != "" {
			k.HeadComment = "# " + strings.Join(strings.Fields(source), " ")
		}
		var v *yaml.Node
		switch x := f.value.(type) {
		case string:
			v = scalar(x)
		case time.Time:
			v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: x.Format("2006-01-02")}
		case []string:
			v = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, s := range x {
				v.Content = append(v.Content, scalar(s))
			}
		case []content.Source:
			v = content.SourcesNode(x)
		default:
			return nil, fmt.Errorf("field %s: cannot write a %T", f.name, f.value)
		}
		m.Content = append(m.Content, k, v)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	b.WriteString(text)
	return b.Bytes(), nil
}

// scalar is a string value. A value on several lines is written double
// quoted, on one line: as a block it would put a "---" of the author's on
// a line of its own, which ends the front matter.
func scalar(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// verify reads a written page back as the build will, and fails unless
// every field has exactly the value written and the text is the text:
// whatever an author typed, it stayed inside its field.
func verify(cfg *config.Config, file string, data []byte, section, slug, lang string, fields []field, text string) error {
	p, err := content.Parse(cfg, file, data, content.Regular, section, slug, lang)
	if p == nil {
		return fmt.Errorf("%s does not read back: %v", file, err)
	}
	if len(p.Lines) != len(fields) {
		return fmt.Errorf("%s reads back with %d fields, not %d", file, len(p.Lines), len(fields))
	}
	for _, f := range fields {
		got := p.Params[f.name]
		want := f.value
		if s, ok := want.(string); ok && cfg.Fields[f.name].Type != config.TypeList {
			want = strings.TrimSpace(s)
		}
		if ws, ok := want.([]content.Source); ok {
			if gs, ok := got.([]content.Source); ok && sameSources(ws, gs) {
				continue
			}
		}
		if t, ok := want.(time.Time); ok {
			if g, ok := got.(time.Time); ok && g.Equal(t) {
				continue
			}
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s: field %s reads back as %#v, not %#v", file, f.name, got, want)
		}
	}
	if string(p.Body) != text {
		return fmt.Errorf("%s: the text does not read back as written", file)
	}
	return nil
}

// sameSources reports whether the sources read back are those written,
// wherever in the file they are.
func sameSources(want, got []content.Source) bool {
	return slices.EqualFunc(want, got, func(a, b content.Source) bool {
		a.Line = b.Line
		return a == b
	})
}
