package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/generator"
)

// Serve serves h (the preview, with whatever is mounted beside it) on ln
// to requests for the preview's own address (OnlyOwnHosts, listen), and
// rebuilds on every save, until ctx ends or watching fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener, h http.Handler, listen string) error {
	// Requests share ctx, so open live-reload streams end on Ctrl+C.
	hs := &http.Server{Handler: OnlyOwnHosts(h, listen), ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	werr := make(chan error, 1)
	go func() { werr <- s.Watch(ctx) }()
	select {
	case <-ctx.Done():
	case err := <-werr:
		if err != nil {
			hs.Close()
			return fmt.Errorf("watch %s: %w", s.Options.Source, err)
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

// Preview is `portal serve`: the build it previews, where it listens, and
// the database of the contact form beside it.
type Preview struct {
	Addr string
	// Options names the site and what to include (Source, Drafts,
	// CacheDir); Run makes it a preview's build: future pages, the
	// listening address as baseURL, unminified.
	Options   generator.Options
	ContactDB string    // see WithContact
	Log       io.Writer // every build and its errors (the terminal)
	Out       io.Writer // where the site and the form are served
}

// Run listens on Addr, builds the site, and serves it with the contact form
// until ctx ends (Ctrl+C) or watching fails.
func (p Preview) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", p.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String() + "/"
	opts := p.Options
	opts.Future, opts.BaseURL, opts.NoMinify = true, base, true
	srv := &Server{Options: opts, Log: p.Log}
	defer srv.Close()
	_ = srv.Rebuild(ctx) // a failed first build shows its errors in the browser
	h, closeContact, err := WithContact(ctx, srv, opts.Source, p.ContactDB, strings.TrimSuffix(base, "/"), p.Out)
	if err != nil {
		return err
	}
	defer closeContact()
	fmt.Fprintf(p.Out, "serving %s at %s (Ctrl+C to stop)\n", opts.Source, base)
	return srv.Serve(ctx, ln, h, p.Addr)
}
