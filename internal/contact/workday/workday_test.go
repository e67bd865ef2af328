package workday_test

import (
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact/workday"
)

// norway is the calendar of a site with country: NO.
func norway(t *testing.T) *workday.Calendar {
	t.Helper()
	c, err := workday.New("NO", "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var osloZone, _ = time.LoadLocation("Europe/Oslo")

func oslo(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, osloZone)
}

func TestAddDays(t *testing.T) {
	c := norway(t)
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time // a date in Oslo
	}{
		{"within a week", oslo(2026, 11, 30, 10), 3, oslo(2026, 12, 3, 0)},
		{"over a weekend", oslo(2026, 12, 3, 15), 3, oslo(2026, 12, 8, 0)},
		{"received on a Saturday", oslo(2026, 12, 5, 11), 1, oslo(2026, 12, 7, 0)},
		{"received on a Sunday", oslo(2026, 12, 6, 23), 2, oslo(2026, 12, 8, 0)},
		// 17 May 2027 is a Monday: Constitution Day does not count.
		{"over 17 May", oslo(2027, 5, 14, 9), 1, oslo(2027, 5, 18, 0)},
		// 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
		{"over Easter 2026", oslo(2026, 4, 1, 9), 1, oslo(2026, 4, 7, 0)},
		// Easter moves: in 2027 it is 28 March, so 2 April 2027 is an ordinary Friday
		// and the Thursday and Friday before 28 March are holidays.
		{"Easter moves (2027)", oslo(2027, 4, 1, 9), 1, oslo(2027, 4, 2, 0)},
		{"over Easter 2027", oslo(2027, 3, 24, 9), 1, oslo(2027, 3, 30, 0)},
		// Ascension Day 14 May 2026, a Thursday; Whit Monday 25 May 2026.
		{"over Ascension Day", oslo(2026, 5, 13, 9), 1, oslo(2026, 5, 15, 0)},
		{"over Whit Monday", oslo(2026, 5, 22, 9), 1, oslo(2026, 5, 26, 0)},
		{"over Christmas", oslo(2026, 12, 23, 9), 3, oslo(2026, 12, 29, 0)},
		{"over New Year", oslo(2026, 12, 31, 9), 1, oslo(2027, 1, 4, 0)},
		// The clock's zone does not matter: 23:30 UTC on 1 December is
		// already 2 December in Oslo.
		{"UTC evening is the next day in Oslo", time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), 1, oslo(2026, 12, 3, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.AddDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format("Mon 2 Jan 2006"), tt.want.Format("Mon 2 Jan 2006"))
			}
		})
	}
}

func TestDeadlineIsTheEndOfTheDay(t *testing.T) {
	c := norway(t)
	got := c.Deadline(oslo(2026, 11, 30, 10), 3) // by Thursday 3 December
	if want := oslo(2026, 12, 4, 0); !got.Equal(want) {
		t.Errorf("Deadline = %s, want %s", got, want)
	}
	// Over the change to summer time (29 March 2026) the deadline is still
	// local midnight.
	got = c.Deadline(oslo(2026, 3, 27, 10), 1)
	if want := oslo(2026, 3, 31, 0); !got.Equal(want) || got.Hour() != 0 {
		t.Errorf("Deadline over DST = %s, want %s", got, want)
	}
}

func TestIsWorkday(t *testing.T) {
	c := norway(t)
	for day, want := range map[time.Time]bool{
		oslo(2026, 5, 17, 12):  false, // Sunday and Constitution Day
		oslo(2027, 5, 17, 12):  false, // Monday and Constitution Day
		oslo(2026, 5, 1, 12):   false, // Labour Day
		oslo(2026, 5, 18, 12):  true,
		oslo(2026, 12, 24, 12): true, // Christmas Eve is no public holiday
		oslo(2026, 12, 25, 12): false,
		oslo(2026, 12, 26, 12): false,
		oslo(2026, 12, 5, 12):  false, // Saturday
	} {
		if got := c.IsWorkday(day); got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", day.Format("Mon 2 Jan 2006"), got, want)
		}
	}
}

func TestNewFromCountry(t *testing.T) {
	se, err := workday.New("SE", "")
	if err != nil {
		t.Fatal(err)
	}
	if se.Location().String() != "Europe/Stockholm" || se.Country() != "SE" {
		t.Errorf("SE: zone %s, country %s", se.Location(), se.Country())
	}
	stockholm := se.Location()
	for day, want := range map[time.Time]bool{
		time.Date(2027, 1, 6, 12, 0, 0, 0, stockholm):  false, // Epiphany
		time.Date(2026, 6, 19, 12, 0, 0, 0, stockholm): false, // Midsummer Eve
		time.Date(2026, 6, 8, 12, 0, 0, 0, stockholm):  true,
		time.Date(2026, 5, 17, 12, 0, 0, 0, stockholm): false, // a Sunday; 17 May is Norway's, not Sweden's
		time.Date(2027, 5, 17, 12, 0, 0, 0, stockholm): true,
	} {
		if got := se.IsWorkday(day); got != want {
			t.Errorf("SE IsWorkday(%s) = %v, want %v", day.Format("Mon 2 Jan 2006"), got, want)
		}
	}
	gb, err := workday.New("GB", "Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	if got := gb.AddDays(time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC), 1); got.Format(time.DateOnly) != "2026-12-29" || got.Location().String() != "Europe/London" {
		t.Errorf("GB: one working day after 24 December 2026 = %s, want 2026-12-29 in London (Boxing Day observed on Monday 28)", got)
	}
	none, err := workday.New("", "")
	if err != nil || none.Location() != time.UTC || !none.IsWorkday(time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("no country: %v, zone %v; want Monday to Friday in UTC, no holidays", err, none.Location())
	}
	for _, bad := range []struct{ country, zone, want string }{
		{"XX", "", `country "XX" has no holiday calendar`},
		{"US", "", "spans several time zones"},
		{"SE", "Mars/Olympus", `"Mars/Olympus" is not an IANA time zone`},
		{"SE", "Local", `"Local" is not an IANA time zone`},
	} {
		if _, err := workday.New(bad.country, bad.zone); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("New(%q, %q) = %v, want %q", bad.country, bad.zone, err, bad.want)
		}
	}
}
