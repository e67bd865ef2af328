package contacthttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// Webhook is the contact.Notifier for a topic's webhook: it POSTs the
// notification JSON to the URL from site.yaml.
type Webhook struct {
	Client *http.Client
}

// NewWebhook returns a Webhook with a bounded timeout, so a hanging receiver
// delays only its own retries.
func NewWebhook() *Webhook { return &Webhook{Client: &http.Client{Timeout: 15 * time.Second}} }

// Notify implements contact.Notifier; any non-2xx answer is a failure to retry.
func (wh *Webhook) Notify(ctx context.Context, m *contact.Message) (err error) {
	defer contact.Wrap(&err, "webhook message %d", m.ID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.Target, bytes.NewReader(m.Payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "uio-partner-portal-contact")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("%s-%d", m.InquiryID, m.ID))
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
