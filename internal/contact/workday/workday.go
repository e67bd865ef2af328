// Package workday counts working days as the site's institution does:
// Monday to Friday, less the public holidays of the country site.yaml names
// (country:), each date taken in the site's time zone (timezone:, or the
// country's own). The holidays come from github.com/rickar/cal/v2, a
// maintained calendar library, because Easter and the holidays hung on it
// move every year and a hand-kept table goes stale.
package workday

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // every IANA zone, even on a server without a zoneinfo database

	"github.com/rickar/cal/v2"
)

// Calendar answers working-day questions in one country and time zone.
// The zero value is not usable; use New. A Calendar is safe for concurrent
// use: the library's own cache, which is not, is left off, and answers are
// kept per date here instead (the endpoint asks for every inquiry, and the
// library computes the year's holidays, Easter included, for every day it
// is asked about).
type Calendar struct {
	country string
	loc     *time.Location
	bc      *cal.BusinessCalendar
	days    sync.Map // date (YYYYMMDD) -> bool
}

// New returns the calendar of country (ISO 3166-1 alpha-2, such as SE)
// counted in zone (an IANA name such as Europe/Stockholm). An empty zone
// is the country's own, when it has only one; an empty country counts
// Monday to Friday with no public holidays.
func New(country, zone string) (*Calendar, error) {
	c := &Calendar{country: country, bc: cal.NewBusinessCalendar()} // Monday to Friday
	if country != "" {
		k, ok := countries[country]
		if !ok {
			return nil, fmt.Errorf("country %q has no holiday calendar here; known: %s", country, CountryList())
		}
		c.bc.AddHoliday(k.holidays...)
		if zone == "" {
			zone = k.zone
		}
		if zone == "" {
			return nil, fmt.Errorf("country %s spans several time zones: name the one working days are counted in (timezone:, such as %s)", country, k.example)
		}
	}
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "Local" {
		return nil, fmt.Errorf("time zone %q is not an IANA time zone such as Europe/Stockholm", zone)
	}
	c.loc = loc
	return c, nil
}

// Country returns the calendar's country code, empty for none.
func (c *Calendar) Country() string { return c.country }

// Location returns the zone the calendar's dates are taken in.
func (c *Calendar) Location() *time.Location { return c.loc }

// Date returns the midnight that starts t's day in the calendar's zone.
func (c *Calendar) Date(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, c.loc)
}

// IsWorkday reports whether t falls on a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	d := c.Date(t)
	key := d.Year()*10000 + int(d.Month())*100 + d.Day()
	if w, ok := c.days.Load(key); ok {
		return w.(bool)
	}
	// Noon keeps the day the same whatever a daylight-saving change does.
	w := c.bc.IsWorkday(d.Add(12 * time.Hour))
	c.days.Store(key, w)
	return w
}

// AddDays returns the date (midnight in the calendar's zone) that is n
// working days after t's date: received on a Friday, one working day later
// is the Monday, or the Tuesday after Easter Monday. The day t falls on
// never counts, so a promise made late in the day is not shortened by it.
func (c *Calendar) AddDays(t time.Time, n int) time.Time {
	d := c.Date(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Deadline returns the instant a promise of n working days made at t runs
// out: the end of the day AddDays names (the midnight after it). Until
// then the promise is kept.
func (c *Calendar) Deadline(t time.Time, n int) time.Time {
	return c.AddDays(t, n).AddDate(0, 0, 1)
}

// LastDay is the last day of a promise that runs out at due (the midnight
// after it), as the visitor was told.
func (c *Calendar) LastDay(due time.Time) time.Time { return c.Date(due.Add(-time.Second)) }
