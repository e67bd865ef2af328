package config

import (
	"strings"

	"golang.org/x/text/language"
	"strconv"

	"github.com/uio-partner/portal/internal/locale"
)

// LocaleName is the CLDR locale of a language: its locale in site.yaml,
// or else its code (sv writes dates as Swedish does in Sweden).
func (l *Language) LocaleName() string {
	if l.Locale != "" {
		return l.Locale
	}
	return l.Code
}

// Dates returns how readers of the language code write dates, by its
// CLDR locale; the default language's for a code that is not the site's.
// validate has made sure every language's locale is known.
func (c *Config) Dates(code string) locale.Dates {
	l := c.Language(code)
	if l == nil && len(c.Languages) > 0 {
		l = &c.Languages[0]
	}
	if l != nil {
		if d, ok := c.dates[l.Code]; ok {
			return d
		}
		if d, ok := locale.Find(l.LocaleName()); ok {
			return d
		}
	}
	d, _ := locale.Find("root") // CLDR's neutral dates, for a Config never validated
	return d
}

// validateLocales reports a language whose locale (or, without one, whose
// code) CLDR does not know: its dates could not be written.
func validateLocales(c *Config, bad func(int, string, ...any), line func(...string) int, skip func(...string) bool) {
	c.dates = map[string]locale.Dates{}
	for i := range c.Languages {
		l := &c.Languages[i]
		if skip("languages." + strconv.Itoa(i)) {
			continue
		}
		if d, ok := locale.Find(l.LocaleName()); ok {
			c.dates[l.Code] = d // made once: a locale's data is large
			continue
		}
		if l.Locale == "" {
			if _, err := language.ParseBase(strings.SplitN(l.Code, "-", 2)[0]); err != nil {
				continue // not a language at all: reported as such
			}
			bad(line("languages", strconv.Itoa(i)), "language %q has no locale, and CLDR knows no locale %q to write its dates with: add locale: (such as sv_SE or en_GB)", l.Code, l.Code)
			continue
		}
		bad(line("languages", strconv.Itoa(i), "locale"), "language %q: CLDR knows no locale %q to write its dates with; write one such as sv_SE, en_GB or nb_NO", l.Code, l.Locale)
	}
}
