package contacthttp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

func TestWebhook(t *testing.T) {
	var calls atomic.Int32
	var got contact.Notification
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "down", http.StatusBadGateway) // first attempt fails
			return
		}
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &got) != nil {
			t.Errorf("webhook got %q %s", r.Header.Get("Content-Type"), b)
		}
	}))
	defer srv.Close()
	q := &contact.Inquiry{ID: "abc", CreatedAt: time.Now(), Topic: "research", Name: "Kari", Email: "kari@example.no", Message: "Hei"}
	var hook *contact.Message
	for _, m := range storetest.Messages(t, q) {
		if m.Kind == contact.KindWebhook {
			hook = m
		}
	}
	hook.Target = srv.URL
	wh := contacthttp.NewWebhook()
	if err := wh.Notify(context.Background(), hook); err == nil {
		t.Fatal("a 502 answer was taken as delivered")
	}
	if err := wh.Notify(context.Background(), hook); err != nil {
		t.Fatal(err)
	}
	if got.InquiryID != "abc" || got.TopicLabel != "Research collaboration" || got.Message != "Hei" || got.Reference != "ABC" || got.DueAt.IsZero() {
		t.Errorf("payload %+v", got)
	}
}
