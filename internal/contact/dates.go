package contact

import (
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/contact/workday"
	"github.com/uio-partner/portal/internal/locale"
)

// FormatDay writes t's date, in the zone working days are counted in, as
// readers of d's locale write a day: "Thursday, 3 December 2026",
// "torsdag 3. desember 2026", "torsdag 3 december 2026".
func FormatDay(d locale.Dates, t time.Time) string { return d.Full(t.In(workday.Oslo)) }

// FormatTime is FormatDay with the time of day.
func FormatTime(d locale.Dates, t time.Time) string { return d.FullTime(t.In(workday.Oslo)) }

// FormatStamp writes a moment with no language's words, for messages
// composed where no site language is at hand: "2026-12-03 14:05".
func FormatStamp(t time.Time) string { return t.In(workday.Oslo).Format("2006-01-02 15:04") }

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
