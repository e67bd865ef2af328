package contacthttp_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

func healthz(s *site, query string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/healthz"+query, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return s.do(r)
}

// TestHealthz reports the outbox: messages pending, the age of the oldest,
// and undeliverable ones; ?max_pending_age turns stuck mail into a 503.
func TestHealthz(t *testing.T) {
	s := newSite(t, nil)
	rec := healthz(s, "")
	if rec.Code != 200 || rec.Body.String() != "ok\nstorage: writable\nmail: 0 pending, oldest none; 0 undeliverable, of which 0 acknowledgements to addresses the visitors' servers refused\n" {
		t.Errorf("empty: %d %q", rec.Code, rec.Body)
	}
	s.post(1, "kari@example.no", "192.0.2.1:1") // two unit mails (their links follow when they are sent), a webhook and an acknowledgement
	s.clock.Set(s.clock.Now().Add(3 * time.Hour))
	rec = healthz(s, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "mail: 4 pending, oldest 3 hours; 0 undeliverable") {
		t.Errorf("pending: %d %q", rec.Code, rec.Body)
	}
	var rep struct {
		Status  string `json:"status"`
		Pending int    `json:"pending_messages"`
		Oldest  int64  `json:"oldest_pending_seconds"`
	}
	rec = healthz(s, "?max_pending_age=1h", "Accept", "application/json")
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil || rec.Code != 503 || rep.Status != "failing" || rep.Pending != 4 || rep.Oldest != 3*3600 {
		t.Errorf("stuck mail: %d %s (%v)", rec.Code, rec.Body, err)
	}
}

// TestHealthzFailsWhenTheDatabaseCannotBeWritten is issue 12's defect 5:
// /healthz said ok while the database could not be written. Another
// process holding SQLite's write lock (a backup or a stray sqlite3 shell)
// stops every save; health writes to find out, and says so.
func TestHealthzFailsWhenTheDatabaseCannotBeWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s := newSite(t, store)
	if rec := healthz(s, ""); rec.Code != 200 {
		t.Fatalf("before: %d %s", rec.Code, rec.Body)
	}
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rec := healthz(s, "")
	if rec.Code != 503 || !strings.HasPrefix(rec.Body.String(), "failing\nstorage: cannot write: ") {
		t.Errorf("while locked: %d %q; want 503 saying the storage cannot be written", rec.Code, rec.Body)
	}
	t.Logf("answered in %v", time.Since(start))
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if rec := healthz(s, ""); rec.Code != 200 {
		t.Errorf("after the lock is gone: %d %s", rec.Code, rec.Body)
	}
}

// mountTmpfs mounts a tmpfs of size at a fresh directory, or skips the
// test saying why (it needs root and a kernel that allows it).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a %s tmpfs to fill (needs root): %v %s", size, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// TestHealthzFailsWhenInquiriesDoNotFit is issue 23's property 1: with the
// database on a 3 MB tmpfs and inquiries of 9 KB, POSTs start failing; from
// the first failure on, /healthz must say so, although its own probe
// write still fits. Both the free-space check and the record of failed
// saves (contact.Watched, as `portal contact serve` wires it) must see it.
func TestHealthzFailsWhenInquiriesDoNotFit(t *testing.T) {
	dir := mountTmpfs(t, "3m")
	raw, err := sqlite.Open(context.Background(), filepath.Join(dir, "contact.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	store := contact.Watch(raw)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	form := contacthttp.NewHandler(storetest.Config(t), store, contacthttp.WithMailer(storetest.Mailer(t)), contacthttp.WithRateLimit(0, 0), contacthttp.WithLogger(quiet))
	srv := contacthttp.NewServer(contacthttp.Routes{Endpoint: "/api/contact", Form: form, Links: http.NotFoundHandler(), Health: contacthttp.NewHealth(store, quiet, nil)})
	get := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec
	}
	if rec := get(); rec.Code != 200 {
		t.Fatalf("empty database: %d %s", rec.Code, rec.Body)
	}
	failed := 0
	for n := 0; n < 1000 && failed == 0; n++ {
		msg := fmt.Sprintf("Inquiry %d. %s", n, strings.Repeat("We would like to discuss a research collaboration. ", 180)) // 9 KB
		r := jsonForm(with(valid(n), "topic", "research", "message", msg))
		r.RemoteAddr = fmt.Sprintf("198.51.100.%d:1", n%250+1)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		switch rec.Code {
		case 201:
		case 500:
			failed = n
		default:
			t.Fatalf("post %d: %d %s", n, rec.Code, rec.Body)
		}
	}
	if failed == 0 {
		t.Fatal("1,000 inquiries of 9 KB fitted in 3 MB: the tmpfs is not what it seems")
	}
	t.Logf("post %d was the first that could not be stored", failed)
	if rec := get(); rec.Code != 503 || !strings.HasPrefix(rec.Body.String(), "failing\nstorage: cannot write: ") {
		t.Errorf("after an inquiry could not be stored: %d %q; want 503", rec.Code, rec.Body)
	}
	if _, err := raw.Health(context.Background()); err == nil {
		t.Error("the store's own health (free space) says ok although an inquiry did not fit")
	}
}

// TestWatchedHealthFollowsSaves: a failed save fails health until a save
// succeeds, or until SaveFailureWindow has passed; a request that went
// away is not a failure of the store.
func TestWatchedHealthFollowsSaves(t *testing.T) {
	raw, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ctx := context.Background()
	now := time.Now()
	w := contact.Watch(raw)
	w.Now = func() time.Time { return now }
	first := storetest.NewInquiry(1, now)
	if _, _, err := w.Save(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	clash := storetest.NewInquiry(2, now)
	clash.ID = first.ID // the primary key refuses it: an internal error
	if _, _, err := w.Save(ctx, clash, nil); err == nil {
		t.Fatal("a clashing id was stored")
	}
	if _, err := w.Health(ctx); err == nil || !strings.Contains(err.Error(), "could not be stored") {
		t.Errorf("health after a failed save: %v", err)
	}
	now = now.Add(contact.SaveFailureWindow)
	if _, err := w.Health(ctx); err != nil {
		t.Errorf("health a window later: %v", err)
	}
	if _, _, err := w.Save(ctx, clash, nil); err == nil {
		t.Fatal("a clashing id was stored")
	}
	if _, _, err := w.Save(ctx, storetest.NewInquiry(3, now), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Health(ctx); err != nil {
		t.Errorf("health after a save succeeded: %v", err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	w.Save(gone, storetest.NewInquiry(4, now), nil)
	if _, err := w.Health(ctx); err != nil {
		t.Errorf("health after a visitor went away: %v", err)
	}
}
