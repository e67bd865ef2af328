package contact

import (
	"fmt"
	"time"
)

var (
	weekdays = map[string][7]string{
		"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		"nb": {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	}
	months = map[string][12]string{
		"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	}
)

// FormatDay writes t's date, in t's own zone (Mailer.Local gives the
// site's), as people write it in lang: "Thursday 3 December" in English,
// "torsdag 3. desember" in Norwegian, with the year when withYear is set.
// Languages other than nb are written in English.
func FormatDay(t time.Time, lang string, withYear bool) string {
	if lang != "nb" {
		lang = "en"
	}
	s := fmt.Sprintf("%s %d %s", weekdays[lang][t.Weekday()], t.Day(), months[lang][t.Month()-1])
	if lang == "nb" {
		s = fmt.Sprintf("%s %d. %s", weekdays[lang][t.Weekday()], t.Day(), months[lang][t.Month()-1])
	}
	if withYear {
		s += fmt.Sprintf(" %d", t.Year())
	}
	return s
}

// FormatTime is FormatDay with the year and the time of day, in t's zone.
func FormatTime(t time.Time) string {
	return FormatDay(t, "en", true) + t.Format(", 15:04")
}

// FormatUTC is FormatTime for a message made where the site's zone is not
// at hand (a store's refusal), so it names its zone.
func FormatUTC(t time.Time) string { return FormatTime(t.UTC()) + " UTC" }

// FormatAge writes a duration as a person reads an age: "3 days", "5 hours".
func FormatAge(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= time.Hour:
		return "1 hour"
	default:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
}
