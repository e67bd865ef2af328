package contacthttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
)

// Webhook is the contact.Notifier for a topic's webhook: it POSTs the
// notification JSON to the URL from site.yaml, signed by the Standard
// Webhooks specification (standardwebhooks.com) so that the receiver can
// tell the portal's calls from anyone's: headers webhook-id (the same on
// every retry of a message), webhook-timestamp (of this attempt, in Unix
// seconds) and webhook-signature ("v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", one per secret, separated by spaces, so that a
// receiver holding either the new or the old secret verifies a call
// during a rotation). The signing is the specification's own Go library:
// pure Go, the standard library only.
type Webhook struct {
	Client  *http.Client
	signers []*standardwebhooks.Webhook
	// Now is the clock of the timestamps; tests replace it.
	Now func() time.Time
}

// NewWebhook returns a Webhook signing with secrets (each "whsec_" and
// the base64 of the key, as ParseWebhookSecrets reads them), with a
// bounded timeout, so a hanging receiver delays only its own retries.
func NewWebhook(secrets []string) (*Webhook, error) {
	wh := &Webhook{Client: &http.Client{Timeout: 15 * time.Second}, Now: time.Now}
	for _, s := range secrets {
		if !strings.HasPrefix(s, "whsec_") {
			return nil, fmt.Errorf("webhook secret %.10s...: want whsec_ and the base64 of a random key, such as whsec_$(openssl rand -base64 32)", s)
		}
		signer, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			return nil, fmt.Errorf("webhook secret %.10s...: %w", s, err)
		}
		wh.signers = append(wh.signers, signer)
	}
	if len(wh.signers) == 0 {
		return nil, fmt.Errorf("no webhook secret: a CRM could not tell the portal's calls from anyone's")
	}
	return wh, nil
}

// ParseWebhookSecrets reads the secrets from text: whitespace-separated
// (PORTAL_WEBHOOK_SECRET="whsec_new whsec_old", or a file with one a
// line), the new one first during a rotation.
func ParseWebhookSecrets(text string) []string { return strings.Fields(text) }

// LoadWebhook returns the signed webhook sender for cfg's topics, with the
// secrets in env (PORTAL_WEBHOOK_SECRET) or else in file
// (--webhook-secret-file), never in site.yaml, which is in the site's
// repository; nil if there are none and no topic has a webhook. A topic
// with a webhook and no secret is an error: the CRM could not tell the
// portal's calls from anyone's.
func LoadWebhook(cfg *config.Config, env, file string) (*Webhook, error) {
	secrets := ParseWebhookSecrets(env)
	if len(secrets) == 0 && file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--webhook-secret-file: %w", err)
		}
		secrets = ParseWebhookSecrets(string(data))
	}
	if len(secrets) == 0 {
		for _, t := range cfg.Contact.Topics {
			if t.Webhook != "" {
				return nil, fmt.Errorf("contact topic %q has a webhook, and there is no secret to sign its calls with: set PORTAL_WEBHOOK_SECRET or --webhook-secret-file to whsec_ and a random key in base64 (whsec_$(openssl rand -base64 32)), and give the CRM the same", t.ID)
			}
		}
		return nil, nil
	}
	return NewWebhook(secrets)
}

// MessageID is the webhook-id of an outbox message: the same for every
// attempt, so the receiver can drop a retry it has processed.
func MessageID(m *contact.Message) string {
	return "msg_" + m.InquiryID + "_" + strconv.FormatInt(m.ID, 10)
}

// Sign returns the webhook-signature of body sent as id at ts.
func (wh *Webhook) Sign(id string, ts time.Time, body []byte) (string, error) {
	sigs := make([]string, len(wh.signers))
	for i, s := range wh.signers {
		sig, err := s.Sign(id, ts, body)
		if err != nil {
			return "", err
		}
		sigs[i] = sig
	}
	return strings.Join(sigs, " "), nil
}

// Notify implements contact.Notifier; any non-2xx answer is a failure to retry.
func (wh *Webhook) Notify(ctx context.Context, m *contact.Message) (err error) {
	defer contact.Wrap(&err, "webhook message %d", m.ID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.Target, bytes.NewReader(m.Payload))
	if err != nil {
		return err
	}
	id, ts := MessageID(m), wh.Now()
	sig, err := wh.Sign(id, ts, m.Payload)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "portal-contact") // the generator's name, not any one institution's
	req.Header.Set("Idempotency-Key", fmt.Sprintf("%s-%d", m.InquiryID, m.ID))
	req.Header.Set(standardwebhooks.HeaderWebhookID, id)
	req.Header.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(standardwebhooks.HeaderWebhookSignature, sig)
	resp, err := wh.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}
