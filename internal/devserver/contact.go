package devserver

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/storage"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/theme"
)

// WithContact mounts the contact endpoint beside the preview's site, with a
// local database, so the form can be tried while editing: the handler and
// the routes of `portal contact serve` (contacthttp.NewHandler and
// NewMux), allowing posts from the preview's own origin and without a rate
// limit. Nothing is mailed; `portal contact export --db` shows what was
// sent, and out is told where it goes. A form sent again without
// JavaScript comes back on the site's contact page as it is now. Without a
// valid site.yaml, or without topics, the preview serves the site alone
// (its errors are on every page already). close releases the database.
func WithContact(ctx context.Context, site http.Handler, source, dsn, origin string, out io.Writer) (h http.Handler, close func(), err error) {
	cfg, err := config.Load(source)
	if err != nil || len(cfg.Contact.Topics) == 0 {
		return site, func() {}, nil
	}
	// sqlite.Open makes the folder, owner-only like the database.
	store, err := storage.Open(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("contact database %s: %w", dsn, err)
	}
	// The form's problems are worded with the theme strings as they are
	// when the preview starts.
	texts, err := theme.LoadStrings(source, cfg)
	if err != nil {
		store.Close()
		return site, func() {}, nil // the build shows the theme's errors
	}
	mailer := contact.NewMailer(cfg, texts, contact.NewKeyring(contact.NewSecret(), nil), "")
	form := contacthttp.NewHandler(cfg, store, contacthttp.WithOrigins(origin), contacthttp.WithRateLimit(0, 0),
		contacthttp.WithFormPage(liveContactForm(source)), contacthttp.WithMailer(mailer))
	h = contacthttp.NewMux(contacthttp.Routes{Endpoint: cfg.Contact.Endpoint, Form: form,
		MissEndpoint: cfg.Search.MissURL(), Misses: form.Misses(store), Site: site})
	fmt.Fprintf(out, "contact form: %s stores inquiries in %s (no mail is sent from the preview)\n", cfg.Contact.Endpoint, dsn)
	return h, func() { store.Close() }, nil
}

// liveContactForm renders the site's contact page as it is at the moment
// of each request: the preview follows the editor's changes.
type liveContactForm string

func (source liveContactForm) RenderForm(w io.Writer, lang string, values, problems map[string]string, status string) error {
	page, err := generator.LoadContactForm(string(source))
	if err != nil {
		return err
	}
	return page.RenderForm(w, lang, values, problems, status)
}

func (source liveContactForm) ThanksURL(lang string) string {
	page, err := generator.LoadContactForm(string(source))
	if err != nil {
		return "" // the build shows the error; the endpoint falls back to site.ThanksPath
	}
	return page.ThanksURL(lang)
}
