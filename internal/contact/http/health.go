package contacthttp

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// healthTimeout bounds the write probe: a database that takes longer to
// take a write is not healthy for an endpoint that answers after commit.
const healthTimeout = 3 * time.Second

// Health serves GET /healthz: 200 when the database takes a write (it
// writes to find out), 503 when it does not, with the outbox's figures:
// messages pending and the age of the oldest, and messages given up on.
// ?max_pending_age=30m makes an older pending message a 503 too, for
// monitors that should page when mail is stuck.
type Health struct {
	store contact.Prober
	log   *slog.Logger
	now   func() time.Time
}

// NewHealth returns the health handler for store; nil log and now mean the
// defaults.
func NewHealth(store contact.Prober, log *slog.Logger, now func() time.Time) *Health {
	if log == nil {
		log = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	return &Health{store: store, log: log, now: now}
}

type healthReport struct {
	Status             string `json:"status"` // ok or failing
	Storage            string `json:"storage"`
	Pending            int    `json:"pending_messages"`
	OldestPendingAge   int64  `json:"oldest_pending_seconds"`
	Dead               int    `json:"dead_messages"`
	DeadAcks           int    `json:"dead_acknowledgements"`
	MailStuck          bool   `json:"mail_stuck,omitempty"`
	oldestPendingHuman string
}

// ServeHTTP implements http.Handler.
func (h *Health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	rep := healthReport{Status: "ok", Storage: "writable", oldestPendingHuman: "none"}
	st := http.StatusOK
	hs, err := h.store.Health(ctx)
	if err != nil {
		h.log.Error("health: database cannot be written", "err", err)
		rep.Status, rep.Storage, st = "failing", "cannot write: "+contact.Truncate(err.Error(), 200), http.StatusServiceUnavailable
	} else {
		rep.Pending, rep.Dead, rep.DeadAcks = hs.Pending, hs.Dead, hs.DeadAcks
		if !hs.OldestPending.IsZero() {
			age := h.now().Sub(hs.OldestPending)
			rep.OldestPendingAge, rep.oldestPendingHuman = int64(age/time.Second), contact.FormatAge(age)
			if limit, err := time.ParseDuration(r.URL.Query().Get("max_pending_age")); err == nil && age > limit {
				rep.Status, rep.MailStuck, st = "failing", true, http.StatusServiceUnavailable
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(st)
		_ = json.NewEncoder(w).Encode(rep)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(st)
	fmt.Fprintf(w, "%s\nstorage: %s\nmail: %d pending, oldest %s; %d undeliverable, of which %d acknowledgements to addresses the visitors' servers refused\n",
		rep.Status, rep.Storage, rep.Pending, rep.oldestPendingHuman, rep.Dead, rep.DeadAcks)
}
