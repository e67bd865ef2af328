package contact_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// openDB opens a new SQLite store, closed after the test.
func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// save stores inquiries with the messages the endpoint would queue.
func save(t *testing.T, db *sqlite.DB, inqs ...*contact.Inquiry) {
	t.Helper()
	for _, q := range inqs {
		if _, _, err := db.Save(context.Background(), q, storetest.Messages(t, q)); err != nil {
			t.Fatal(err)
		}
	}
}

// Export writes the inquiries matching the filter to standard output or,
// owner-only, to a file that replaces the one there.
func TestExport(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	now := time.Now()
	save(t, db, storetest.NewInquiry(0, now.Add(-48*time.Hour)), storetest.NewInquiry(1, now.Add(-time.Hour)))
	if contact.Exporter("xml") != nil || contact.Exporter("csv") == nil || contact.Exporter("json") == nil {
		t.Error("Exporter: want csv and json, nothing else")
	}
	var out bytes.Buffer
	n, err := contact.Export(ctx, db, contact.Filter{Since: now.Add(-24 * time.Hour)}, contact.Exporter("csv"), "", &out)
	if err != nil || n != 1 || strings.Count(out.String(), "\n") != 2 || !strings.Contains(out.String(), "Kari1@Example.no") {
		t.Errorf("Export since yesterday = %d, %v:\n%s", n, err, out.String())
	}

	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "inquiries.json")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reader, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if n, err := contact.Export(ctx, db, contact.Filter{}, contact.Exporter("json"), path, nil); err != nil || n != 2 {
		t.Fatalf("Export to a file = %d, %v", n, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the export is %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "Kari0@Example.no") {
		t.Errorf("the file lacks the inquiries:\n%s", data)
	}
	if seen, _ := io.ReadAll(reader); string(seen) != "old\n" {
		t.Errorf("a reader of the old file sees %q", seen)
	}
	if err := contact.WritePrivateFile(filepath.Join(t.TempDir(), "missing", "x.csv"), func(io.Writer) error { return nil }); err == nil {
		t.Error("a file in a folder that is not there: no error")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if err := contact.WritePrivateFile(path, func(io.Writer) error { return io.ErrShortWrite }); err != io.ErrShortWrite {
		t.Errorf("fill failed: %v", err)
	}
	if after, _ := os.ReadDir(filepath.Dir(path)); len(after) != len(entries) {
		t.Errorf("a failed write left a file behind: %d entries, had %d", len(after), len(entries))
	}
}
