package contact

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseAge reads a retention period (`portal contact purge --older-than`):
// "365d" for days, or a Go duration such as "8760h".
func ParseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad number of days %q", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// ParseSince returns the filter for inquiries received on or after date
// (YYYY-MM-DD, --since) in loc, the site's zone, where the partnership office counts its
// days; "" is every inquiry.
func ParseSince(date string, loc *time.Location) (Filter, error) {
	var f Filter
	if date == "" {
		return f, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return f, fmt.Errorf("--since %q: want a date such as 2026-01-01", date)
	}
	f.Since = t
	return f, nil
}
