package locale

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	may1 := time.Date(2024, 5, 1, 14, 5, 0, 0, time.UTC)
	feb := time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ locale, long, full, monthYear, time string }{
		{"sv_SE", "1 maj 2024", "onsdag 1 maj 2024", "februari 2021", "14:05"},
		{"sv", "1 maj 2024", "onsdag 1 maj 2024", "februari 2021", "14:05"},
		{"nb_NO", "1. mai 2024", "onsdag 1. mai 2024", "februar 2021", "14:05"},
		{"en_GB", "1 May 2024", "Wednesday, 1 May 2024", "February 2021", "14:05"},
		{"en-US", "May 1, 2024", "Wednesday, May 1, 2024", "February 2021", "2:05 pm"},
		{"da_DK", "1. maj 2024", "onsdag den 1. maj 2024", "februar 2021", "14.05"},
		{"de", "1. Mai 2024", "Mittwoch, 1. Mai 2024", "Februar 2021", "14:05"},
		{"hu", "2024. május 1.", "2024. május 1., szerda", "2021. február", "14:05"},
	} {
		d, ok := Find(c.locale)
		if !ok {
			t.Errorf("Find(%q): not found", c.locale)
			continue
		}
		for _, g := range []struct{ what, got, want string }{
			{"Long", d.Long(may1), c.long}, {"Full", d.Full(may1), c.full},
			{"MonthYear", d.MonthYear(feb), c.monthYear}, {"Time", d.Time(may1), c.time},
		} {
			if g.got != g.want {
				t.Errorf("%s %s = %q, want %q", c.locale, g.what, g.got, g.want)
			}
		}
	}
}

func TestFindRefusesUnknown(t *testing.T) {
	for _, l := range []string{"", "xx", "sv_XX", "en_ZZ"} {
		if Known(l) {
			t.Errorf("Known(%q) = true", l)
		}
	}
}

// The year's digits must not be taken for the day's: 2012 holds "12".
func TestMonthYearYearWithDayDigits(t *testing.T) {
	d, _ := Find("sv")
	for y, want := range map[int]string{2012: "december 2012", 2010: "december 2010", 2028: "december 2028"} {
		if got := d.MonthYear(time.Date(y, 12, 1, 0, 0, 0, 0, time.UTC)); got != want {
			t.Errorf("MonthYear(%d) = %q, want %q", y, got, want)
		}
	}
}
