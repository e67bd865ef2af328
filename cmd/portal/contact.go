package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/uio-partner/portal/internal/generator"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/storage"
)

func init() {
	register(&command{name: "contact", summary: "run the contact endpoint; report, export, purge or erase inquiries", run: runContact})
}

// contactCommands are the subcommands of portal contact, in the order its
// usage lists them.
var contactCommands = []*command{
	{name: "serve", summary: "run the contact endpoint (POST /api/contact, the links in mails, GET /healthz, POST /api/search-miss)", run: contactServe},
	{name: "report", summary: "print who answered what, and how fast: per topic, the open inquiries, and the searches that found nothing", run: contactReport},
	{name: "export", summary: "write inquiries as CSV or JSON for the CRM", run: contactExport},
	{name: "purge", summary: "delete inquiries older than a retention period", run: contactPurge},
	{name: "delete", summary: "erase every inquiry from one email address (GDPR)", run: contactDelete},
	{name: "rotate-secret", summary: "make a new link-signing key in the database (the old one stays valid)", run: contactRotateSecret},
}

func runContact(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		for _, c := range contactCommands {
			if c.name == args[0] {
				return c.run(ctx, m, args[1:])
			}
		}
	}
	var b strings.Builder
	b.WriteString("Usage: portal contact <subcommand> [flags]\n\nSubcommands:\n")
	for _, c := range contactCommands {
		fmt.Fprintf(&b, "  %-14s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'portal contact <subcommand> -h' for a subcommand's flags.\n")
	if len(args) > 0 && !isHelp(args[0]) {
		fmt.Fprintf(m.Stderr, "portal contact: unknown subcommand %q\n\n", args[0])
	}
	fmt.Fprint(m.Stderr, b.String())
	if len(args) > 0 && isHelp(args[0]) {
		return flag.ErrHelp
	}
	return errUsage
}

// dbFlag is the --db flag every contact subcommand has.
func (m *Main) dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", m.envDefault("PORTAL_DB", "data/contact.db"), "SQLite file, or postgres://... URL (env PORTAL_DB)")
}

