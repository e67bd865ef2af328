package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/storage"
	"github.com/uio-partner/portal/internal/devserver"
	"github.com/uio-partner/portal/internal/generator"
)

func init() {
	register(&command{name: "serve", summary: "preview the site with drafts, rebuilding and reloading on every save", run: runServe})
}

// runServe is `portal serve [--addr 127.0.0.1:1313] [--source .]`.
func runServe(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("serve", "[--addr HOST:PORT] [--source DIR]")
	addr := fs.String("addr", m.envDefault("PORTAL_ADDR", "127.0.0.1:1313"), "address to listen on (env PORTAL_ADDR)")
	source := fs.String("source", ".", "site root holding site.yaml, content/, layouts/ and static/")
	drafts := fs.Bool("drafts", true, "include pages with draft: true")
	var cacheDir string
	m.cacheDirFlag(fs, &cacheDir)
	contactDB := fs.String("contact-db", m.envDefault("PORTAL_PREVIEW_DB", "data/preview-contact.db"), "SQLite file (or postgres:// URL) for inquiries sent from the preview's contact form (env PORTAL_PREVIEW_DB)")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String() + "/"
	srv := &devserver.Server{
		Options: generator.Options{Source: *source, Drafts: *drafts, Future: true, BaseURL: base, NoMinify: true, CacheDir: cacheDir},
		Log:     m.Stderr,
	}
	defer srv.Close()
	_ = srv.Rebuild(ctx) // a failed first build shows its errors in the browser
	handler, closeContact, err := m.previewHandler(ctx, srv, *source, *contactDB, strings.TrimSuffix(base, "/"))
	if err != nil {
		return err
	}
	defer closeContact()
	// Requests share ctx, so open live-reload streams end on Ctrl+C.
	hs := &http.Server{Handler: devserver.OnlyOwnHosts(handler, *addr), ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	fmt.Fprintf(m.Stdout, "serving %s at %s (Ctrl+C to stop)\n", *source, base)
	werr := make(chan error, 1)
	go func() { werr <- srv.Watch(ctx) }()
	select {
	case <-ctx.Done():
	case err := <-werr:
		if err != nil {
			hs.Close()
			return fmt.Errorf("watch %s: %w", *source, err)
		}
	case err := <-done:
		return err
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return hs.Close()
}

// previewHandler mounts the contact endpoint beside the preview, with a local
// database, so the form can be tried while editing: the same handler as
// `portal contact serve`, allowing posts from the preview's own origin and
// without a rate limit. Nothing is mailed; `portal contact export --db` shows
// what was sent. A form sent again without JavaScript comes back on the
// site's contact page as it is now. Without a valid site.yaml the preview serves the site alone
// (its errors are on every page already).
func (m *Main) previewHandler(ctx context.Context, site http.Handler, source, dsn, origin string) (http.Handler, func(), error) {
	cfg, err := config.Load(source)
	if err != nil || len(cfg.Contact.Topics) == 0 {
		return site, func() {}, nil
	}
	// sqlite.Open makes the folder, owner-only like the database.
	store, err := storage.Open(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("contact database %s: %w", dsn, err)
	}
	mux := http.NewServeMux()
	h := contacthttp.NewHandler(cfg, store, contacthttp.WithOrigins(origin), contacthttp.WithRateLimit(0, 0),
		contacthttp.WithFormPage(previewContactForm(source)))
	mux.Handle(cfg.Contact.Endpoint, h)
	if u := cfg.Search.MissURL(); u != "" {
		mux.Handle(u, h.Misses())
	}
	mux.Handle("/", site)
	fmt.Fprintf(m.Stdout, "contact form: %s stores inquiries in %s (no mail is sent from the preview)\n", cfg.Contact.Endpoint, dsn)
	return mux, func() { store.Close() }, nil
}

// previewContactForm renders the site's contact page as it is at the moment
// of each request: the preview follows the editor's changes.
type previewContactForm string

func (source previewContactForm) RenderForm(w io.Writer, lang string, values, problems map[string]string, status string) error {
	page, err := generator.LoadContactForm(string(source))
	if err != nil {
		return err
	}
	return page.RenderForm(w, lang, values, problems, status)
}
