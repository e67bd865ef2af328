package theme

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Theme strings (layouts/i18n/<lang>.yaml) are of two kinds. A plain
// string is a text, with %s and %d for its arguments:
//
//	search: Search
//	pageN: "Page %d"
//
// A count is a map of CLDR plural forms, each a text with %d for the count,
// so that "1 page" and "2 pages" (or "0 pages", or the forms Polish or
// Arabic need) each come out right; the layouts show it with .N:
//
//	pagesCount:
//	  one: "%d page"
//	  other: "%d pages"
//
// Which form a number takes in a language is CLDR's rule, through
// github.com/nicksnyder/go-i18n (the library Hugo uses for the same): the
// rules are data from the Unicode consortium, never written by hand here.

// pluralForms are the CLDR plural categories, as a theme string's keys.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// strs holds the theme strings of every language.
type strs struct {
	plain  map[string]map[string]string // lang -> key -> text, the default language filling gaps
	plural map[string]map[string]bool   // lang -> keys with plural forms (filled the same way)
	loc    map[string]*i18n.Localizer   // lang -> the plural forms of its strings
	// forms are the plural strings as written (lang -> key -> message,
	// the default language filling gaps): the scripts get every form and
	// choose by the browser's CLDR rules (Intl.PluralRules).
	forms map[string]map[string]*i18n.Message
	own   map[string]map[string]bool // lang -> the keys its own file has
	// gaps are the strings a language lacks that another has, and the
	// languages without a file: portal check reports them (Strings.Gaps),
	// while a build shows the default language's text in their place.
	gaps diag.List
}

// identity makes go-i18n return a form's text as written: the theme's
// strings are formatted with fmt, like the plain ones.
var identity = template.IdentityParser{}

// loadStrings reads each language's theme strings from files (path under
// layouts/ -> source), checking plural forms against the language's CLDR
// rules. Placeholders found are appended to ph.
func loadStrings(files map[string]string, cfg *config.Config, ph *diag.List) (*strs, diag.List) {
	var errs diag.List
	def := cfg.DefaultLanguage()
	defTag, err := language.Parse(def)
	if err != nil {
		defTag = language.Und
	}
	bundle := i18n.NewBundle(defTag)
	s := &strs{plain: map[string]map[string]string{}, plural: map[string]map[string]bool{}, loc: map[string]*i18n.Localizer{}, own: map[string]map[string]bool{}, forms: map[string]map[string]*i18n.Message{}}
	finder := cfg.Finder()
	keys := map[string]map[string]*yaml.Node{} // lang -> key -> its node, for keysInOneLanguage
	for _, l := range cfg.Languages {
		name := "i18n/" + l.Code + ".yaml"
		file := LayoutsDir + "/" + name
		plain, plural := map[string]string{}, map[string]bool{}
		s.plain[l.Code], s.plural[l.Code] = plain, plural
		forms := map[string]*i18n.Message{}
		s.forms[l.Code] = forms
		src, ok := files[name]
		if !ok {
			// Without it, every button and heading of the language would
			// show the default language's text, or nothing.
			s.gaps.Add(diag.Errorf(file, 0, 0, "missing: the theme strings of %s (%s), a language of site.yaml", l.Code, l.Name))
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			errs.Merge(file, config.YAMLDiagnostics(file, 0, err))
			continue
		}
		*ph = append(*ph, finder.YAML(file, 0, &doc, nil)...)
		if doc.Kind == 0 {
			continue // an empty file
		}
		top := doc.Content[0]
		if top.Kind != yaml.MappingNode {
			errs.Add(diag.Errorf(file, top.Line, top.Column, "theme strings are key: text lines"))
			continue
		}
		var msgs []*i18n.Message
		keys[l.Code] = map[string]*yaml.Node{}
		for i := 0; i+1 < len(top.Content); i += 2 {
			k, v := top.Content[i], top.Content[i+1]
			keys[l.Code][k.Value] = k
			switch v.Kind {
			case yaml.ScalarNode:
				plain[k.Value] = v.Value
			case yaml.MappingNode:
				m, ok := pluralMessage(file, k.Value, v, &errs)
				if ok {
					msgs = append(msgs, m)
					plural[k.Value] = true
					forms[k.Value] = m
				}
			default:
				errs.Add(diag.Errorf(file, v.Line, v.Column, "theme string %q: write a text, or plural forms (one: …, other: …)", k.Value))
			}
		}
		tag, err := language.Parse(l.Code)
		if err != nil {
			tag = language.Und
		}
		if len(msgs) > 0 {
			if err := bundle.AddMessages(tag, msgs...); err != nil {
				errs.Add(diag.Errorf(file, top.Line, top.Column, "plural forms: CLDR has no plural rules for the language %q (site.yaml languages): %v", l.Code, err))
				continue
			}
			errs = append(errs, missingForms(bundle, l.Code, file, top)...)
		}
	}
	s.gaps = append(s.gaps, keysInOneLanguage(cfg, keys)...)
	for code, k := range keys {
		s.own[code] = make(map[string]bool, len(k))
		for key := range k {
			s.own[code][key] = true
		}
	}
	// Fill each language's gaps from the default language, so a missing
	// translation shows the default language's text rather than nothing.
	for code := range s.plain {
		if code == def {
			continue
		}
		for k, v := range s.plain[def] {
			if _, ok := s.plain[code][k]; !ok && !s.plural[code][k] {
				s.plain[code][k] = v
			}
		}
		for k := range s.plural[def] {
			if _, ok := s.plain[code][k]; !ok {
				s.plural[code][k] = true
				if s.forms[code][k] == nil {
					s.forms[code][k] = s.forms[def][k]
				}
			}
		}
	}
	for code := range s.plain {
		s.loc[code] = i18n.NewLocalizer(bundle, code, def)
	}
	return s, errs
}