func contactServe(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact serve", "[flags]")
	addr := fs.String("addr", m.envDefault("PORTAL_CONTACT_ADDR", "127.0.0.1:8090"), "listen address (env PORTAL_CONTACT_ADDR)")
	db := m.dbFlag(fs)
	source := fs.String("source", m.envDefault("PORTAL_SOURCE", "."), "site root holding site.yaml (env PORTAL_SOURCE)")
	smtpAddr := fs.String("smtp-addr", m.envDefault("PORTAL_SMTP_ADDR", ""), "SMTP relay host:port; empty keeps mail in the outbox, webhooks still go out (env PORTAL_SMTP_ADDR)")
	smtpFrom := fs.String("smtp-from", m.envDefault("PORTAL_SMTP_FROM", "UiO partner portal <noreply@example.org>"), "From address of notifications (env PORTAL_SMTP_FROM)")
	smtpUser := fs.String("smtp-user", m.envDefault("PORTAL_SMTP_USER", ""), "SMTP username (env PORTAL_SMTP_USER)")
	smtpTLS := fs.String("smtp-tls", m.envDefault("PORTAL_SMTP_TLS", smtp.TLSRequired), "TLS to the relay: required (STARTTLS with a valid certificate, else nothing is sent), opportunistic, or none (a relay on this machine) (env PORTAL_SMTP_TLS)")
	smtpPass := fs.String("smtp-password", m.envDefault("PORTAL_SMTP_PASSWORD", ""), "SMTP password; prefer the env var PORTAL_SMTP_PASSWORD, flags show in ps")
	proxies := fs.String("trusted-proxies", m.envDefault("PORTAL_TRUSTED_PROXIES", ""), "CIDRs of reverse proxies whose X-Forwarded-For is believed (env PORTAL_TRUSTED_PROXIES)")
	origins := fs.String("origin", m.envDefault("PORTAL_CONTACT_ORIGINS", ""), "extra allowed origins, comma-separated, e.g. http://127.0.0.1:1313 (env PORTAL_CONTACT_ORIGINS)")
	ratePerMin := fs.Float64("rate", envFloat(m, "PORTAL_RATE", 6), "posts per minute per client IP; 0 disables (env PORTAL_RATE)")
	burst := fs.Int("burst", int(envFloat(m, "PORTAL_BURST", 5)), "burst of posts per client IP (env PORTAL_BURST)")
	publicURL := fs.String("public-url", m.envDefault("PORTAL_PUBLIC_URL", ""), "address the endpoint is reached at, for the links in mails; default site.yaml's baseURL (env PORTAL_PUBLIC_URL)")
	secretFile := fs.String("secret-file", m.envDefault("PORTAL_SECRET_FILE", ""), "file with the link-signing key (line 1) and the previous one (line 2); PORTAL_SECRET wins; neither: a key kept in the database (env PORTAL_SECRET_FILE)")
	hookSecretFile := fs.String("webhook-secret-file", m.envDefault("PORTAL_WEBHOOK_SECRET_FILE", ""), "file with the webhooks' signing secrets (whsec_..., one a line, the new one first during a rotation); PORTAL_WEBHOOK_SECRET wins (env PORTAL_WEBHOOK_SECRET_FILE)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for benchmarks)")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if !slices.Contains(smtp.TLSModes, *smtpTLS) {
		return fmt.Errorf("--smtp-tls %q: want one of %s", *smtpTLS, strings.Join(smtp.TLSModes, ", "))
	}
	log := slog.New(slog.NewJSONHandler(m.Stderr, nil))
	if m.Getenv("GOGC") == "" {
		// The live heap is about 1 MB, so the default GOGC=100 collects every
		// ~3 MB allocated: 8-9 collections a second under load, up to 13% of
		// CPU in gctrace. 400 halves the collections for a few MB of memory.
		debug.SetGCPercent(400)
	}
	cfg, err := config.Load(*source)
	if err != nil {
		return err
	}
	trusted, err := contacthttp.ParsePrefixes(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	opened, err := storage.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer opened.Close()
	// /healthz fails while inquiries fail to be stored, whatever its probe says.
	store := contact.Watch(opened)

	if u, err := url.Parse(*publicURL); *publicURL != "" && (err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http")) {
		return fmt.Errorf("--public-url %q: want an http(s) address such as https://partner.uio.no", *publicURL)
	}
	keys, keySource, err := contact.OpenKeyring(ctx, store, m.Getenv("PORTAL_SECRET"), m.Getenv("PORTAL_SECRET_PREVIOUS"), *secretFile, os.ReadFile)
	if err != nil {
		return err
	}
	webhook, err := webhookNotifier(m, cfg, *hookSecretFile)
	if err != nil {
		return err
	}
	mailer := contact.NewMailer(cfg, keys, *publicURL)
	if len(cfg.Contact.Coordinators) == 0 {
		log.Warn("site.yaml has no contact.coordinators: no weekly digest, no notice of undeliverable mail, and topics without escalate_to escalate to nobody")
	}

	opts := []contacthttp.Option{contacthttp.WithLogger(log), contacthttp.WithTrustedProxies(trusted), contacthttp.WithMailer(mailer),
		contacthttp.WithOrigins(strings.Split(*origins, ",")...), contacthttp.WithRateLimit(*ratePerMin, *burst)}
	// A form sent again without JavaScript comes back on the site's own
	// contact page, as it was when the endpoint started.
	if page, err := generator.LoadContactForm(*source); err != nil {
		log.Warn("the site's contact page cannot be shown with a form's problems; the endpoint's own page is used", "err", err.Error())
	} else {
		opts = append(opts, contacthttp.WithFormPage(page))
	}
	h := contacthttp.NewHandler(cfg, store, opts...)
	srv := contacthttp.NewServer(contacthttp.Routes{
		Endpoint: cfg.Contact.Endpoint, Form: h,
		Links:        contacthttp.NewLinks(store, mailer, log, nil),
		Health:       contacthttp.NewHealth(store, log, nil),
		MissEndpoint: cfg.Search.MissURL(), Misses: h.Misses(),
	})
	if err := srv.Listen(*addr); err != nil {
		return err
	}
	log.Info("contact endpoint listening", "addr", srv.Addr(), "endpoint", cfg.Contact.Endpoint, "db", storage.Redact(*db),
		"links", mailer.LinkURL("ID", contact.LinkClaim, "..."), "link_keys", keySource)

	if *cpuProfile != "" {
		// A file rather than net/http/pprof, whose import would add debug
		// handlers to http.DefaultServeMux for every command of the binary.
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// The dispatcher stops after the server, so in-flight saves finish first.
	dctx, stopDispatch := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	host, _ := os.Hostname()
	d := &contact.Dispatcher{
		Outbox: store, Logger: log, Owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), contact.NewID(time.Now())[:6]),
		Notifiers:   map[string]contact.Notifier{},
		DeadNotices: mailer.DeadNotice,
	}
	if webhook != nil {
		d.Notifiers[contact.KindWebhook] = webhook
	}
	if *smtpAddr != "" {
		d.Notifiers[contact.KindEmail] = &smtp.Sender{Addr: *smtpAddr, TLS: *smtpTLS, From: *smtpFrom, Username: *smtpUser, Password: *smtpPass, Render: mailer.Email}
	} else {
		// Another instance with a relay, or this one restarted with one,
		// sends them: this one does not even claim them.
		log.Warn("no --smtp-addr: email notifications wait in the outbox")
	}
	sched := &contact.Scheduler{Store: store, Mailer: mailer, Logger: log}
	wg.Add(2)
	go func() { defer wg.Done(); d.Run(dctx) }()
	go func() { defer wg.Done(); sched.Run(dctx) }()
	err = srv.Serve(ctx, 25*time.Second)
	stopDispatch()
	wg.Wait()
	log.Info("contact endpoint stopped")
	return err
}

