// Package storage opens the contact.Store a --db string names, so commands
// and the dev preview share one way to pick SQLite or PostgreSQL.
package storage

import (
	"context"
	"net/url"
	"strings"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the store for dsn: a postgres:// or postgresql:// URL opens
// PostgreSQL, anything else is a SQLite file path.
func Open(ctx context.Context, dsn string) (contact.Store, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"))
}

// Redact hides the password in a PostgreSQL URL, for logs.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && IsPostgres(dsn) {
		return u.Redacted()
	}
	return dsn
}

// With opens the store for dsn for the length of fn, and closes it: the
// one-off commands (export, purge, report) use a store this way.
func With(ctx context.Context, dsn string, fn func(contact.Store) error) error {
	store, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	err = fn(store)
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	return err
}