// keysInOneLanguage reports each theme string that some languages' files
// have and others' lack, at its line in a file that has it: the language
// without it would show another language's text.
func keysInOneLanguage(cfg *config.Config, keys map[string]map[string]*yaml.Node) diag.List {
	var errs diag.List
	for _, l := range cfg.Languages {
		have := keys[l.Code]
		if have == nil {
			continue // no file: reported as missing
		}
		for _, other := range cfg.Languages {
			if other.Code == l.Code || keys[other.Code] == nil {
				continue
			}
			for key, n := range have {
				if _, ok := keys[other.Code][key]; !ok {
					errs.Add(diag.Errorf(LayoutsDir+"/i18n/"+l.Code+".yaml", n.Line, n.Column, "theme string %q is missing from %s/i18n/%s.yaml: add it there in %s", key, LayoutsDir, other.Code, other.Name))
				}
			}
		}
	}
	errs.Sort()
	return errs
}

// pluralMessage reads the plural forms of key from n.
func pluralMessage(file, key string, n *yaml.Node, errs *diag.List) (*i18n.Message, bool) {
	m := &i18n.Message{ID: key}
	fields := map[string]*string{"zero": &m.Zero, "one": &m.One, "two": &m.Two, "few": &m.Few, "many": &m.Many, "other": &m.Other}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		fk, fv := n.Content[i], n.Content[i+1]
		dst := fields[fk.Value]
		switch {
		case dst == nil:
			errs.Add(diag.Errorf(file, fk.Line, fk.Column, "theme string %q: %q is not a CLDR plural form; use %s%s", key, fk.Value, strings.Join(pluralForms, ", "), diag.DidYouMean(fk.Value, pluralForms, "")))
			ok = false
		case fv.Kind != yaml.ScalarNode || fv.Value == "":
			errs.Add(diag.Errorf(file, fv.Line, fv.Column, "theme string %q: the form %q needs a text", key, fk.Value))
			ok = false
		default:
			*dst = fv.Value
		}
	}
	if ok && m.Other == "" {
		errs.Add(diag.Errorf(file, n.Line, n.Column, "theme string %q: plural forms need \"other\", the form every language has", key))
		ok = false
	}
	return m, ok
}

// probeCounts are numbers that, between them, reach every plural form CLDR
// gives whole numbers in any language (the rules look at n, n mod 10,
// n mod 100 and n mod 1000000).
var probeCounts = func() []int {
	var n []int
	for i := 0; i <= 200; i++ {
		n = append(n, i)
	}
	return append(n, 1000, 1000000, 2000000)
}()

// missingForms reports the plural forms code's strings in bundle lack that
// the language's CLDR rules give some whole number: that number would be
// shown with another form's text.
func missingForms(bundle *i18n.Bundle, code, file string, top *yaml.Node) diag.List {
	// A probe in a bundle of its own: each form's text is its name.
	tag, _ := language.Parse(code)
	probe := i18n.NewBundle(tag)
	_ = probe.AddMessages(tag, &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"})
	loc := i18n.NewLocalizer(probe, code)
	need := map[string]int{} // form -> the first count that takes it
	for _, n := range probeCounts {
		f, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n, TemplateParser: identity})
		if _, seen := need[f]; err == nil && !seen {
			need[f] = n
		}
	}
	forms := make([]string, 0, len(need))
	for f := range need {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	var errs diag.List
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if v.Kind != yaml.MappingNode {
			continue
		}
		have := map[string]bool{}
		for j := 0; j+1 < len(v.Content); j += 2 {
			have[v.Content[j].Value] = true
		}
		for _, f := range forms {
			if !have[f] {
				errs.Add(diag.Errorf(file, k.Line, k.Column, "theme string %q: %s needs the plural form %q (for %d, for example); CLDR gives %s the forms %s", k.Value, code, f, need[f], code, strings.Join(forms, ", ")))
			}
		}
	}
	return errs
}

