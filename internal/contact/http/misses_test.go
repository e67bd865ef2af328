package contacthttp_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
)

// missEnv is the miss endpoint over a real SQLite file, at a fixed clock.
type missEnv struct {
	t     *testing.T
	path  string
	store *sqlite.DB
	h     http.Handler
	now   time.Time
}

func newMissEnv(t *testing.T) *missEnv {
	path := filepath.Join(t.TempDir(), "c.db")
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := &missEnv{t: t, path: path, store: store, now: time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.h = contacthttp.NewHandler(MustConfig(t), store, contacthttp.WithLogger(quiet), contacthttp.WithClock(func() time.Time { return e.now })).Misses(store)
	return e
}

// post sends body from the client at addr with the headers in kv pairs.
func (e *missEnv) post(addr, body string, kv ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/search-miss", strings.NewReader(body))
	req.RemoteAddr = addr + ":4711"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) VisitorAgent/1.0")
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *missEnv) stored() []contact.Miss {
	e.t.Helper()
	rows, err := e.store.Misses(context.Background(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

const aMiss = `{"q":"Microscopes","lang":"en","day":"2026-12-01"}`

// TestMissPrivacy: a query one client sends never appears, however often;
// three clients store it; nothing that identifies a visitor is in the
// database file (no address, no user agent), and no cookie is set.
func TestMissPrivacy(t *testing.T) {
	e := newMissEnv(t)
	for range 5 {
		if rec := e.post("198.51.100.23", `{"q":"Kari Nordmann","lang":"en","day":"2026-12-01"}`); rec.Code != http.StatusNoContent {
			t.Fatalf("status %d, want 204", rec.Code)
		}
	}
	for _, ip := range []string{"198.51.100.23", "198.51.100.24", "2001:db8:7:1::5"} {
		rec := e.post(ip, aMiss)
		if rec.Code != http.StatusNoContent || rec.Header().Get("Set-Cookie") != "" {
			t.Fatalf("%s: status %d, Set-Cookie %q", ip, rec.Code, rec.Header().Get("Set-Cookie"))
		}
	}
	e.post("2001:db8:7:1::6", aMiss) // the same /64: the same client
	rows := e.stored()
	if len(rows) != 1 || rows[0] != (contact.Miss{Day: "2026-12-01", Lang: "en", Query: "microscopes", Clients: 3}) {
		t.Fatalf("stored %+v, want only microscopes from 3 clients", rows)
	}
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{e.path, e.path + "-wal", e.path + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, secret := range []string{"198.51.100", "2001:db8", "VisitorAgent", "kari", "Kari"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}
}

// TestMissRefusals: each bad report gets a 4xx and stores nothing.
func TestMissRefusals(t *testing.T) {
	e := newMissEnv(t)
	for _, tc := range []struct {
		name, body string
		headers    []string
		want       int
	}{
		{"oversized", `{"q":"` + strings.Repeat("a", 3000) + `","lang":"en","day":"2026-12-01"}`, nil, http.StatusRequestEntityTooLarge},
		{"not UTF-8", "{\"q\":\"mikro\xff\xfeskop\",\"lang\":\"nb\",\"day\":\"2026-12-01\"}", nil, http.StatusBadRequest},
		{"not JSON", `q=microscopes`, nil, http.StatusBadRequest},
		{"form type", aMiss, []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"unknown language", `{"q":"x","lang":"de","day":"2026-12-01"}`, nil, http.StatusUnprocessableEntity},
		{"another day", `{"q":"microscopes","lang":"en","day":"2026-11-20"}`, nil, http.StatusUnprocessableEntity},
		{"no words", `{"q":"?! …","lang":"en","day":"2026-12-01"}`, nil, http.StatusUnprocessableEntity},
		{"other site", aMiss, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
	} {
		for _, ip := range []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"} {
			if rec := e.post(ip, tc.body, tc.headers...); rec.Code != tc.want {
				t.Errorf("%s: status %d, want %d", tc.name, rec.Code, tc.want)
			}
		}
	}
	// Global Privacy Control and Do Not Track: accepted, nothing kept.
	for i, h := range [][]string{{"Sec-GPC", "1"}, {"DNT", "1"}, {"Sec-GPC", "1"}} {
		if rec := e.post("192.0.2."+strconv.Itoa(10+i), aMiss, h...); rec.Code != http.StatusNoContent {
			t.Errorf("%s: status %d, want 204", h[0], rec.Code)
		}
	}
	// A flood from one client: refused once over the limit.
	codes := map[int]int{}
	for i := range 40 {
		codes[e.post("192.0.2.99", `{"q":"flood `+strconv.Itoa(i)+`","lang":"en","day":"2026-12-01"}`).Code]++
	}
	if codes[http.StatusTooManyRequests] == 0 {
		t.Errorf("40 reports from one client: %v, want some 429", codes)
	}
	if rows := e.stored(); len(rows) != 0 {
		t.Errorf("stored %+v from refused or single-client reports", rows)
	}
	if rec := httptest.NewRecorder(); true {
		e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search-miss", nil))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("GET: status %d, want 405", rec.Code)
		}
	}
}
