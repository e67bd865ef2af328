package locale

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-playground/locales"
)

// Dates writes dates as readers of one locale do. Times are written as
// given: the caller puts them in the zone they are meant in.
type Dates struct {
	tr locales.Translator
}

// Find returns the dates of locale, a CLDR locale name such as sv_SE,
// en-GB or nb; a region CLDR writes dates for as its language does is its
// language's (sv_SE is sv). It reports false for a locale CLDR does not
// know.
func Find(locale string) (Dates, bool) {
	name := strings.ReplaceAll(strings.TrimSpace(locale), "-", "_")
	if name == "" {
		return Dates{}, false
	}
	lang, region, _ := strings.Cut(name, "_")
	lang = strings.ToLower(lang)
	if region != "" {
		if f, ok := registry[lang+"_"+strings.ToUpper(region)]; ok {
			return Dates{f()}, true
		}
		if f, ok := registry[lang+"_"+region]; ok { // sr_Latn and the like
			return Dates{f()}, true
		}
	}
	if f, ok := registry[lang]; ok && (region == "" || known(lang, region)) {
		return Dates{f()}, true
	}
	return Dates{}, false
}

// known reports whether CLDR has the region for lang (whose dates are then
// its language's); an unknown one is most likely a typing slip.
func known(lang, region string) bool {
	return regional[lang+"_"+strings.ToUpper(region)] || regional[lang+"_"+region]
}

// Known reports whether Find finds locale.
func Known(locale string) bool {
	_, ok := Find(locale)
	return ok
}

// Long is the date with the month's name: "1 maj 2024" (sv), "1. mai 2024"
// (nb), "1 May 2024" (en_GB), "May 1, 2024" (en).
func (d Dates) Long(t time.Time) string { return d.tr.FmtDateLong(t) }

// Full is Long with the day of the week: "onsdag 1 maj 2024", "Wednesday,
// 1 May 2024".
func (d Dates) Full(t time.Time) string { return d.tr.FmtDateFull(t) }

// Time is the time of day, hours and minutes: "14:05", "2:05 PM".
func (d Dates) Time(t time.Time) string { return d.tr.FmtTimeShort(t) }

// FullTime is Full and Time together: "Wednesday, 1 May 2024, 14:05".
func (d Dates) FullTime(t time.Time) string { return d.Full(t) + ", " + d.Time(t) }

// MonthYear is the month and year alone: "maj 2024", "May 2024", for a
// source dated to the month. The library has no such pattern, so it is the
// locale's own long date with the day taken out, with the punctuation that
// belonged to the day ("1." in Norwegian, "1," in American English).
func (d Dates) MonthYear(t time.Time) string {
	year := strconv.Itoa(t.Year())
	day := 10 // a day whose digits are not in the year's, so it is found alone
	for strings.Contains(year, strconv.Itoa(day)) {
		day++
	}
	s := d.Long(time.Date(t.Year(), t.Month(), day, 12, 0, 0, 0, time.UTC))
	i := strings.Index(s, strconv.Itoa(day))
	if i < 0 {
		return s
	}
	before, after := s[:i], s[i+2:]
	after = strings.TrimLeft(after, ".,")
	if strings.TrimSpace(before) == "" {
		return strings.TrimSpace(after)
	}
	before = strings.TrimRightFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	after = strings.TrimLeftFunc(after, unicode.IsSpace)
	if after == "" {
		return before
	}
	return before + " " + after
}
