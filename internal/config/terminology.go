package config

import (
	"maps"
	"slices"
	"strconv"

	"github.com/uio-partner/portal/internal/terminology"
	"gopkg.in/yaml.v3"
)

// TermRule is one entry of a language's terminology list: the term the site
// uses for a concept, the variants it avoids, and why. portal check warns
// wherever an avoided variant appears in a text of that language.
type TermRule struct {
	Use   TermWord   `yaml:"use"`
	Avoid []TermWord `yaml:"avoid"`
	Note  string     `yaml:"note"`
}

// TermWord is a word or phrase of a terminology rule with the line and column it is
// written at, for messages about it.
type TermWord struct {
	Text      string
	Line, Col int
}

// UnmarshalYAML reads a text and keeps its position.
func (w *TermWord) UnmarshalYAML(n *yaml.Node) error {
	w.Line, w.Col = n.Line, n.Column
	return n.Decode(&w.Text)
}

// validateTerminology checks each language's terminology list: known languages,
// a preferred term and at least one variant in every rule, and no rule
// that contradicts itself or another (a preferred term that is also
// avoided, or one variant avoided in favour of two different terms).
func validateTerminology(c *Config, terms map[string][]TermRule, bad func(line int, format string, args ...any), line func(path ...string) int, skip func(paths ...string) bool) {
	if skip("terminology") {
		return
	}
	at := func(w TermWord, format string, args ...any) { bad(w.Line, format, args...) }
	for _, code := range slices.Sorted(maps.Keys(terms)) {
		if c.Language(code) == nil && !skip("languages") {
			bad(line("terminology", code), "terminology: %q is not a language of the site, which has %s", code, c.LanguageCodes())
		}
		preferred := map[string]TermWord{} // folded preferred term -> where it is written
		avoided := map[string]TermWord{}   // folded variant -> the preferred term it is avoided for
		for i, r := range terms[code] {
			l := line("terminology", code, strconv.Itoa(i))
			if !terminology.HasWord(r.Use.Text) {
				bad(l, "terminology (%s): a rule needs use: the term the site writes, as in use: praksisplass", code)
				continue
			}
			if len(r.Avoid) == 0 {
				bad(l, "terminology (%s): the rule for %q needs avoid: the variants to avoid, as in avoid: [internship]", code, r.Use.Text)
			}
			preferred[terminology.Key(r.Use.Text)] = r.Use
		}
		for _, r := range terms[code] {
			if !terminology.HasWord(r.Use.Text) {
				continue
			}
			for _, w := range r.Avoid {
				f := terminology.Key(w.Text)
				switch prev, twice := avoided[f]; {
				case !terminology.HasWord(w.Text):
					at(w, "terminology (%s): avoid: an empty word or one without letters or digits", code)
				case terminology.Key(r.Use.Text) == f:
					at(w, "terminology (%s): %q is both the term to use and a variant to avoid", code, w.Text)
				case preferred[f] != (TermWord{}):
					at(w, "terminology (%s): %q is avoided here but is the term to use in the rule at line %d", code, w.Text, preferred[f].Line)
				case twice && terminology.Key(prev.Text) != terminology.Key(r.Use.Text):
					at(w, "terminology (%s): %q is avoided twice, for %q (line %d) and for %q", code, w.Text, prev.Text, prev.Line, r.Use.Text)
				case twice:
					at(w, "terminology (%s): %q is avoided twice for %q: remove one", code, w.Text, r.Use.Text)
				default:
					avoided[f] = r.Use
				}
			}
		}
	}
}

// TermRules returns the terminology rules of lang, for a matcher.
func (c *Config) TermRules(lang string) []terminology.Rule {
	var out []terminology.Rule
	for _, r := range c.Terminology[lang] {
		avoid := make([]string, len(r.Avoid))
		for i, w := range r.Avoid {
			avoid[i] = w.Text
		}
		out = append(out, terminology.Rule{Use: r.Use.Text, Avoid: avoid, Note: r.Note})
	}
	return out
}
