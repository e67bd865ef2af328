package main

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/uio-partner/portal/internal/devserver"
	"github.com/uio-partner/portal/internal/generator"
)

// runServe is `portal serve [--addr 127.0.0.1:1313] [--source .]`.
func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.Flags("serve", "[--addr HOST:PORT] [--source DIR]")
	addr := fs.String("addr", m.Default("PORTAL_ADDR", "127.0.0.1:1313"), "address to listen on (env PORTAL_ADDR)")
	source := fs.String("source", ".", "site root holding site.yaml, content/, layouts/ and static/")
	drafts := fs.Bool("drafts", true, "include pages with draft: true")
	var cacheDir string
	m.cacheDirFlag(fs, &cacheDir)
	contactDB := fs.String("contact-db", m.Default("PORTAL_PREVIEW_DB", "data/preview-contact.db"), "SQLite file (or postgres:// URL) for inquiries sent from the preview's contact form (env PORTAL_PREVIEW_DB)")
	if err := m.ParseOnly(fs, args); err != nil {
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
	handler, closeContact, err := devserver.WithContact(ctx, srv, *source, *contactDB, strings.TrimSuffix(base, "/"), m.Stdout)
	if err != nil {
		return err
	}
	defer closeContact()
	fmt.Fprintf(m.Stdout, "serving %s at %s (Ctrl+C to stop)\n", *source, base)
	return srv.Serve(ctx, ln, handler, *addr)
}
