package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/cli"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/endpoint"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/storage"
	"github.com/uio-partner/portal/internal/perf"
)

// dbFlag is the --db flag every contact subcommand has.
func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", m.Default("PORTAL_DB", "data/contact.db"), "SQLite file, or postgres://... URL (env PORTAL_DB)")
}

func (m *Main) contactServe(ctx context.Context, args []string) error {
	c := endpoint.Config{Secret: m.Getenv("PORTAL_SECRET"), SecretPrevious: m.Getenv("PORTAL_SECRET_PREVIOUS"), WebhookSecret: m.Getenv("PORTAL_WEBHOOK_SECRET"), Log: m.Stderr}
	fs := m.Flags("contact serve", "[flags]")
	fs.StringVar(&c.Addr, "addr", m.Default("PORTAL_CONTACT_ADDR", "127.0.0.1:8090"), "listen address (env PORTAL_CONTACT_ADDR)")
	db := m.dbFlag(fs)
	fs.StringVar(&c.Source, "source", m.Default("PORTAL_SOURCE", "."), "site root holding site.yaml (env PORTAL_SOURCE)")
	fs.StringVar(&c.SMTP.Addr, "smtp-addr", m.Default("PORTAL_SMTP_ADDR", ""), "SMTP relay host:port; empty keeps mail in the outbox, webhooks still go out (env PORTAL_SMTP_ADDR)")
	fs.StringVar(&c.SMTP.From, "smtp-from", m.Default("PORTAL_SMTP_FROM", "UiO partner portal <noreply@example.org>"), "From address of notifications (env PORTAL_SMTP_FROM)")
	fs.StringVar(&c.SMTP.Username, "smtp-user", m.Default("PORTAL_SMTP_USER", ""), "SMTP username (env PORTAL_SMTP_USER)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", m.Default("PORTAL_SMTP_TLS", smtp.TLSRequired), "TLS to the relay: required (STARTTLS with a valid certificate, else nothing is sent), opportunistic, or none (a relay on this machine) (env PORTAL_SMTP_TLS)")
	fs.StringVar(&c.SMTP.Password, "smtp-password", m.Default("PORTAL_SMTP_PASSWORD", ""), "SMTP password; prefer the env var PORTAL_SMTP_PASSWORD, flags show in ps")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", m.Default("PORTAL_TRUSTED_PROXIES", ""), "CIDRs of reverse proxies whose X-Forwarded-For is believed (env PORTAL_TRUSTED_PROXIES)")
	fs.StringVar(&c.Origins, "origin", m.Default("PORTAL_CONTACT_ORIGINS", ""), "extra allowed origins, comma-separated, e.g. http://127.0.0.1:1313 (env PORTAL_CONTACT_ORIGINS)")
	fs.Float64Var(&c.Rate, "rate", m.Float("PORTAL_RATE", 6), "posts per minute per client IP; 0 disables (env PORTAL_RATE)")
	fs.IntVar(&c.Burst, "burst", int(m.Float("PORTAL_BURST", 5)), "burst of posts per client IP (env PORTAL_BURST)")
	fs.StringVar(&c.PublicURL, "public-url", m.Default("PORTAL_PUBLIC_URL", ""), "address the endpoint is reached at, for the links in mails; default site.yaml's baseURL (env PORTAL_PUBLIC_URL)")
	fs.StringVar(&c.SecretFile, "secret-file", m.Default("PORTAL_SECRET_FILE", ""), "file with the link-signing key (line 1) and the previous one (line 2); PORTAL_SECRET wins; neither: a key kept in the database (env PORTAL_SECRET_FILE)")
	fs.StringVar(&c.WebhookSecretFile, "webhook-secret-file", m.Default("PORTAL_WEBHOOK_SECRET_FILE", ""), "file with the webhooks' signing secrets (whsec_..., one a line, the new one first during a rotation); PORTAL_WEBHOOK_SECRET wins (env PORTAL_WEBHOOK_SECRET_FILE)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for benchmarks)")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	c.DB = *db
	perf.PaceEndpoint(m.Getenv)
	stop, err := perf.StartCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	return endpoint.Run(ctx, c)
}

// sinceFlag is the --since DATE flag of export and report.
func sinceFlag(fs *flag.FlagSet) *string {
	return fs.String("since", "", "only inquiries received on or after this date (YYYY-MM-DD, in site.yaml's timezone)")
}

