package contacthttp

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/search"
)

// MaxMissBody bounds a miss report: a query of 200 characters with its
// language and day needs well under it.
const MaxMissBody = 2 << 10

// missReport is what the search page posts about a search that found
// nothing: the normalised query, the page's language and the day.
type missReport struct {
	Query string `json:"q"`
	Lang  string `json:"lang"`
	Day   string `json:"day"`
}

// misses serves the miss endpoint (site.yaml search.miss_endpoint).
type misses struct {
	h     *Handler
	count *contact.MissCounter
	limit *limiter
}

// Misses returns the handler of the searches that found nothing: it
// answers 204 and counts the query (contact.MissCounter), or stores nothing
// and answers 204 for a browser that asks not to be tracked (Global
// Privacy Control, Do Not Track), 413 for a body over MaxMissBody, 400 for
// one that is not UTF-8 JSON, 415 for another type, 422 for an unknown
// language, a day other than today (give or take one) or a query of no
// words, 429 for a client posting too often. It sets no cookie and keeps
// nothing of the client but the day's in-memory hash. The queries go to
// store.
func (h *Handler) Misses(store contact.MissRecorder) http.Handler {
	c := contact.NewMissCounter(store, h.mail.Calendar().Location())
	c.Now = h.now
	return &misses{h: h, count: c, limit: newLimiter(missesPerMinute, missBurst, 10000)}
}

// A visitor searching reports at most one query per pause in typing.
const (
	missesPerMinute = 20
	missBurst       = 10
)

func (m *misses) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodOptions {
		m.h.preflight(w, r)
		return
	}
	if err := m.serve(w, r); err != nil {
		code := contact.ErrorCode(err)
		if code == contact.EINTERNAL {
			m.h.log.Error("search miss endpoint", "err", err)
		}
		var e *contact.Error
		if errors.As(err, &e) && e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status(code))
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (m *misses) serve(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		return contact.Errorf(contact.EMETHOD, "method %s not allowed", r.Method)
	}
	if err := m.h.checkOrigin(w, r); err != nil {
		return err
	}
	if r.Header.Get("Sec-GPC") == "1" || r.Header.Get("DNT") == "1" {
		return nil // the visitor asked not to be tracked: keep nothing
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	if ct = strings.TrimSpace(strings.ToLower(ct)); ct != typeJSON && ct != "text/plain" {
		return contact.Errorf(contact.EUNSUPPORTED, "content type %q: send application/json", ct)
	}
	client := clientPrefix(clientIP(r, m.h.trusted))
	if ok, wait := m.limit.allow(client, m.h.now()); !ok {
		return &contact.Error{Code: contact.ERATELIMIT, Message: "too many reports", RetryAfter: wait}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxMissBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return contact.Errorf(contact.ETOOLARGE, "body over %d bytes", MaxMissBody)
		}
		return contact.Errorf(contact.EMALFORMED, "reading body: %v", err)
	}
	if !utf8.Valid(body) {
		return contact.Errorf(contact.EMALFORMED, "body is not UTF-8")
	}
	var rep missReport
	if err := json.Unmarshal(body, &rep); err != nil {
		return contact.Errorf(contact.EMALFORMED, "body is not a report: %v", err)
	}
	q := search.NormalizeQuery(rep.Lang, rep.Query)
	switch {
	case m.h.cfg.Language(rep.Lang) == nil:
		return contact.Errorf(contact.EINVALID, "language %q is not one of the site's", rep.Lang)
	case !nearToday(rep.Day, m.h.now(), m.count.Zone):
		return contact.Errorf(contact.EINVALID, "day %q is not today", rep.Day)
	case q == "":
		return contact.Errorf(contact.EINVALID, "the query has no words")
	case !client.IsValid():
		return nil // no client to count once: counting it could count one visitor thrice
	}
	return m.count.Count(r.Context(), client.String(), rep.Lang, q)
}

// nearToday reports whether day (YYYY-MM-DD) is today in zone (the site's), give or take
// one day for the visitor's own time zone.
func nearToday(day string, now time.Time, zone *time.Location) bool {
	for _, d := range []int{-1, 0, 1} {
		if contact.MissDay(now.AddDate(0, 0, d), zone) == day {
			return true
		}
	}
	return false
}
