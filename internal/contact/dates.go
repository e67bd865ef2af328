package contact

import (
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/locale"
)

// FormatDay writes t's date, in t's own zone (Mailer.Local gives the
// site's), as readers of d's locale write a day: "Thursday, 3 December
// 2026", "torsdag 3. desember 2026", "torsdag 3 december 2026".
func FormatDay(d locale.Dates, t time.Time) string { return d.Full(t) }

// FormatTime is FormatDay with the time of day, in t's zone.
func FormatTime(d locale.Dates, t time.Time) string { return d.FullTime(t) }

// FormatStamp writes a moment with no language's words and names its zone,
// for messages composed where neither a site language nor the site's zone
// is at hand (a store's refusal, an expired link): "2026-12-03 14:05 UTC".
func FormatStamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") + " UTC" }

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
