package contact_test

import (
	"bytes"
	"github.com/uio-partner/portal/internal/sitetest"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
)

// siteIn is a site in country (and zone, if not empty) with a topic
// promising an answer within 3 working days.
func siteIn(t *testing.T, country, zone string) *config.Config {
	t.Helper()
	src := "title: Partners\nbaseURL: https://partner.example.org/\ncountry: " + country + "\n"
	if zone != "" {
		src += "timezone: " + zone + "\n"
	}
	src += `languages: [{code: en, name: English, locale: en_GB}]
sections: [{name: news, title: News}]
contact:
  coordinators: [office@example.org]
  reply_within: 3d
  topics:
    - {id: general, label: General, to: [office@example.org]}
    - {id: quick, label: Quick, to: [office@example.org], reply_within: 1d}
` + sitetest.CoreFields
	cfg, err := config.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A promise made on Monday 4 January 2027 at 10:00 for 3 working days:
// Sweden keeps Epiphany (Wednesday 6 January), Norway does not.
func TestPromiseFollowsTheCountry(t *testing.T) {
	for _, tt := range []struct{ country, want string }{
		{"SE", "Friday, 8 January 2027"},
		{"NO", "Thursday, 7 January 2027"},
		{"GB", "Thursday, 7 January 2027"},
	} {
		t.Run(tt.country, func(t *testing.T) {
			var b bytes.Buffer
			if err := contact.WritePromises(&b, siteIn(t, tt.country, ""), "2027-01-04T10:00", "general"); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "general: 3 working days, answer by "+tt.want+"\n") || strings.Contains(b.String(), "quick") {
				t.Errorf("promise in %s:\n%s\nwant general only, by %s", tt.country, b.String(), tt.want)
			}
		})
	}
}

// The day is the site's: 23:30 on Thursday in London is already Friday
// in Stockholm, so one working day later is Friday in one, Monday in the
// other.
func TestPromiseCountsInTheSiteZone(t *testing.T) {
	at := time.Date(2027, 1, 7, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		zone string
		want time.Time
	}{
		{"Europe/London", time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC)},
		{"Europe/Stockholm", time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)},
	} {
		ps, err := contact.Promises(siteIn(t, "GB", tt.zone), at, "quick")
		if err != nil {
			t.Fatal(err)
		}
		y, m, d := ps[0].Day.Date()
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); !got.Equal(tt.want) || ps[0].Day.Location().String() != tt.zone {
			t.Errorf("%s: promise day %s (%s), want %s", tt.zone, ps[0].Day, ps[0].Day.Location(), tt.want.Format(time.DateOnly))
		}
	}
}

func TestPromiseRefusesBadInput(t *testing.T) {
	cfg := siteIn(t, "SE", "")
	var b bytes.Buffer
	if err := contact.WritePromises(&b, cfg, "tomorrow", ""); err == nil || !strings.Contains(err.Error(), `--at "tomorrow"`) {
		t.Errorf("--at tomorrow: %v", err)
	}
	if err := contact.WritePromises(&b, cfg, "2027-01-04T10:00", "nope"); err == nil || !strings.Contains(err.Error(), "it has general, quick") {
		t.Errorf("--topic nope: %v", err)
	}
}
