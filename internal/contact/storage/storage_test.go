package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

func TestOpenPostgres(t *testing.T) {
	dsn := os.Getenv("PORTAL_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("PORTAL_TEST_POSTGRES is unset under CI: run the tests through scripts/with-postgres.sh")
		}
		t.Skip("PORTAL_TEST_POSTGRES unset")
	}
	s, err := storage.Open(context.Background(), dsn)
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
