package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/workday"
)

// sinceFlag is the --since DATE flag of export and report: a date in Oslo,
// where the partnership office counts its days.
func sinceFlag(fs *flag.FlagSet) func() (contact.Filter, error) {
	since := fs.String("since", "", "only inquiries received on or after this date (YYYY-MM-DD, Europe/Oslo)")
	return func() (contact.Filter, error) {
		var f contact.Filter
		if *since == "" {
			return f, nil
		}
		t, err := time.ParseInLocation(time.DateOnly, *since, workday.Oslo)
		if err != nil {
			return f, fmt.Errorf("--since %q: want a date such as 2026-01-01", *since)
		}
		f.Since = t
		return f, nil
	}
}

// contactReport is `portal contact report`: the digest's figures on demand.
func contactReport(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact report", "[--db DB] [--since 2026-01-01] [--format text|json|csv] [--source DIR]")
	db := m.dbFlag(fs)
	filter := sinceFlag(fs)
	format := fs.String("format", contact.ReportText, "text, json or csv (csv: one row per topic and a total)")
	source := fs.String("source", m.envDefault("PORTAL_SOURCE", "."), "site root holding site.yaml, for the topics' labels; without one the ids are shown (env PORTAL_SOURCE)")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	f, err := filter()
	if err != nil {
		return err
	}
	switch *format {
	case contact.ReportText, contact.ReportJSON, contact.ReportCSV:
	default:
		return fmt.Errorf("--format %q: want text, json or csv", *format)
	}
	label := func(topic string) string { return topic }
	if cfg, err := config.Load(*source); err == nil {
		label = func(topic string) string {
			if t := cfg.Contact.Topic(topic); t != nil {
				return t.Label.Get("en")
			}
			return topic
		}
	}
	return withStore(ctx, *db, func(store contact.Store) error {
		rows, err := store.Progress(ctx, f)
		if err != nil {
			return err
		}
		dead, err := store.DeadMessages(ctx)
		if err != nil {
			return err
		}
		r := contact.NewReport(rows, dead, f.Since, time.Now(), label)
		since := ""
		if !f.Since.IsZero() {
			since = contact.MissDay(f.Since)
		}
		misses, err := store.Misses(ctx, since)
		if err != nil {
			return err
		}
		r.Misses = contact.SummariseMisses(misses)
		return contact.WriteReport(m.Stdout, r, *format, 50)
	})
}

// contactRotateSecret is `portal contact rotate-secret`: a new link-signing
// key in the database; the old one stays valid for checking.
func contactRotateSecret(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact rotate-secret", "[--db DB]")
	db := m.dbFlag(fs)
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if m.Getenv("PORTAL_SECRET") != "" {
		return fmt.Errorf("PORTAL_SECRET is set, so the key in the database is not used: rotate by moving PORTAL_SECRET to PORTAL_SECRET_PREVIOUS and setting a new PORTAL_SECRET")
	}
	return withStore(ctx, *db, func(store contact.Store) error {
		if _, _, err := store.Secrets(ctx, contact.NewSecret()); err != nil { // there is a key to move
			return err
		}
		if err := store.RotateSecret(ctx, contact.NewSecret()); err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, "rotated the link-signing key: links mailed before stay valid until the next rotation; running endpoints take the new key within a minute or on the first link they cannot check")
		return nil
	})
}
