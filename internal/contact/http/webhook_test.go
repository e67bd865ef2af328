package contacthttp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

const (
	secretNew = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	secretOld = "whsec_c2VjcmV0LW9mLWxhc3QteWVhci1rZXktMzItYnl0ZXM="
)

// call is one request a receiver got.
type call struct {
	header http.Header
	body   []byte
}

// receiver records the calls it gets; the first answers 502.
func receiver(t *testing.T) (*httptest.Server, func() []call) {
	var mu sync.Mutex
	var calls []call
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		calls = append(calls, call{r.Header.Clone(), b})
		n := len(calls)
		mu.Unlock()
		if n == 1 {
			http.Error(w, "down", http.StatusBadGateway)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []call { mu.Lock(); defer mu.Unlock(); return append([]call(nil), calls...) }
}

func webhookMessage(t *testing.T, url string) *contact.Message {
	q := &contact.Inquiry{ID: "abc", CreatedAt: time.Now(), Topic: "research", Name: "Kari", Email: "kari@example.no", Message: "Hei"}
	for _, m := range storetest.Messages(t, q) {
		if m.Kind == contact.KindWebhook {
			m.ID, m.Target = 42, url
			return m
		}
	}
	t.Fatal("no webhook message")
	return nil
}

// TestWebhook: the call carries the notification, signed by the Standard
// Webhooks specification; a retry has the same webhook-id and a fresh
// timestamp, and verifies again; a forged or altered call does not.
func TestWebhook(t *testing.T) {
	srv, calls := receiver(t)
	hook := webhookMessage(t, srv.URL)
	wh, err := contacthttp.NewWebhook([]string{secretNew})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	wh.Now = func() time.Time { return start }
	if err := wh.Notify(context.Background(), hook); err == nil {
		t.Fatal("a 502 answer was taken as delivered")
	}
	wh.Now = func() time.Time { return start.Add(time.Minute) }
	if err := wh.Notify(context.Background(), hook); err != nil {
		t.Fatal(err)
	}
	got := calls()
	if len(got) != 2 {
		t.Fatalf("%d calls, want 2", len(got))
	}
	verifier, err := standardwebhooks.NewWebhook(secretNew)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range got {
		if err := verifier.Verify(c.body, c.header); err != nil {
			t.Errorf("call %d does not verify: %v (%v)", i, err, c.header)
		}
	}
	if got[0].header.Get("webhook-id") != got[1].header.Get("webhook-id") || got[0].header.Get("webhook-id") == "" {
		t.Errorf("the retry changed the webhook-id: %q, %q", got[0].header.Get("webhook-id"), got[1].header.Get("webhook-id"))
	}
	if got[0].header.Get("webhook-timestamp") == got[1].header.Get("webhook-timestamp") {
		t.Error("the retry kept the first attempt's timestamp: a receiver's tolerance would refuse a late retry")
	}
	var n contact.Notification
	if json.Unmarshal(got[1].body, &n) != nil || n.InquiryID != "abc" || n.TopicLabel != "Research collaboration" || n.Message != "Hei" || n.Reference != "ABC" || n.DueAt.IsZero() {
		t.Errorf("payload %s", got[1].body)
	}
	altered := append([]byte(nil), got[1].body...)
	altered[len(altered)-3] ^= 1
	if verifier.Verify(altered, got[1].header) == nil {
		t.Error("an altered body verifies")
	}
	other, _ := standardwebhooks.NewWebhook(secretOld)
	if other.Verify(got[1].body, got[1].header) == nil {
		t.Error("a call verifies under a secret the portal does not have")
	}
}

// TestWebhookRotation: with the new and the old secret, each call carries
// two signatures, so a receiver holding either verifies it.
func TestWebhookRotation(t *testing.T) {
	srv, calls := receiver(t)
	wh, err := contacthttp.NewWebhook(contacthttp.ParseWebhookSecrets(secretNew + " " + secretOld))
	if err != nil {
		t.Fatal(err)
	}
	hook := webhookMessage(t, srv.URL)
	wh.Notify(context.Background(), hook) // the 502
	if err := wh.Notify(context.Background(), hook); err != nil {
		t.Fatal(err)
	}
	c := calls()[1]
	for _, secret := range []string{secretNew, secretOld} {
		v, _ := standardwebhooks.NewWebhook(secret)
		if err := v.Verify(c.body, c.header); err != nil {
			t.Errorf("a receiver with %.12s... refuses the call: %v", secret, err)
		}
	}
}

// TestWebhookSignatureVector checks the signing against the example the
// specification's libraries publish.
func TestWebhookSignatureVector(t *testing.T) {
	wh, err := contacthttp.NewWebhook([]string{secretNew})
	if err != nil {
		t.Fatal(err)
	}
	sig, err := wh.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; err != nil || sig != want {
		t.Errorf("signature %q (%v), want %q", sig, err, want)
	}
}

// TestWebhookSecrets: a secret must be whsec_ and base64; none is refused.
func TestWebhookSecrets(t *testing.T) {
	for _, bad := range [][]string{nil, {"hunter2"}, {"whsec_"}, {"whsec_!!notbase64"}} {
		if _, err := contacthttp.NewWebhook(bad); err == nil {
			t.Errorf("NewWebhook(%q) accepted", bad)
		}
	}
}

// TestWebhookNeedsASecret: a topic with a webhook and no signing secret
// stops contact serve; the secret comes from the environment or a file,
// never from site.yaml.
func TestWebhookNeedsASecret(t *testing.T) {
	cfg := storetest.Config(t) // "research" has a webhook
	if _, err := contacthttp.LoadWebhook(cfg, "", ""); err == nil || !strings.Contains(err.Error(), "PORTAL_WEBHOOK_SECRET") {
		t.Errorf("no secret: %v", err)
	}
	file := filepath.Join(t.TempDir(), "webhook-secret")
	if err := os.WriteFile(file, []byte(secretNew+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if wh, err := contacthttp.LoadWebhook(cfg, "", file); err != nil || wh == nil {
		t.Errorf("secret file: %v", err)
	}
	if wh, err := contacthttp.LoadWebhook(cfg, secretNew+" "+secretOld, ""); err != nil || wh == nil {
		t.Errorf("two secrets from the environment: %v", err)
	}
}

// TestWebhookNotNeeded: without secrets and without a topic that has a
// webhook there is no sender, and no error.
func TestWebhookNotNeeded(t *testing.T) {
	cfg := storetest.Config(t)
	for i := range cfg.Contact.Topics {
		cfg.Contact.Topics[i].Webhook = ""
	}
	if wh, err := contacthttp.LoadWebhook(cfg, "", ""); wh != nil || err != nil {
		t.Errorf("no webhooks, no secrets: %v, %v; want nil, nil", wh, err)
	}
	if _, err := contacthttp.LoadWebhook(cfg, "", filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "--webhook-secret-file") {
		t.Errorf("a secret file that is not there: %v", err)
	}
}
