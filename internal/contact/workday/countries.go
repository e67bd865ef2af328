package workday

import (
	"sort"
	"strings"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// country is one country the library has national holidays for. zone is
// the IANA zone the whole country keeps; it is empty for a country of
// several zones, whose site must name one (example shows how).
type country struct {
	name     string
	holidays []*cal.Holiday
	zone     string
	example  string
}

// countries are the countries of github.com/rickar/cal/v2 with national
// holidays, by ISO 3166-1 alpha-2 code. Regional holidays (a German Land,
// a US state) are left out: site.yaml names a country.
var countries = map[string]country{
	"AR": {name: "Argentina", holidays: ar.Holidays, zone: "America/Argentina/Buenos_Aires"},
	"AT": {name: "Austria", holidays: at.Holidays, zone: "Europe/Vienna"},
	"BE": {name: "Belgium", holidays: be.Holidays, zone: "Europe/Brussels"},
	"BG": {name: "Bulgaria", holidays: bg.Holidays, zone: "Europe/Sofia"},
	"BR": {name: "Brazil", holidays: br.Holidays, example: "America/Sao_Paulo"},
	"CA": {name: "Canada", holidays: ca.Holidays, example: "America/Toronto"},
	"CH": {name: "Switzerland", holidays: ch.Holidays, zone: "Europe/Zurich"},
	"CZ": {name: "Czechia", holidays: cz.Holidays, zone: "Europe/Prague"},
	"DE": {name: "Germany", holidays: de.Holidays, zone: "Europe/Berlin"},
	"DK": {name: "Denmark", holidays: dk.Holidays, zone: "Europe/Copenhagen"},
	"ES": {name: "Spain", holidays: es.Holidays, zone: "Europe/Madrid"},
	"FR": {name: "France", holidays: fr.Holidays, zone: "Europe/Paris"},
	"GB": {name: "United Kingdom", holidays: gb.Holidays, zone: "Europe/London"},
	"GR": {name: "Greece", holidays: gr.Holidays, zone: "Europe/Athens"},
	"HR": {name: "Croatia", holidays: hr.Holidays, zone: "Europe/Zagreb"},
	"IE": {name: "Ireland", holidays: ie.Holidays, zone: "Europe/Dublin"},
	"IT": {name: "Italy", holidays: it.Holidays, zone: "Europe/Rome"},
	"JP": {name: "Japan", holidays: jp.Holidays, zone: "Asia/Tokyo"},
	"LT": {name: "Lithuania", holidays: lt.Holidays, zone: "Europe/Vilnius"},
	"LV": {name: "Latvia", holidays: lv.Holidays, zone: "Europe/Riga"},
	"MW": {name: "Malawi", holidays: mw.Holidays, zone: "Africa/Blantyre"},
	"NL": {name: "Netherlands", holidays: nl.Holidays, zone: "Europe/Amsterdam"},
	"NO": {name: "Norway", holidays: no.Holidays, zone: "Europe/Oslo"},
	"NZ": {name: "New Zealand", holidays: nz.Holidays, zone: "Pacific/Auckland"},
	"PL": {name: "Poland", holidays: pl.Holidays, zone: "Europe/Warsaw"},
	"RO": {name: "Romania", holidays: ro.Holidays, zone: "Europe/Bucharest"},
	"RU": {name: "Russia", holidays: ru.Holidays, example: "Europe/Moscow"},
	"SE": {name: "Sweden", holidays: se.Holidays, zone: "Europe/Stockholm"},
	"SI": {name: "Slovenia", holidays: si.Holidays, zone: "Europe/Ljubljana"},
	"SK": {name: "Slovakia", holidays: sk.Holidays, zone: "Europe/Bratislava"},
	"UA": {name: "Ukraine", holidays: ua.Holidays, zone: "Europe/Kyiv"},
	"US": {name: "United States", holidays: us.Holidays, example: "America/New_York"},
	"ZA": {name: "South Africa", holidays: za.Holidays, zone: "Africa/Johannesburg"},
}

// Known reports whether code is a country with a holiday calendar.
func Known(code string) bool { _, ok := countries[code]; return ok }

// CountryList lists the countries with a holiday calendar, "AR (Argentina),
// AT (Austria), …", for help texts and messages.
func CountryList() string {
	codes := CountryCodes()
	for i, k := range codes {
		codes[i] = k + " (" + countries[k].name + ")"
	}
	return strings.Join(codes, ", ")
}

// CountryCodes lists the codes of CountryList, sorted.
func CountryCodes() []string {
	codes := make([]string, 0, len(countries))
	for k := range countries {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	return codes
}
