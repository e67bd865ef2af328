// Package contacthttp is the contact endpoint's HTTP layer: it parses and
// limits requests, checks Origin and CORS, rate-limits per client, and maps
// contact error codes to HTTP statuses in one function (status). Browsers
// without JavaScript get a 303 to the thank-you page or a re-rendered form;
// scripts asking for JSON get JSON.
package contacthttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/site"
)

// Handler serves POST (and CORS preflight) requests to the contact endpoint.
type Handler struct {
	cfg     *config.Config
	fields  []string // what a post may hold (contact.FormFields)
	store   contact.Saver
	mail    *contact.Mailer
	origins map[string]bool
	trusted []netip.Prefix
	limit   *limiter
	clients contact.ClientHasher // Inquiry.Client, under a key kept only here
	log     *slog.Logger
	now     func() time.Time
	page    FormPage // the site's contact page for answers without JavaScript; nil: a plain-text answer
}

// Option configures a Handler.
type Option func(*Handler)

// WithOrigins allows more origins than site.yaml's contact.origins, such as
// the preview server's http://127.0.0.1:1313.
func WithOrigins(origins ...string) Option {
	return func(h *Handler) {
		for _, o := range origins {
			if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
				h.origins[o] = true
			}
		}
	}
}

// WithTrustedProxies makes the handler believe X-Forwarded-For from peers in
// these networks (the reverse proxy), and only from them.
func WithTrustedProxies(p []netip.Prefix) Option { return func(h *Handler) { h.trusted = p } }

// WithRateLimit allows each client (an IPv4 address or an IPv6 /64) perMinute posts on average, in bursts
// of up to burst; perMinute <= 0 disables the limit.
func WithRateLimit(perMinute float64, burst int) Option {
	return func(h *Handler) { h.limit = newLimiter(perMinute, burst, 10000) }
}

// WithLogger sets the logger; by default slog.Default().
func WithLogger(l *slog.Logger) Option { return func(h *Handler) { h.log = l } }

// FormPage renders the site's own contact page around a visitor's form: the
// answer, for a browser without JavaScript, to a form that must be sent
// again. values are what the visitor typed, problems the messages by field
// in lang, status a message about the whole form. generator.ContactForm is the
// site's theme. The form exists there only: without a page, the endpoint
// answers in plain text (writePlain).
type FormPage interface {
	RenderForm(w io.Writer, lang string, values, problems map[string]string, status string) error
	// ThanksURL is the site's thank-you page in lang, or "" when it cannot
	// be told (site.ThanksPath in lang is used then).
	ThanksURL(lang string) string
}

// WithFormPage makes the endpoint answer browsers without JavaScript with
// the site's own contact page.
func WithFormPage(p FormPage) Option { return func(h *Handler) { h.page = p } }

// WithMailer sets the mailer that composes the messages of a new inquiry.
// By default it signs links with a key of its own, which suits the
// preview, whose mail is never sent.
func WithMailer(m *contact.Mailer) Option { return func(h *Handler) { h.mail = m } }

// WithClock sets the clock, for tests of spam timing.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// NewHandler returns the endpoint handler for cfg's contact topics, saving
// into store, and gives store the acknowledgement caps cfg sets. Mount it at
// cfg.Contact.Endpoint; the dev preview does too.
func NewHandler(cfg *config.Config, store contact.Saver, opts ...Option) *Handler {
	h := &Handler{cfg: cfg, store: store, fields: contact.FormFields(cfg), origins: map[string]bool{}, log: slog.Default(), now: time.Now}
	store.SetAckLimits(contact.AckLimitsFor(cfg))
	WithOrigins(cfg.Contact.Origins...)(h)
	WithRateLimit(6, 5)(h)
	for _, o := range opts {
		o(h)
	}
	if h.mail == nil {
		h.mail = contact.NewMailer(cfg, nil, contact.NewKeyring(contact.NewSecret(), nil), "")
	}
	return h
}

