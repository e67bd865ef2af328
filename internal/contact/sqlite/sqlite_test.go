package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// MustOpenDB opens a fresh database in a temporary directory.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "contact.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) contact.Store { return MustOpenDB(t) })
}

// TestReopen checks that migrations run once and data survives a reopen.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contact.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	q := storetest.NewInquiry(1, db.Now())
	if _, _, err := db.Save(ctx, q, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := db.Inquiries(ctx, contact.Filter{})
	if err != nil || len(all) != 1 {
		t.Fatalf("after reopen: %v, %v", all, err)
	}
}
