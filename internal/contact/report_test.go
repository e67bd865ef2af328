package contact_test

import (
	"context"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// BuildReport reads the figures from the filter's day on, names topics
// from site.yaml (their ids without one), and lists the searches that
// found nothing from that day on.
func TestBuildReport(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	now := time.Now()
	research := storetest.NewInquiry(2, now.Add(-time.Hour))
	research.Topic = "research"
	save(t, db, storetest.NewInquiry(0, now.Add(-20*24*time.Hour)), storetest.NewInquiry(1, now.Add(-time.Hour)), research)
	old, recent := contact.MissDay(now.AddDate(0, 0, -20), osloZone), contact.MissDay(now, osloZone)
	if err := db.AddMiss(ctx, old, "en", "old query", 3); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMiss(ctx, recent, "en", "microscopes", 4); err != nil {
		t.Fatal(err)
	}

	since := now.AddDate(0, 0, -7)
	r, err := contact.BuildReport(ctx, db, contact.Filter{Since: since}, now, storetest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Received != 2 || !r.From.Equal(since) || !r.Until.Equal(now) {
		t.Errorf("total %d received from %v until %v; want 2 from %v until %v", r.Total.Received, r.From, r.Until, since, now)
	}
	labels := map[string]string{}
	for _, f := range r.Topics {
		labels[f.Topic] = f.Label
	}
	if labels["research"] != "Research collaboration" || len(labels) != 2 {
		t.Errorf("topics %v, want general and research with their English labels", labels)
	}
	if len(r.Misses) != 1 || r.Misses[0].Query != "microscopes" {
		t.Errorf("misses since a week ago = %+v, want microscopes alone", r.Misses)
	}

	r, err = contact.BuildReport(ctx, db, contact.Filter{}, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Received != 3 || len(r.Misses) != 2 {
		t.Errorf("from the start: %d received, %d misses; want 3 and 2", r.Total.Received, len(r.Misses))
	}
	for _, f := range r.Topics {
		if f.Label != f.Topic {
			t.Errorf("without site.yaml topic %s is labelled %q, want its id", f.Topic, f.Label)
		}
	}
}
