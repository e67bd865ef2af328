package endpoint_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/endpoint"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

const hookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// config is a run on a free port over a new SQLite database, with the
// tests' site.yaml and no SMTP relay.
func config(t *testing.T) endpoint.Config {
	t.Helper()
	src := t.TempDir()
	storetest.WriteSite(t, src)
	return endpoint.Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "contact.db"), Source: src,
		SMTP: smtp.Sender{TLS: smtp.TLSRequired}, WebhookSecret: hookSecret, Log: io.Discard}
}

// Run refuses what would leave it running wrongly, before it listens.
func TestRunRefuses(t *testing.T) {
	for name, change := range map[string]func(*endpoint.Config){
		"--smtp-tls":            func(c *endpoint.Config) { c.SMTP.TLS = "sometimes" },
		"--public-url":          func(c *endpoint.Config) { c.PublicURL = "partner.uio.no" },
		"--trusted-proxies":     func(c *endpoint.Config) { c.TrustedProxies = "10.0.0.0/33" },
		"PORTAL_WEBHOOK_SECRET": func(c *endpoint.Config) { c.WebhookSecret = "" },
		"PORTAL_SECRET is 5":    func(c *endpoint.Config) { c.Secret = "short" },
		"site.yaml":             func(c *endpoint.Config) { c.Source = t.TempDir() },
	} {
		c := config(t)
		change(&c)
		if err := endpoint.Run(context.Background(), c); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: Run = %v, want an error naming it", name, err)
		}
	}
}

// Run serves the form and the health check until ctx ends, and stores
// what is posted; it then stops cleanly.
func TestRun(t *testing.T) {
	c := config(t)
	r, w := io.Pipe()
	c.Log = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- endpoint.Run(ctx, c); w.Close() }()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "contact endpoint listening" {
				addr <- line.Addr
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("Run = %v before it listened", err)
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not say where it listens")
	}
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %v, %v", res, err)
	}
	form := url.Values{"name": {"Kari Nordmann"}, "email": {"kari@example.org"}, "organisation": {"Example AS"},
		"topic": {"general"}, "message": {"We would like to license a sensor patent."}, "consent": {"yes"}, "lang": {"en"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/contact", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := client.Do(req); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Errorf("POST /api/contact = %v, %v; want 303", res, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after ctx ended = %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("Run did not stop when ctx ended")
	}
	db, err := sqlite.Open(context.Background(), c.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if inqs, err := db.Inquiries(context.Background(), contact.Filter{}); err != nil || len(inqs) != 1 || inqs[0].Email != "kari@example.org" {
		t.Errorf("stored: %v, %v; want Kari's inquiry", inqs, err)
	}
}
