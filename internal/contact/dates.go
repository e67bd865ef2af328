package contact

import (
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/contact/workday"
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

// FormatDay writes t's date in Oslo as people write it in lang: "Thursday
// 3 December" in English, "torsdag 3. desember" in Norwegian, with the year
// when withYear is set. Languages other than nb are written in English.
func FormatDay(t time.Time, lang string, withYear bool) string {
	t = t.In(workday.Oslo)
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

// FormatTime is FormatDay with the year and the time of day in Oslo.
func FormatTime(t time.Time) string {
	return FormatDay(t, "en", true) + t.In(workday.Oslo).Format(", 15:04")
}

// PromiseDay is the last day of a promise that runs out at due (the
// midnight after it), as the visitor was told.
func PromiseDay(due time.Time) time.Time { return workday.Date(due.Add(-time.Second)) }

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