// webhookNotifier returns the signed webhook sender, with the secrets from
// PORTAL_WEBHOOK_SECRET or the file (never site.yaml, which is in the
// site's repository); nil if there are none and no topic has a webhook.
// A topic with a webhook and no secret stops the start: the CRM could not
// tell the portal's calls from anyone's.
func webhookNotifier(m *Main, cfg *config.Config, file string) (*contacthttp.Webhook, error) {
	secrets := contacthttp.ParseWebhookSecrets(m.Getenv("PORTAL_WEBHOOK_SECRET"))
	if len(secrets) == 0 && file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--webhook-secret-file: %w", err)
		}
		secrets = contacthttp.ParseWebhookSecrets(string(data))
	}
	if len(secrets) == 0 {
		for _, t := range cfg.Contact.Topics {
			if t.Webhook != "" {
				return nil, fmt.Errorf("contact topic %q has a webhook, and there is no secret to sign its calls with: set PORTAL_WEBHOOK_SECRET or --webhook-secret-file to whsec_ and a random key in base64 (whsec_$(openssl rand -base64 32)), and give the CRM the same", t.ID)
			}
		}
		return nil, nil
	}
	return contacthttp.NewWebhook(secrets)
}

// envFloat reads a number from the environment, warning about (and
// ignoring) one that does not parse rather than failing a service at boot.
func envFloat(m *Main, name string, def float64) float64 {
	s := m.envDefault(name, "")
	if s == "" {
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fmt.Fprintf(m.Stderr, "portal: ignoring %s=%q: not a number\n", name, s)
		return def
	}
	return v
}

func contactExport(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact export", "[--db DB] [--format csv|json] [--since 2026-01-01] [--out FILE]")
	db := m.dbFlag(fs)
	format := fs.String("format", "csv", "csv or json")
	filter := sinceFlag(fs)
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	f, err := filter()
	if err != nil {
		return err
	}
	write := map[string]func(w io.Writer, inqs []*contact.Inquiry) error{"csv": contact.WriteCSV, "json": contact.WriteJSON}[*format]
	if write == nil {
		return fmt.Errorf("--format %q: want csv or json", *format)
	}
	return withStore(ctx, *db, func(store contact.Store) error {
		inqs, err := store.Inquiries(ctx, f)
		if err != nil {
			return err
		}
		if *out == "" {
			err = write(m.Stdout, inqs)
		} else {
			err = writePrivate(*out, func(w io.Writer) error { return write(w, inqs) })
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "exported %d inquiries\n", len(inqs))
		return nil
	})
}

// writePrivate writes path through fill, owner-only (0600): the export
// holds personal data. It writes a temporary file, which os.CreateTemp
// makes 0600, beside path and renames it over path, so the result is
// 0600 even where path existed with another mode, and nobody who had the
// old file open reads the new data through it.
func writePrivate(path string, fill func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// parseAge reads a retention period: "365d" for days, or a Go duration.
func parseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad number of days %q", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

func contactPurge(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact purge", "--older-than 365d [--db DB]")
	db := m.dbFlag(fs)
	older := fs.String("older-than", "", "delete inquiries older than this: 365d, or a duration such as 8760h")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	age, err := parseAge(*older)
	if *older == "" || err != nil {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, *db, func(store contact.Store) error {
		n, err := store.Purge(ctx, time.Now().Add(-age))
		if err == nil {
			fmt.Fprintf(m.Stdout, "purged %d inquiries older than %s\n", n, *older)
		}
		return err
	})
}

// withStore opens the store named by dsn for the length of fn.
func withStore(ctx context.Context, dsn string, fn func(contact.Store) error) error {
	store, err := storage.Open(ctx, dsn)
	if err != nil {
		return err
	}
	err = fn(store)
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	return err
}

func contactDelete(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("contact delete", "--email ADDRESS [--db DB]")
	db := m.dbFlag(fs)
	email := fs.String("email", "", "erase every inquiry from this address, with its pending notifications")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, *db, func(store contact.Store) error {
		inqs, pending, err := store.DeleteEmail(ctx, *email)
		if err == nil {
			fmt.Fprintf(m.Stdout, "deleted %d inquiries and %d pending notifications\n", inqs, pending)
		}
		return err
	})
}
