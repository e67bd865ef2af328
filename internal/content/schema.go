package content

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
)

// SummaryMax is the longest summary accepted without a warning when
// site.yaml sets no maximum for the field: lists and link previews cut
// longer ones.
const SummaryMax = 300

// publication fields are accepted on every page: they decide whether, when,
// where and how it is published, not what it says.
var publication = map[string]bool{"draft": true, "publishDate": true, "expiryDate": true, "slug": true, "layout": true, "noindex": true}

// warnings finds what is not wrong but probably unintended in a page's
// front matter: fields its section does not use (with a did-you-mean), an
// empty optional summary and an overlong one. The build prints them and
// portal check lists them; neither fails for them.
func (p *Page) warnings(cfg *config.Config) diag.List {
	var out diag.List
	allowed, sectionFields := fieldsOf(cfg, p)
	names := make([]string, 0, len(p.Lines))
	for f := range p.Lines {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if allowed(f) {
			continue
		}
		line := p.Line(f)
		if _, declared := cfg.Fields[f]; !declared {
			switch s := diag.DidYouMean(f, sectionFields, ""); {
			case s != "":
				out.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q%s", f, s))
			case p.Kind == Regular:
				out.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q: %s pages use %s", f, p.Section, strings.Join(sectionFields, ", ")))
			default:
				out.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q: site.yaml declares no such field", f))
			}
			continue
		}
		if s := diag.DidYouMean(f, sectionFields, ""); s != "" {
			out.Add(diag.Warnf(p.File, line, 1, "front matter: field %q is not used by %s pages%s", f, p.Section, s))
		} else {
			out.Add(diag.Warnf(p.File, line, 1, "front matter: field %q is not used by %s pages: they use %s", f, p.Section, strings.Join(sectionFields, ", ")))
		}
	}
	if p.Kind != Regular {
		return out
	}
	sec := cfg.Section(p.Section)
	if _, present := p.Lines["summary"]; present && strings.TrimSpace(p.Summary) == "" && !required(sec, "summary") {
		out.Add(diag.Warnf(p.File, p.Line("summary"), 1, "front matter: summary is empty: write one or two sentences for lists, search results and link previews"))
	}
	if max := cfg.Fields["summary"].Max; max == 0 || max > SummaryMax {
		if n := utf8.RuneCountInString(p.Summary); n > SummaryMax {
			out.Add(diag.Warnf(p.File, p.Line("summary"), 1, "front matter: summary is %d characters long; keep it to %d", n, SummaryMax))
		}
	}
	return out
}

// fieldsOf returns whether a field may appear on the page, and the fields
// its section declares (every declared field for pages outside sections).
func fieldsOf(cfg *config.Config, p *Page) (func(string) bool, []string) {
	sec := cfg.Section(p.Section)
	if p.Kind != Regular || sec == nil {
		all := make([]string, 0, len(cfg.Fields))
		for f := range cfg.Fields {
			all = append(all, f)
		}
		sort.Strings(all)
		return func(f string) bool { _, ok := cfg.Fields[f]; return ok }, all
	}
	fields := append(append([]string{}, sec.Required...), sec.Optional...)
	return func(f string) bool { return sec.Allows(f) || publication[f] }, fields
}

func required(sec *config.Section, field string) bool {
	if sec == nil {
		return false
	}
	for _, f := range sec.Required {
		if f == field {
			return true
		}
	}
	return false
}