// statuses maps error codes to HTTP statuses: the only place that does.
var statuses = map[string]int{
	contact.EINVALID:     http.StatusUnprocessableEntity,
	contact.EMALFORMED:   http.StatusBadRequest,
	contact.ETOOLARGE:    http.StatusRequestEntityTooLarge,
	contact.EUNSUPPORTED: http.StatusUnsupportedMediaType,
	contact.EFORBIDDEN:   http.StatusForbidden,
	contact.ENOTFOUND:    http.StatusNotFound,
	contact.EMETHOD:      http.StatusMethodNotAllowed,
	contact.ECONFLICT:    http.StatusConflict,
	contact.EGONE:        http.StatusGone,
	contact.ERATELIMIT:   http.StatusTooManyRequests,
	contact.EINTERNAL:    http.StatusInternalServerError,
}

// status returns the HTTP status for an error code; unknown codes are 500.
func status(code string) int {
	if st, ok := statuses[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ans := &answer{h: h, w: w, r: r, lang: h.cfg.DefaultLanguage(), json: wantsJSON(r)}
	if r.Method == http.MethodOptions {
		h.preflight(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		ans.fail(contact.Errorf(contact.EMETHOD, "method %s not allowed", r.Method))
		return
	}
	if err := h.checkOrigin(w, r); err != nil {
		ans.fail(err)
		return
	}
	form, err := readForm(w, r, h.fields)
	if err != nil {
		ans.fail(err)
		return
	}
	ans.lang, ans.form = form.Lang(h.cfg), form
	// Limited after the (small, bounded) form is read, so a refused visitor
	// without JavaScript gets their text back, in their language.
	client := clientPrefix(clientIP(r, h.trusted))
	if ok, wait := h.limit.allow(client, h.now()); !ok {
		ans.fail(&contact.Error{Code: contact.ERATELIMIT, Message: "too many requests", RetryAfter: wait})
		return
	}
	now := h.now()
	if form.Honeypot() {
		// Answer exactly as a success, so the bot learns nothing; store nothing.
		h.log.Info("contact honeypot filled")
		ans.success(contact.NewID(now), h.mail.DueAt(form[contact.FieldTopic], now))
		return
	}
	if form[contact.FieldKey] == "" {
		if k := r.Header.Get("Idempotency-Key"); k != "" {
			if !utf8.ValidString(k) {
				ans.fail(contact.Errorf(contact.EMALFORMED, "Idempotency-Key is not UTF-8"))
				return
			}
			form[contact.FieldKey] = k // validated with the form's fields below
		}
	}
	inq, err := form.Inquiry(h.cfg, now)
	if err != nil {
		ans.fail(err)
		return
	}
	inq.ID = contact.NewID(now)
	inq.Status = contact.StatusNew
	if client.IsValid() { // else no client to count: the address limit still holds
		inq.Client = h.clients.Key(client.String(), now)
	}
	inq.DueAt = h.mail.DueAt(inq.Topic, inq.CreatedAt)
	id, created, err := h.store.Save(r.Context(), inq, h.mail.Received(inq))
	if err != nil {
		ans.fail(err)
		return
	}
	// No names, addresses or message text in logs: only what routing needs.
	h.log.Info("contact inquiry", "id", id, "new", created, "topic", inq.Topic, "lang", inq.Lang, "spam_score", inq.SpamScore)
	ans.success(id, inq.DueAt)
}

// readForm checks the content type, bounds the body and parses it.
func readForm(w http.ResponseWriter, r *http.Request, fields []string) (contact.Form, error) {
	ct := r.Header.Get("Content-Type")
	if _, _, err := mediaType(ct); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, contact.Errorf(contact.ETOOLARGE, "body over %d bytes", MaxBody)
		}
		return nil, contact.Errorf(contact.EMALFORMED, "reading body: %v", err)
	}
	return ParseForm(ct, body, fields)
}

// wantsJSON reports whether the client is a script that wants JSON back.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), typeJSON) || strings.HasPrefix(r.Header.Get("Content-Type"), typeJSON)
}

