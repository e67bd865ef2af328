package content

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// Source is one source of a page's facts: what it is called, who
// published it, when, and where it can be read.
type Source struct {
	Title     string
	Publisher string     // "" when not given
	Date      SourceDate // required
	URL       string     // http(s), "" when the original is not public
	Line      int        // the line of the source's first field, for messages
}

// Precision says how much of a SourceDate is known: a source dated
// 2021-02 says the month, not the day.
type Precision int

// The precisions of a SourceDate, from the least precise.
const (
	Year Precision = iota + 1
	Month
	Day
)

// SourceDate is the date a source gives, as precisely as it gives it.
type SourceDate struct {
	Time      time.Time // the first instant of the period, in UTC
	Precision Precision
}

// sourceDateLayouts are the forms a source's date is written in, from the
// most precise.
var sourceDateLayouts = []struct {
	layout string
	prec   Precision
}{{"2006-01-02", Day}, {"2006-01", Month}, {"2006", Year}}

// ParseSourceDate reads 2021-02-15, 2021-02 or 2021.
func ParseSourceDate(s string) (SourceDate, bool) {
	for _, l := range sourceDateLayouts {
		if len(s) != len(l.layout) {
			continue
		}
		if t, err := time.Parse(l.layout, s); err == nil {
			return SourceDate{Time: t, Precision: l.prec}, true
		}
	}
	return SourceDate{}, false
}

// String is the date as written in front matter and in a datetime
// attribute: 2021-02-15, 2021-02 or 2021.
func (d SourceDate) String() string {
	for _, l := range sourceDateLayouts {
		if l.prec == d.Precision {
			return d.Time.Format(l.layout)
		}
	}
	return ""
}

// sourceFields are the fields of a source, in the order they are written.
var sourceFields = []string{"title", "publisher", "date", "url"}

// sourceExample shows a source, for messages.
const sourceExample = `"- title: …" with date: (2021-02-15, 2021-02 or 2021), and publisher: and url: where known`

// ValidSourceURL reports whether u is an address a source may have: a web
// address, http or https, with a host.
func ValidSourceURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

// parseSources reads the sources of field name, whose value is v in the
// front matter opening at line openLine of file. Every problem is
// reported, each at its line and column.
func parseSources(file string, openLine int, name string, v *yaml.Node, errs *diag.List) []Source {
	at := func(n *yaml.Node, format string, args ...any) {
		errs.Add(diag.Errorf(file, openLine+n.Line, n.Column, "front matter: "+format, args...))
	}
	switch {
	case v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || strings.TrimSpace(v.Value) == ""):
		return nil // empty: missing, if the section requires it
	case v.Kind != yaml.SequenceNode:
		at(v, "field %q must be a list of sources, one %s", name, sourceExample)
		return nil
	}
	var out []Source
	for i, item := range v.Content {
		n := i + 1
		if item.Kind != yaml.MappingNode {
			at(item, "source %d of %q must have fields title: and date:, one per line, not a single value", n, name)
			continue
		}
		s := Source{Line: openLine + item.Line}
		seen := map[string]*yaml.Node{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			if seen[k.Value] != nil {
				at(k, "source %d: field %q appears twice", n, k.Value)
				continue
			}
			seen[k.Value] = val
			if val.Kind != yaml.ScalarNode {
				at(val, "source %d: %s must be a single value, not a list or a map", n, k.Value)
				continue
			}
			text := strings.TrimSpace(val.Value)
			if val.Tag == "!!null" {
				text = ""
			}
			switch k.Value {
			case "title":
				s.Title = text
				if text == "" {
					at(val, "source %d: title is empty: write the title of the article, report or page", n)
				}
			case "publisher":
				s.Publisher = text
			case "date":
				d, ok := ParseSourceDate(text)
				if text == "" {
					at(val, "source %d: date is empty: write the day it was published (2021-02-15), or the month (2021-02) or year (2021) if that is all it gives", n)
				} else if !ok {
					at(val, "source %d: date must be a date like 2021-02-15, 2021-02 or 2021, not %q", n, text)
				}
				s.Date = d
			case "url":
				if text != "" && !ValidSourceURL(text) {
					at(val, "source %d: url must be a web address starting with https:// or http://, not %q", n, text)
				} else {
					s.URL = text
				}
			default:
				at(k, "source %d: unknown field %q%s", n, k.Value, orList(diag.DidYouMean(k.Value, sourceFields, ""), "; a source has title, publisher, date and url"))
			}
		}
		if seen["title"] == nil {
			at(item, "source %d has no title: add title: the title of the article, report or page", n)
		}
		if seen["date"] == nil {
			at(item, "source %d%s has no date: add date: the day it was published (2021-02-15), or the month (2021-02) or year (2021) if that is all it gives", n, quotedTitle(s.Title))
		}
		out = append(out, s)
	}
	return out
}

func orList(s, otherwise string) string {
	if s != "" {
		return s
	}
	return otherwise
}

func quotedTitle(t string) string {
	if t == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", t)
}

// SourcesNode is sources as YAML, as front matter writes them: a list of
// title, publisher (when known), date and url (when public). Texts are
// tagged as text, so a title such as "2021" or "yes" stays one; the date is
// untagged, written as typed (2021-02-22, 2021-02 or 2021).
func SourcesNode(sources []Source) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, src := range sources {
		m := &yaml.Node{Kind: yaml.MappingNode}
		add := func(k string, v *yaml.Node) {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v)
		}
		text := func(s string) *yaml.Node {
			n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
			if strings.ContainsAny(s, "\n\r") {
				n.Style = yaml.DoubleQuotedStyle // never a block, whose lines could end the front matter
			}
			return n
		}
		add("title", text(src.Title))
		if src.Publisher != "" {
			add("publisher", text(src.Publisher))
		}
		add("date", &yaml.Node{Kind: yaml.ScalarNode, Value: src.Date.String()})
		if src.URL != "" {
			add("url", text(src.URL))
		}
		list.Content = append(list.Content, m)
	}
	return list
}