// count formats the plural string key of language code for n, choosing its
// form by the language's CLDR rules.
func (s *strs) count(code, key string, n int) (string, error) {
	if !s.plural[code][key] {
		if _, ok := s.plain[code][key]; ok {
			return "", fmt.Errorf("theme string %q is shown with a count but has no plural forms: write it in %s/i18n/%s.yaml as one: …, other: … (the forms %s needs)", key, LayoutsDir, code, code)
		}
		return "", fmt.Errorf("no theme string %q with plural forms in %s/i18n/%s.yaml", key, LayoutsDir, code)
	}
	form, err := s.loc[code].Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: n, TemplateParser: identity})
	if err != nil {
		return "", fmt.Errorf("theme string %q for %d: %v", key, n, err)
	}
	return format(key, form, n)
}

// format is fmt.Sprintf for a theme string, refusing what would show a
// visitor Go's complaint ("%!d(MISSING)", "%!(EXTRA int=1)") instead.
func format(key, s string, args ...any) (string, error) {
	out := fmt.Sprintf(s, args...)
	if strings.Contains(out, "%!") {
		return "", fmt.Errorf("theme string %q (%q) does not fit its %d argument(s): it would show %q", key, s, len(args), out)
	}
	return out, nil
}

// Strings are the theme strings of every language of a site, for texts
// that are not pages: the contact endpoint's mails and its own pages.
// A key a language lacks has the default language's text.
type Strings struct {
	s       *strs
	def     string
	layouts map[string]string // the files they were read among, for Gaps
}

// LoadStrings reads the theme strings (layouts/i18n/<lang>.yaml) of the
// site at root.
func LoadStrings(root string, cfg *config.Config) (*Strings, error) {
	files, err := readLayouts(root)
	if err != nil {
		return nil, diag.Errorf(LayoutsDir, 0, 0, "%v", err)
	}
	return ParseStrings(files, cfg)
}

// ParseStrings reads the theme strings among files (path under layouts/,
// such as i18n/sv.yaml, to its text).
func ParseStrings(files map[string]string, cfg *config.Config) (*Strings, error) {
	var ph diag.List
	s, errs := loadStrings(files, cfg, &ph)
	if errs.HasErrors() {
		return nil, errs.Err()
	}
	return &Strings{s: s, def: cfg.DefaultLanguage(), layouts: files}, nil
}

// Text returns the plain string key in lang (the default language's when
// lang has none, or lang is not the site's), and whether there is one.
func (s *Strings) Text(lang, key string) (string, bool) {
	if _, ok := s.s.plain[lang]; !ok {
		lang = s.def
	}
	t, ok := s.s.plain[lang][key]
	return t, ok
}

// Gaps reports what the theme strings lack, for portal check: a language
// without its file, a string one language has and another lacks, and a
// string a layout names that no language has. A build shows the default
// language's text in their place.
func (s *Strings) Gaps() diag.List {
	return append(slices.Clone(s.s.gaps), unknownStrings(s.layouts, s.s, s.def)...)
}

// Own reports whether lang's own file has the string key (Text falls
// back to the default language's).
func (s *Strings) Own(lang, key string) bool { return s.s.own[lang][key] }

// Count formats the plural string key in lang for n by the language's
// CLDR plural rules.
func (s *Strings) Count(lang, key string, n int) (string, error) {
	if _, ok := s.s.plain[lang]; !ok {
		lang = s.def
	}
	return s.s.count(lang, key, n)
}

// usedString matches a theme string a layout names: .I.key, or the key
// given to .T, .N, .TFor or .Forms.
var usedString = regexp.MustCompile(`\.I\.([A-Za-z_][A-Za-z0-9_]*)|\.(?:T|N|TFor|Forms) "([^"]+)"`)

// unknownStrings reports each theme string the layouts (path under
// layouts/ -> source) name that no language's file has, at the layout's
// line: it would show as nothing, or as its key.
func unknownStrings(files map[string]string, s *strs, def string) diag.List {
	var errs diag.List
	for name, src := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for i, line := range strings.Split(src, "\n") {
			for _, m := range usedString.FindAllStringSubmatchIndex(line, -1) {
				start, end := m[2], m[3]
				if start < 0 {
					start, end = m[4], m[5]
				}
				key := line[start:end]
				if _, ok := s.plain[def][key]; ok || s.plural[def][key] {
					continue
				}
				errs.Add(diag.Errorf(LayoutsDir+"/"+name, i+1, start+1, "theme string %q is in no language's strings: add it to %s/i18n/%s.yaml and the other languages'", key, LayoutsDir, def))
			}
		}
	}
	errs.Sort()
	return errs
}
