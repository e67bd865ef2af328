package story

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
)

// Section is the site section stories are written into.
const Section = "case-studies"

// The taxonomies the form offers as lists. Partners is the one whose terms
// are the partner pages.
const (
	partnersTaxonomy  = "partners"
	sectorsTaxonomy   = "sectors"
	facultiesTaxonomy = "faculties"
)

// Choice is one entry of a list in the form: what the author picks (Label,
// in the site's languages) and what the page's front matter gets (Value).
type Choice struct {
	Label string
	Value string
}

// Lists are the site's lists the form offers, each sorted by label.
type Lists struct {
	Partners  []Choice // the partner pages; Value is the page's title in the default language
	Sectors   []Choice // Value is the term's slug
	Faculties []Choice
}

// site is what a story is written against: the configuration, the pages
// there are, and the lists made from them.
type site struct {
	root    string
	cfg     *config.Config
	pages   []*content.Page
	lists   Lists
	partner *content.TermIndex // finds the partner page a name names; nil without a partners taxonomy
	words   *words             // the form's texts, from the theme strings
	f       formLabels         // the form's labels
}

// loadSite reads the site at root. Pages with errors are left out, as
// portal new leaves them out: a story is written against the good ones.
func loadSite(root string) (*site, error) {
	cfg, err := config.Load(root)
	if err != nil {
		return nil, err
	}
	w, err := newWords(root, cfg)
	if err != nil {
		return nil, err
	}
	s := &site{root: root, cfg: cfg, words: w, f: w.labels()}
	if cfg.Section(Section) == nil {
		return nil, fmt.Errorf("site.yaml has no section %q for stories", Section)
	}
	loaded, _ := content.Load(root, cfg)
	if loaded != nil {
		s.pages = loaded.Pages
	}
	if t := cfg.Taxonomy(partnersTaxonomy); t != nil && t.Section != "" {
		s.lists.Partners = pageChoices(cfg, s.pages, t.Section)
		s.partner = content.NewTermIndex(s.pages, t.Section)
	}
	s.lists.Sectors = termChoices(cfg, s.pages, sectorsTaxonomy)
	s.lists.Faculties = termChoices(cfg, s.pages, facultiesTaxonomy)
	return s, nil
}

// max is the longest value site.yaml allows for field; the summary's
// limit is the one content warns about when site.yaml sets none.
func (s *site) max(field string) int {
	n := s.cfg.Fields[field].Max
	if field == "summary" && (n == 0 || n > content.SummaryMax) {
		n = content.SummaryMax
	}
	if n == 0 {
		n = 200
	}
	return n
}

// bilingual writes names in the site's languages as one label: "Norwegian
// Defence Research Establishment (Forsvarets forskningsinstitutt)", or the
// name alone where every language has the same.
func bilingual(cfg *config.Config, name func(lang string) string) string {
	def := name(cfg.DefaultLanguage())
	var others []string
	for _, l := range cfg.Languages[1:] {
		if n := name(l.Code); n != "" && n != def && !slices.Contains(others, n) {
			others = append(others, n)
		}
	}
	if len(others) == 0 {
		return def
	}
	return def + " (" + strings.Join(others, ", ") + ")"
}

// pageChoices are the published pages of section, labelled with their
// titles in every language.
func pageChoices(cfg *config.Config, pages []*content.Page, section string) []Choice {
	def := cfg.DefaultLanguage()
	titles := map[string]map[string]string{} // key -> lang -> title
	drafts := map[string]bool{}
	for _, p := range pages {
		if p.Kind != content.Regular || p.Section != section {
			continue
		}
		if p.Lang == def && p.Draft {
			drafts[p.Key()] = true
		}
		if titles[p.Key()] == nil {
			titles[p.Key()] = map[string]string{}
		}
		titles[p.Key()][p.Lang] = p.Title
	}
	var out []Choice
	for key, byLang := range titles {
		if drafts[key] || byLang[def] == "" {
			continue // a draft is not a partner yet; a translation alone is no page
		}
		out = append(out, Choice{Label: bilingual(cfg, func(l string) string { return byLang[l] }), Value: byLang[def]})
	}
	return distinct(out)
}

// termChoices are a taxonomy's terms: those site.yaml names and those pages
// use, labelled with their names in every language (a term without a name
// is shown as written, as on the site).
func termChoices(cfg *config.Config, pages []*content.Page, taxonomy string) []Choice {
	t := cfg.Taxonomy(taxonomy)
	if t == nil {
		return nil
	}
	slugs := map[string]bool{}
	for slug := range t.Terms {
		slugs[slug] = true
	}
	for _, p := range pages {
		for _, term := range p.Terms[taxonomy] {
			slugs[content.Slugify(term)] = true
		}
	}
	var out []Choice
	for slug := range slugs {
		if slug == "" {
			continue
		}
		label := bilingual(cfg, func(l string) string {
			n, _ := t.TermName(slug, l)
			return n
		})
		if label == "" {
			label = slug
		}
		out = append(out, Choice{Label: label, Value: slug})
	}
	return distinct(out)
}

// distinct sorts choices by label and makes every label unique (GitHub
// refuses a dropdown that lists one twice) by adding the value to the
// later ones.
func distinct(cs []Choice) []Choice {
	sort.Slice(cs, func(i, j int) bool {
		a, b := strings.ToLower(cs[i].Label), strings.ToLower(cs[j].Label)
		if a != b {
			return a < b
		}
		return cs[i].Value < cs[j].Value
	})
	seen := map[string]bool{}
	for i := range cs {
		if seen[cs[i].Label] {
			cs[i].Label += " [" + cs[i].Value + "]"
		}
		seen[cs[i].Label] = true
	}
	return cs
}

// labels are the choices' labels, in order.
func labels(cs []Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label
	}
	return out
}

// valueOf returns the value of the choice labelled label.
func valueOf(cs []Choice, label string) (string, bool) {
	for _, c := range cs {
		if c.Label == label {
			return c.Value, true
		}
	}
	return "", false
}

// sourcesField is the case studies' field of type sources, where the
// story's source goes, and whether they require it; "" when they have none.
func (s *site) sourcesField() (name string, required bool) { return sourcesField(s.cfg) }

func sourcesField(cfg *config.Config) (name string, required bool) {
	sec := cfg.Section(Section)
	if sec == nil {
		return "", false
	}
	for i, f := range append(append([]string{}, sec.Required...), sec.Optional...) {
		if cfg.Fields[f].Type == config.TypeSources {
			return f, i < len(sec.Required)
		}
	}
	return "", false
}
