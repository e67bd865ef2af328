package contact_test

import (
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{"365d": 365 * 24 * time.Hour, "0d": 0, "8760h": 8760 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := contact.ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "soon", "-3d", "d", "1.5d", "365"} {
		if got, err := contact.ParseAge(in); err == nil {
			t.Errorf("ParseAge(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseSince(t *testing.T) {
	f, err := contact.ParseSince("2026-03-01", osloZone)
	if want := time.Date(2026, 3, 1, 0, 0, 0, 0, osloZone); err != nil || !f.Since.Equal(want) {
		t.Errorf("ParseSince(2026-03-01) = %v, %v; want midnight in Oslo, %v", f.Since, err, want)
	}
	if f, err := contact.ParseSince("", osloZone); err != nil || !f.Since.IsZero() {
		t.Errorf("ParseSince(\"\") = %v, %v; want every inquiry", f, err)
	}
	if _, err := contact.ParseSince("1 March", osloZone); err == nil || !strings.Contains(err.Error(), `--since "1 March": want a date such as 2026-01-01`) {
		t.Errorf("ParseSince(1 March) = %v", err)
	}
}