// checkOrigin refuses cross-site posts from origins not allowed, and sets
// the CORS headers for allowed ones. Same-origin posts (the form served by
// the same host) and clients that send no Origin (curl, old browsers) pass.
func (h *Handler) checkOrigin(w http.ResponseWriter, r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return contact.Errorf(contact.EFORBIDDEN, "cross-site post")
		}
		return nil
	}
	if h.origins[origin] {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
		return nil
	}
	if u, err := url.Parse(origin); err == nil && u.Host != "" && u.Host == r.Host {
		return nil
	}
	return contact.Errorf(contact.EFORBIDDEN, "origin %q not allowed", origin)
}

func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if !h.origins[origin] {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", origin)
	hd.Add("Vary", "Origin")
	hd.Set("Access-Control-Allow-Methods", "POST")
	hd.Set("Access-Control-Allow-Headers", "Content-Type, Accept, Idempotency-Key")
	hd.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// answer writes one response in the client's language and format.
type answer struct {
	h    *Handler
	w    http.ResponseWriter
	r    *http.Request
	lang string
	json bool
	form contact.Form
}

// success answers a stored inquiry with its id and the reference the
// visitor is mailed; the thank-you page gets the reference as ?ref=.
// success tells the visitor the inquiry is stored: its reference and, when
// the topic makes a promise, the last day of it (replyBy, YYYY-MM-DD in
// the site's zone), which the thank-you page shows.
func (a *answer) success(id string, due time.Time) {
	ref := contact.Reference(id)
	var replyBy string
	if !due.IsZero() {
		replyBy = a.h.mail.PromiseDay(due).Format(time.DateOnly)
	}
	if a.json {
		a.writeJSON(http.StatusCreated, struct {
			ID        string `json:"id"`
			Reference string `json:"reference"`
			ReplyBy   string `json:"reply_by,omitempty"`
			Status    string `json:"status"`
		}{id, ref, replyBy, "received"})
		return
	}
	q := url.Values{"ref": {ref}}
	if replyBy != "" {
		q.Set("by", replyBy)
	}
	thanks := ""
	if a.h.page != nil {
		thanks = a.h.page.ThanksURL(a.lang)
	}
	if thanks == "" {
		thanks = langPath(a.h.cfg, a.lang, site.ThanksPath)
	}
	http.Redirect(a.w, a.r, thanks+"?"+q.Encode(), http.StatusSeeOther)
}

func (a *answer) fail(err error) {
	code := contact.ErrorCode(err)
	if code == contact.EINTERNAL {
		a.h.log.Error("contact endpoint", "err", err, "path", a.r.URL.Path)
	}
	var e *contact.Error
	errors.As(err, &e)
	if e != nil && e.RetryAfter > 0 {
		a.w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	st := status(code)
	words := a.h.mail.Words(a.lang)
	if a.json {
		msgs := map[string]string{}
		if e != nil && len(e.Fields) > 0 {
			for f, p := range e.Fields {
				msgs[f] = problemText(a.h.cfg, words, f, p)
			}
		} else {
			msgs["form"] = refusalText(words, code)
		}
		a.writeJSON(st, map[string]any{"errors": msgs})
		return
	}
	a.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var problems map[string]string
	msg := refusalText(words, code)
	if code == contact.EINVALID && e != nil {
		problems, msg = e.Fields, ""
	}
	texts := make(map[string]string, len(problems))
	for f, p := range problems {
		texts[f] = problemText(a.h.cfg, words, f, p)
	}
	status := msg
	if status == "" {
		status = words.T("formProblemIntro")
	}
	// The site's contact page, with every problem beside its field and the
	// visitor's text kept, whatever went wrong.
	var page bytes.Buffer
	if a.h.page != nil {
		if err := a.h.page.RenderForm(&page, a.lang, a.form, texts, status); err != nil {
			a.h.log.Error("render the site's contact page", "err", err)
			page.Reset()
		}
	}
	if page.Len() == 0 {
		a.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		a.w.Header().Set("X-Content-Type-Options", "nosniff")
		writePlain(&page, a.h.cfg, words, a.form, problems, status)
	}
	a.w.WriteHeader(st)
	a.w.Write(page.Bytes())
}

func (a *answer) writeJSON(status int, v any) {
	a.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	a.w.Header().Set("Cache-Control", "no-store")
	a.w.WriteHeader(status)
	_ = json.NewEncoder(a.w).Encode(v)
}
