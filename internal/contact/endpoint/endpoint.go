// Package endpoint runs the contact endpoint as a service (`portal contact
// serve`): it opens the store and the link keys, composes the mailer and
// the webhook, serves the form, the links in mails and the health check,
// and runs the outbox's dispatcher and the lifecycle's timers beside them
// until it is told to stop.
package endpoint

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/storage"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/theme"
)

// Config is how the endpoint runs; cmd/portal fills it from flags and the
// environment.
type Config struct {
	Addr   string // listen address
	DB     string // SQLite file or postgres:// URL
	Source string // site root holding site.yaml
	// SMTP is the relay; an empty Addr keeps mail in the outbox (webhooks
	// still go out). Run sets its Render.
	SMTP           smtp.Sender
	TrustedProxies string  // CIDRs whose X-Forwarded-For is believed, comma-separated
	Origins        string  // extra allowed origins, comma-separated
	Rate           float64 // posts per minute per client IP; 0 disables
	Burst          int
	// PublicURL is where the endpoint is reached, for the links in mails;
	// "" is site.yaml's baseURL.
	PublicURL string
	// The link-signing keys, from the first that has them (see
	// contact.OpenKeyring): Secret and SecretPrevious (PORTAL_SECRET,
	// PORTAL_SECRET_PREVIOUS), SecretFile, else the database.
	Secret, SecretPrevious, SecretFile string
	// The webhooks' signing secrets: WebhookSecret (PORTAL_WEBHOOK_SECRET)
	// or else the file (see contacthttp.LoadWebhook).
	WebhookSecret, WebhookSecretFile string
	Log                              io.Writer // JSON lines, one an event
}

// Run serves until ctx is done, then lets in-flight requests finish
// before it stops the dispatcher, so every save completes.
func Run(ctx context.Context, c Config) error {
	if !slices.Contains(smtp.TLSModes, c.SMTP.TLS) {
		return fmt.Errorf("--smtp-tls %q: want one of %s", c.SMTP.TLS, strings.Join(smtp.TLSModes, ", "))
	}
	log := slog.New(slog.NewJSONHandler(c.Log, nil))
	cfg, err := config.Load(c.Source)
	if err != nil {
		return err
	}
	trusted, err := contacthttp.ParsePrefixes(c.TrustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	store, err := storage.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	// /healthz fails while inquiries fail to be stored, whatever its probe says.
	watched := contact.Watch(store)

	if err := contact.CheckPublicURL(c.PublicURL); err != nil {
		return err
	}
	keys, keySource, err := contact.OpenKeyring(ctx, store, c.Secret, c.SecretPrevious, c.SecretFile, os.ReadFile)
	if err != nil {
		return err
	}
	webhook, err := contacthttp.LoadWebhook(cfg, c.WebhookSecret, c.WebhookSecretFile)
	if err != nil {
		return err
	}
	texts, err := theme.LoadStrings(c.Source, cfg)
	if err != nil {
		return err
	}
	mailer := contact.NewMailer(cfg, texts, keys, c.PublicURL)
	if len(cfg.Contact.Coordinators) == 0 {
		log.Warn("site.yaml has no contact.coordinators: no weekly digest, no notice of undeliverable mail, and topics without escalate_to escalate to nobody")
	}

	opts := []contacthttp.Option{contacthttp.WithLogger(log), contacthttp.WithTrustedProxies(trusted), contacthttp.WithMailer(mailer),
		contacthttp.WithOrigins(strings.Split(c.Origins, ",")...), contacthttp.WithRateLimit(c.Rate, c.Burst)}
	// A form sent again without JavaScript comes back on the site's own
	// contact page, as it was when the endpoint started.
	if page, err := generator.LoadContactForm(c.Source); err != nil {
		log.Warn("the site's contact page cannot be shown with a form's problems; browsers without JavaScript get them in plain text", "err", err.Error())
	} else {
		opts = append(opts, contacthttp.WithFormPage(page))
	}
	h := contacthttp.NewHandler(cfg, watched, opts...)
	srv := contacthttp.NewServer(contacthttp.Routes{
		Endpoint: cfg.Contact.Endpoint, Form: h,
		Links:        contacthttp.NewLinks(store, mailer, log, nil),
		Health:       contacthttp.NewHealth(watched, log, nil),
		MissEndpoint: cfg.Search.MissURL(), Misses: h.Misses(store),
	})
	if err := srv.Listen(c.Addr); err != nil {
		return err
	}
	log.Info("contact endpoint listening", "addr", srv.Addr(), "endpoint", cfg.Contact.Endpoint, "db", storage.Redact(c.DB),
		"links", mailer.LinkURL("ID", contact.LinkClaim, "..."), "link_keys", keySource)

	// The dispatcher stops after the server, so in-flight saves finish first.
	dctx, stopDispatch := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	host, _ := os.Hostname()
	d := &contact.Dispatcher{
		Outbox: store, Logger: log, Owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), contact.NewID(time.Now())[:6]),
		Notifiers:   map[string]contact.Notifier{},
		DeadNotices: mailer.DeadNotice,
		Then:        mailer.Then,
	}
	if webhook != nil {
		d.Notifiers[contact.KindWebhook] = webhook
	}
	if c.SMTP.Addr != "" {
		sender := c.SMTP
		sender.Render = mailer.Email
		d.Notifiers[contact.KindEmail] = &sender
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
