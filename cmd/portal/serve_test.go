package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/devserver"
	"github.com/uio-partner/portal/internal/sitetest"
)

// The preview mounts the real contact endpoint, so the form works while
// editing: a post from the preview's origin is stored and redirected to the
// thank-you page, and everything else is the site.
func TestPreviewMountsContactEndpoint(t *testing.T) {
	root := sitetest.Fixture(t)
	var out bytes.Buffer
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("site")) })
	db := filepath.Join(t.TempDir(), "preview.db")
	h, closeFn, err := devserver.WithContact(context.Background(), site, root, db, "http://127.0.0.1:1313", &out)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()

	form := url.Values{"name": {"Kari Nordmann"}, "email": {"kari@example.org"}, "organisation": {"Example AS"},
		"topic": {"licensing-and-spinoffs"}, "message": {"We would like to license a sensor patent."},
		"consent": {"yes"}, "lang": {"en"}}
	req := httptest.NewRequest(http.MethodPost, "/api/contact", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://127.0.0.1:1313")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if loc, _ := url.Parse(rec.Header().Get("Location")); rec.Code != http.StatusSeeOther || loc.Path != "/contact/thanks/" {
		t.Fatalf("POST /api/contact = %d Location %q, want 303 to /contact/thanks/; body:\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/offerings/", nil))
	if rec.Body.String() != "site" {
		t.Errorf("GET /offerings/ = %q, want the site", rec.Body)
	}

	code, stdout, stderr := run(t, "contact", "export", "--db", db, "--format", "csv")
	if code != 0 || !strings.Contains(stdout, "kari@example.org") {
		t.Errorf("export after a preview post: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
