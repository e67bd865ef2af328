package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
