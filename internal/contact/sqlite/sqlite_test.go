package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

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
	storetest.Run(t, func(t *testing.T, now func() time.Time) contact.Store {
		db := MustOpenDB(t)
		if now != nil {
			db.Now = now
		}
		return db
	})
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

// TestBatchIsolation: one failing inquiry in a group commit fails only its
// own save; the others in the same transaction are stored.
func TestBatchIsolation(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	now := db.Now()
	first := storetest.NewInquiry(0, now)
	if _, _, err := db.Save(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 20)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := storetest.NewInquiry(i+1, now)
			if i == 7 {
				q.ID = first.ID // primary key clash: this one must fail
			}
			_, _, errs[i] = db.Save(ctx, q, nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 7) {
			t.Errorf("save %d: err = %v", i, err)
		}
	}
	if all, _ := db.Inquiries(ctx, contact.Filter{}); len(all) != 20 {
		t.Errorf("stored %d, want 20", len(all))
	}
}

// BenchmarkSave saves unique inquiries from many goroutines, as the HTTP
// handlers do, through the group-commit writer.
func BenchmarkSave(b *testing.B) {
	db := MustOpenDB(b)
	defer db.Close()
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q := storetest.NewInquiry(int(n.Add(1)), db.Now())
			if _, _, err := db.Save(ctx, q, storetest.Messages(b, q)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestFileModes is issue 23's property 2: whatever the umask, the database,
// its -wal and -shm files and the folder Open makes are the owner's only,
// and a database an older version left readable to all is made so too.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "contact")
	path := filepath.Join(dir, "contact.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	q := storetest.NewInquiry(1, db.Now())
	if _, _, err := db.Save(ctx, q, storetest.Messages(t, q)); err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{dir: 0o700, filepath.Dir(dir): 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600}
	check := func(when string) {
		t.Helper()
		for p, mode := range want {
			fi, err := os.Stat(p)
			if err != nil {
				t.Errorf("%s: %v", when, err)
			} else if fi.Mode().Perm() != mode {
				t.Errorf("%s: %s is %v, want %v", when, filepath.Base(p), fi.Mode().Perm(), mode)
			}
		}
	}
	check("new")
	db.Close()
	// As an older version left them: readable to all. SQLite removed the
	// side files on a clean close; empty ones are what a crash leaves.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q = storetest.NewInquiry(2, db.Now())
	if _, _, err := db.Save(ctx, q, storetest.Messages(t, q)); err != nil {
		t.Fatal(err)
	}
	check("reopened after a chmod 0644")
}

// TestClientNotRecoverable is issue 23's property 7 on SQLite.
func TestClientNotRecoverable(t *testing.T) {
	open := func(t *testing.T, now func() time.Time) contact.Store {
		db := MustOpenDB(t)
		if now != nil {
			db.Now = now
		}
		return db
	}
	storetest.ClientNotRecoverable(t, open, func(s contact.Store) []string {
		cells, err := s.(*sqlite.DB).Dump(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return cells
	})
}

// TestUpgradeGivesPendingUnitMailItsLinks: a unit mail queued before issue
// 23 (which carried the links itself) and still unsent gets a links mail,
// so its recipient can still claim the inquiry: once, when it is sent
// (migration 005 queued one beside it; 007 leaves that to the send).
func TestUpgradeGivesPendingUnitMailItsLinks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "contact.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	q := storetest.NewInquiry(1, db.Now())
	var unit []*contact.Message
	for _, m := range storetest.Messages(t, q) {
		if m.Purpose == contact.PurposeUnit {
			unit = append(unit, m)
		}
	}
	if _, _, err := db.Save(ctx, q, unit); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE name IN ('migrations/005_private_acknowledgements.sql', 'migrations/007_links_when_sent.sql'); DROP INDEX acknowledgements_at`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := storetest.Mailer(t)
	msgs, err := db.Claim(ctx, "t", nil, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Purpose != contact.PurposeUnit {
		t.Fatalf("after the upgrade: %d messages (%v), want the unit mail", len(msgs), err)
	}
	if err := db.Sent(ctx, "t", msgs[0].ID, m.Then(msgs[0])); err != nil {
		t.Fatal(err)
	}
	msgs, err = db.Claim(ctx, "t", nil, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Purpose != contact.PurposeActions || msgs[0].Target != unit[0].Target {
		t.Fatalf("once the unit mail is sent: %d messages (%v), want its links, once", len(msgs), err)
	}
	e, err := m.Email(msgs[0])
	if err != nil || !strings.Contains(e.Body, "/claim?token=") {
		t.Errorf("links mail (%v):\n%v", err, e)
	}
}

// TestLinkKeyBesideTheDatabase is issue 23's property 2 for the link key:
// it lives in a 0600 file beside the database, not in it, so a copy of the
// database cannot forge claim links; a key an older version kept in the
// secrets table moves to the file and is erased from the database.
func TestLinkKeyBesideTheDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "contact.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	old := []byte("an-older-versions-key-0123456789")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO secrets (id, current) VALUES (1, ?)`, old); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if cur, prev, err := db.Secrets(ctx, contact.NewSecret()); err != nil || string(cur) != string(old) || prev != nil {
		t.Fatalf("Secrets = %q, %q, %v; want the older version's key", cur, prev, err)
	}
	fresh := []byte("the-rotated-key-0123456789abcdef")
	if err := db.RotateSecret(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if cur, prev, err := db.Secrets(ctx, contact.NewSecret()); err != nil || string(cur) != string(fresh) || string(prev) != string(old) {
		t.Fatalf("after rotation: %q, %q, %v", cur, prev, err)
	}
	db.Close()
	if fi, err := os.Stat(sqlite.KeyPath(path)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want 0600", fi, err)
	}
	for _, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, key := range [][]byte{old, fresh} {
			if bytes.Contains(data, key) || bytes.Contains(data, []byte(hex.EncodeToString(key))) {
				t.Errorf("%s holds the key %q", filepath.Base(p), key)
			}
		}
	}
}
