package config

import (
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Search configures the site search: words visitors use that the pages do
// not (the glossary), how much each section's pages count, and where the
// search page reports the searches that found nothing.
type Search struct {
	// Glossary holds, per language code, groups of words and phrases that
	// mean the same: [NDA, non-disclosure agreement, confidentiality agreement].
	Glossary map[string][]Synonyms `yaml:"glossary"`
	// Weights scale the score of a section's pages (1 when not given);
	// the key standalone weights the pages outside any section, such as
	// about and contact, which are help rather than content.
	Weights map[string]float64 `yaml:"weights"`
	// MissEndpoint is where the search page sends a search that found
	// nothing (POST, no cookie): DefaultMissEndpoint when empty, off for
	// none.
	MissEndpoint string `yaml:"miss_endpoint"`
}

// Synonyms is one glossary group, with the line it is written on.
type Synonyms struct {
	Words []string
	Line  int
}

// UnmarshalYAML reads a list of words and keeps its line, for portal
// check's warning about a group the site never uses.
func (s *Synonyms) UnmarshalYAML(n *yaml.Node) error {
	s.Line = n.Line
	return n.Decode(&s.Words)
}

// DefaultMissEndpoint is the path portal contact serve answers searches
// that found nothing at.
const DefaultMissEndpoint = "/api/search-miss"

// StandaloneWeight is the key of Search.Weights for pages outside sections.
const StandaloneWeight = "standalone"

// Weight is the search weight of the pages of section ("" for pages
// outside any section).
func (s *Search) Weight(section string) float64 {
	if section == "" {
		section = StandaloneWeight
	}
	if w, ok := s.Weights[section]; ok {
		return w
	}
	return 1
}

// GlossaryFor returns the glossary groups of lang as lists of words.
func (s *Search) GlossaryFor(lang string) [][]string {
	var out [][]string
	for _, g := range s.Glossary[lang] {
		out = append(out, g.Words)
	}
	return out
}

// MissURL is where the search page reports a search that found nothing,
// "" for nowhere.
func (s Search) MissURL() string {
	switch s.MissEndpoint {
	case "":
		return DefaultMissEndpoint
	case "off":
		return ""
	}
	return s.MissEndpoint
}

// validate checks the search settings against the languages and sections.
func (s *Search) validate(c *Config, bad func(line int, format string, args ...any), line func(path ...string) int, skip func(paths ...string) bool) {
	if skip("search") {
		return
	}
	langs := map[string]bool{}
	for _, l := range c.Languages {
		langs[l.Code] = true
	}
	codes := make([]string, 0, len(s.Glossary))
	for code := range s.Glossary {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		if !langs[code] && !skip("languages") {
			bad(line("search", "glossary", code), "search glossary: %q is not a language of the site, which has %s", code, c.LanguageCodes())
		}
		for i, g := range s.Glossary[code] {
			l := line("search", "glossary", code, strconv.Itoa(i))
			if len(g.Words) < 2 {
				bad(l, "search glossary (%s): a group needs two or more words or phrases that mean the same, as in [licence, license]", code)
			}
			for _, w := range g.Words {
				if strings.TrimSpace(w) == "" {
					bad(l, "search glossary (%s): an empty word", code)
				}
			}
		}
	}
	names := make([]string, 0, len(s.Weights))
	for name := range s.Weights {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		l := line("search", "weights", name)
		if name != StandaloneWeight && c.Section(name) == nil {
			bad(l, "search weights: %q is not a section; weights are given per section, or as standalone for the pages outside sections", name)
		}
		if w := s.Weights[name]; w <= 0 || w > 10 {
			bad(l, "search weights: %s is %v; a weight is a number above 0 and at most 10 (1 counts a page as it is)", name, w)
		}
	}
	if e := s.MissEndpoint; e != "" && e != "off" && (!strings.HasPrefix(e, "/") || strings.ContainsAny(e, " ?#")) {
		bad(line("search", "miss_endpoint"), "search miss_endpoint %q must be a path on the site, such as %s, or off", e, DefaultMissEndpoint)
	}
}
