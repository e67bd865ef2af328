package contacthttp_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact/sqlite"
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
	s.post(1, "kari@example.no", "192.0.2.1:1") // two unit mails and their links, a webhook and an acknowledgement
	s.clock.Set(s.clock.Now().Add(3 * time.Hour))
	rec = healthz(s, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "mail: 6 pending, oldest 3 hours; 0 undeliverable") {
		t.Errorf("pending: %d %q", rec.Code, rec.Body)
	}
	var rep struct {
		Status  string `json:"status"`
		Pending int    `json:"pending_messages"`
		Oldest  int64  `json:"oldest_pending_seconds"`
	}
	rec = healthz(s, "?max_pending_age=1h", "Accept", "application/json")
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil || rec.Code != 503 || rep.Status != "failing" || rep.Pending != 6 || rep.Oldest != 3*3600 {
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