func (m *Main) contactExport(ctx context.Context, args []string) error {
	fs := m.Flags("contact export", "[--db DB] [--format csv|json] [--since 2026-01-01] [--out FILE]")
	db := m.dbFlag(fs)
	format := fs.String("format", "csv", "csv or json")
	since := sinceFlag(fs)
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	cfg, _ := config.Load(m.Default("PORTAL_SOURCE", ".")) // for --since's zone; nil: UTC
	f, err := contact.ParseSince(*since, contact.Calendar(cfg).Location())
	if err != nil {
		return err
	}
	write := contact.Exporter(*format)
	if write == nil {
		return fmt.Errorf("--format %q: want csv or json", *format)
	}
	return storage.With(ctx, *db, func(store contact.Store) error {
		n, err := contact.Export(ctx, store, f, write, *out, m.Stdout)
		if err == nil {
			fmt.Fprintf(m.Stderr, "exported %d inquiries\n", n)
		}
		return err
	})
}

func (m *Main) contactPurge(ctx context.Context, args []string) error {
	fs := m.Flags("contact purge", "--older-than 365d [--db DB]")
	db := m.dbFlag(fs)
	older := fs.String("older-than", "", "delete inquiries older than this: 365d, or a duration such as 8760h")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	age, err := contact.ParseAge(*older)
	if *older == "" || err != nil {
		fs.Usage()
		return cli.ErrUsage
	}
	return storage.With(ctx, *db, func(store contact.Store) error {
		n, err := store.Purge(ctx, time.Now().Add(-age))
		if err == nil {
			fmt.Fprintf(m.Stdout, "purged %d inquiries older than %s\n", n, *older)
		}
		return err
	})
}

func (m *Main) contactDelete(ctx context.Context, args []string) error {
	fs := m.Flags("contact delete", "--email ADDRESS [--db DB]")
	db := m.dbFlag(fs)
	email := fs.String("email", "", "erase every inquiry from this address, with its pending notifications")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		fs.Usage()
		return cli.ErrUsage
	}
	return storage.With(ctx, *db, func(store contact.Store) error {
		inqs, pending, err := store.DeleteEmail(ctx, *email)
		if err == nil {
			fmt.Fprintf(m.Stdout, "deleted %d inquiries and %d pending notifications\n", inqs, pending)
		}
		return err
	})
}

// contactReport is `portal contact report`: the digest's figures on demand.
func (m *Main) contactReport(ctx context.Context, args []string) error {
	fs := m.Flags("contact report", "[--db DB] [--since 2026-01-01] [--format text|json|csv] [--source DIR]")
	db := m.dbFlag(fs)
	since := sinceFlag(fs)
	format := fs.String("format", contact.ReportText, "text, json or csv (csv: one row per topic and a total)")
	source := fs.String("source", m.Default("PORTAL_SOURCE", "."), "site root holding site.yaml, for the topics' labels; without one the ids are shown (env PORTAL_SOURCE)")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	cfg, _ := config.Load(*source) // nil without a valid site.yaml: the topics' ids stand for their labels, days are UTC
	f, err := contact.ParseSince(*since, contact.Calendar(cfg).Location())
	if err != nil {
		return err
	}
	if !slices.Contains(contact.ReportFormats, *format) {
		return fmt.Errorf("--format %q: want text, json or csv", *format)
	}
	return storage.With(ctx, *db, func(store contact.Store) error {
		r, err := contact.BuildReport(ctx, store, f, time.Now(), cfg)
		if err != nil {
			return err
		}
		return contact.WriteReport(m.Stdout, r, *format, 50)
	})
}

// contactRotateSecret is `portal contact rotate-secret`: a new link-signing
// key in the database; the old one stays valid for checking.
func (m *Main) contactRotateSecret(ctx context.Context, args []string) error {
	fs := m.Flags("contact rotate-secret", "[--db DB]")
	db := m.dbFlag(fs)
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	secret := m.Getenv("PORTAL_SECRET")
	if err := contact.StoredKeyInUse(secret); err != nil {
		return err // before the database is opened, or made
	}
	return storage.With(ctx, *db, func(store contact.Store) error {
		if err := contact.RotateStoredKey(ctx, store, secret); err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, "rotated the link-signing key: links mailed before stay valid until the next rotation; running endpoints take the new key within a minute or on the first link they cannot check")
		return nil
	})
}
