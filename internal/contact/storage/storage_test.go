package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/postgres/pgtest"
	"github.com/uio-partner/portal/internal/contact/storage"
)

func TestOpenSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "contact.db")
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no database file: %v", err)
	}
}

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestOpenPostgres(t *testing.T) {
	s, err := storage.Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestRedact(t *testing.T) {
	got := storage.Redact("postgres://portal:s3cret@db.example.org/portal")
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "db.example.org") {
		t.Errorf("Redact = %q", got)
	}
	if got := storage.Redact("data/contact.db"); got != "data/contact.db" {
		t.Errorf("Redact(path) = %q", got)
	}
}

// With hands fn an open store, closes it after, and returns fn's error.
func TestWith(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contact.db")
	ctx := context.Background()
	var seen contact.Store
	if err := storage.With(ctx, path, func(s contact.Store) error { seen = s; return s.AddMiss(ctx, "2026-01-02", "en", "q", 3) }); err != nil {
		t.Fatal(err)
	}
	if _, err := seen.Misses(ctx, ""); err == nil {
		t.Error("the store is still open after With")
	}
	failed := errors.New("fn failed")
	if err := storage.With(ctx, path, func(s contact.Store) error {
		if m, err := s.Misses(ctx, ""); err != nil || len(m) != 1 {
			t.Errorf("the second With sees %v, %v; want the miss the first stored", m, err)
		}
		return failed
	}); err != failed {
		t.Errorf("With = %v, want fn's error", err)
	}
	if err := storage.With(ctx, filepath.Join(path, "not-a-folder", "c.db"), func(contact.Store) error { t.Error("fn ran without a store"); return nil }); err == nil {
		t.Error("a database that cannot be opened: no error")
	}
}
