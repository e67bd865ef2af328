// Package workday counts working days as the university does in Oslo:
// Monday to Friday, less Norway's public holidays. The holidays come from
// github.com/rickar/cal/v2/no, a maintained calendar library, because Easter
// and the holidays hung on it move every year and a hand-kept table goes
// stale. Every date here is a date in Europe/Oslo, whatever the clock's zone.
package workday

import (
	"sync"
	"time"
	_ "time/tzdata" // Europe/Oslo even on a server without a zoneinfo database

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/no"
)

// Oslo is the zone every working day is counted in.
var Oslo = mustLoad("Europe/Oslo")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // embedded by time/tzdata, so only a broken build gets here
	}
	return loc
}

// Calendar answers working-day questions. The zero value is not usable; use
// Norway. A Calendar is safe for concurrent use: the library's own cache,
// which is not, is left off, and answers are kept per date here instead
// (the endpoint asks for every inquiry, and the library computes the
// year's holidays, Easter included, for every day it is asked about).
type Calendar struct {
	bc   *cal.BusinessCalendar
	days sync.Map // date (YYYYMMDD) -> bool
}

// Norway returns the calendar of Norwegian working days.
func Norway() *Calendar {
	bc := cal.NewBusinessCalendar() // Monday to Friday
	bc.AddHoliday(no.Holidays...)
	return &Calendar{bc: bc}
}

// Date returns the midnight in Oslo that starts t's day there.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Oslo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Oslo)
}

// IsWorkday reports whether t falls on a working day in Oslo.
func (c *Calendar) IsWorkday(t time.Time) bool {
	d := Date(t)
	key := d.Year()*10000 + int(d.Month())*100 + d.Day()
	if w, ok := c.days.Load(key); ok {
		return w.(bool)
	}
	// Noon keeps the day the same whatever a daylight-saving change does.
	w := c.bc.IsWorkday(d.Add(12 * time.Hour))
	c.days.Store(key, w)
	return w
}

// AddDays returns the date (midnight in Oslo) that is n working days after
// t's date: received on a Friday, one working day later is the Monday, or
// the Tuesday after Easter Monday. The day t falls on never counts, so a
// promise made late in the day is not shortened by it.
func (c *Calendar) AddDays(t time.Time, n int) time.Time {
	d := Date(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Deadline returns the instant a promise of n working days made at t runs
// out: the end of the day AddDays names (midnight in Oslo after it). Until
// then the promise is kept.
func (c *Calendar) Deadline(t time.Time, n int) time.Time {
	return c.AddDays(t, n).AddDate(0, 0, 1)
}
