package scaffold

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"gopkg.in/yaml.v3"
)

// copied reports whether a translation takes a field's value from its
// original: dates, numbers, switches, addresses, taxonomy terms and ids are
// the same in every language; text is what the translator writes.
func copied(cfg *config.Config, name string) bool {
	switch name {
	case "title", "summary", "draft":
		return false
	case "pathway", "topic", "templates":
		return true
	}
	switch cfg.Fields[name].Type {
	case config.TypeDate, config.TypeBool, config.TypeInt, config.TypeEmail, config.TypeURL, config.TypePath, config.TypeSources:
		return true
	case config.TypeList:
		return cfg.Taxonomy(name) != nil
	}
	return false
}

// fromOriginal fills a new translation's front matter with the original's
// values of the fields a translation shares (see copied), so the translator
// writes only text. out is the rendered archetype; origFile is the original's
// path. A field the archetype has on one line, or as a commented-out
// optional field, gets the original's value; others are added at the end.
func fromOriginal(out []byte, cfg *config.Config, sec *config.Section, origPath, origFile string) []byte {
	data, err := os.ReadFile(origPath)
	if err != nil {
		return out
	}
	p, _ := content.Parse(cfg, origFile, data, content.Regular, sec.Name, "", cfg.DefaultLanguage())
	if p == nil {
		return out
	}
	s := string(out)
	end := strings.Index(s[4:], "\n---\n") + 4 // complete has checked both delimiters
	lines := strings.Split(s[:end], "\n")
	var extra []string
	for _, f := range append(append([]string{}, sec.Required...), sec.Optional...) {
		v, ok := p.Params[f]
		if !ok || !copied(cfg, f) {
			continue
		}
		if sources, ok := v.([]content.Source); ok {
			// The same sources in every language, as a block in place of
			// the archetype's empty one.
			block := sourcesBlock(f, sources)
			var replaced bool
			if lines, replaced = replaceBlock(lines, f, block); !replaced {
				extra = append(extra, block...)
			}
			continue
		}
		line := f + ": " + yamlValue(v)
		if !replaceField(lines, f, line) {
			extra = append(extra, line)
		}
	}
	head := strings.Join(lines, "\n")
	if len(extra) > 0 {
		head += "\n\n# From the original page:\n" + strings.Join(extra, "\n")
	}
	return []byte(head + s[end:])
}

// replaceField replaces the line "name: ..." (or a commented-out "# name:
// ...") with line, unless its value continues on the next lines.
func replaceField(lines []string, name, line string) bool {
	for _, prefix := range []string{name + ":", "# " + name + ":"} {
		for i, l := range lines {
			if !strings.HasPrefix(l, prefix) {
				continue
			}
			if i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "-")) {
				return false // a block value: leave it to the translator
			}
			lines[i] = line
			return true
		}
	}
	return false
}

// sourcesBlock is the lines of field name holding sources.
func sourcesBlock(name string, sources []content.Source) []string {
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, content.SourcesNode(sources)}}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if enc.Encode(doc) != nil || enc.Close() != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

// replaceBlock replaces the field "name:" (or a commented-out "# name:")
// and the indented lines of its value with block.
func replaceBlock(lines []string, name string, block []string) ([]string, bool) {
	for _, prefix := range []string{name + ":", "# " + name + ":"} {
		for i, l := range lines {
			if !strings.HasPrefix(l, prefix) {
				continue
			}
			end := i + 1
			for end < len(lines) && (strings.HasPrefix(lines[end], " ") || strings.HasPrefix(lines[end], "-") || strings.HasPrefix(lines[end], "#  ")) {
				end++
			}
			return append(append(append([]string{}, lines[:i]...), block...), lines[end:]...), true
		}
	}
	return lines, false
}

// yamlValue writes a typed front-matter value as YAML on one line.
func yamlValue(v any) string {
	switch v := v.(type) {
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 {
			return v.Format("2006-01-02")
		}
		return v.Format(time.RFC3339)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = yamlScalar(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case string:
		return yamlScalar(v)
	}
	return fmt.Sprint(v)
}
