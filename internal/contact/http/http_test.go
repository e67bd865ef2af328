package contacthttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/uio-partner/portal/internal/sitetest"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// testSite is the smallest site.yaml with a contact section.
const testSite = `
title: {en: Partner, nb: Partner}
baseURL: https://partner.example.org/
country: NO
timezone: Europe/Oslo
languages:
  - {code: en, name: English}
  - {code: nb, name: Norsk}
sections:
  - {name: offerings, title: Offerings, required: [title]}
contact:
  endpoint: /api/contact
  origins: [https://partner.example.org]
` + sitetest.CoreFields + `  topics:
    - id: general
      label: {en: Something else, nb: Noe annet}
      to: [growthhouse@example.org]
    - id: facilities
      label: {en: Facilities, nb: Infrastruktur}
      to: [facilities@example.org, lab@example.org]
`

// MustConfig parses testSite.
func MustConfig(tb testing.TB) *config.Config {
	tb.Helper()
	cfg, err := config.Parse([]byte(testSite))
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

type env struct {
	t     *testing.T
	store *sqlite.DB
	h     http.Handler
}

func newEnv(t *testing.T, opts ...contacthttp.Option) *env {
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts = append([]contacthttp.Option{contacthttp.WithRateLimit(0, 0), contacthttp.WithLogger(quiet)}, opts...)
	// The endpoint words its problems and refusals with the theme strings.
	cfg := MustConfig(t)
	mailer := contact.NewMailer(cfg, storetest.Texts(t, cfg), contact.NewKeyring([]byte("http-test-key-http-test-key-http-test-key"), nil), "")
	opts = append([]contacthttp.Option{contacthttp.WithMailer(mailer)}, opts...)
	return &env{t: t, store: store, h: contacthttp.NewHandler(cfg, store, opts...)}
}

func (e *env) do(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *env) count() int {
	all, err := e.store.Inquiries(context.Background(), contact.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(all)
}

// valid returns a valid form, unique per n.
func valid(n int) url.Values {
	return url.Values{
		"name": {"Kari Nordmann"}, "email": {"kari@example.no"}, "organisation": {"Equinor"}, "topic": {"general"},
		"message": {fmt.Sprintf("We would like to talk (%d).", n)}, "consent": {"yes"}, "lang": {"en"},
	}
}

func with(v url.Values, kv ...string) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			c.Del(kv[i])
		} else {
			c.Set(kv[i], kv[i+1])
		}
	}
	return c
}

func post(ctype, body string, headers ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/api/contact", strings.NewReader(body))
	r.RemoteAddr = "192.0.2.10:5555"
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func form(v url.Values, headers ...string) *http.Request {
	return post("application/x-www-form-urlencoded", v.Encode(), headers...)
}

func jsonForm(v url.Values, headers ...string) *http.Request {
	return form(v, append([]string{"Accept", "application/json"}, headers...)...)
}

type reply struct {
	ID        string            `json:"id"`
	Reference string            `json:"reference"`
	ReplyBy   string            `json:"reply_by"`
	Status    string            `json:"status"`
	Errors    map[string]string `json:"errors"`
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) reply {
	t.Helper()
	var r reply
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	return r
}

func multipartBody(v url.Values) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k := range v {
		_ = mw.WriteField(k, v.Get(k))
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

// TestStatuses covers every status the endpoint answers with.
func TestStatuses(t *testing.T) {
	mpType, mpBody := multipartBody(valid(3))
	long := strings.Repeat("x", contact.MaxLen(MustConfig(t), "message")+1)
	tests := []struct {
		name       string
		req        *http.Request
		status     int
		errorField string // for JSON errors, a field that must be named
		stored     int
	}{
		{"form success redirects", form(valid(1)), 303, "", 1},
		{"json success", jsonForm(valid(1)), 201, "", 1},
		{"json body", post("application/json", `{"name":"Kari","email":"kari@example.no","topic":"general","message":"Hi","consent":true,"started":1}`), 201, "", 1},
		{"multipart", post(mpType, mpBody, "Accept", "application/json"), 201, "", 1},
		{"missing consent", jsonForm(with(valid(1), "consent", "")), 422, "consent", 0},
		{"invalid email", jsonForm(with(valid(1), "email", "kari@@example")), 422, "email", 0},
		{"display-name email", jsonForm(with(valid(1), "email", "Kari <kari@example.no>")), 422, "email", 0},
		{"too long", jsonForm(with(valid(1), "message", long)), 422, "message", 0},
		{"unknown topic", jsonForm(with(valid(1), "topic", "weapons")), 422, "topic", 0},
		{"newline in name", jsonForm(with(valid(1), "name", "Kari\r\nBcc: x@example.org")), 422, "name", 0},
		{"malformed escape", post("application/x-www-form-urlencoded", "name=%zz", "Accept", "application/json"), 400, "form", 0},
		{"invalid utf-8", post("application/x-www-form-urlencoded", valid(1).Encode()+"&name=%ff%fe", "Accept", "application/json"), 400, "form", 0},
		{"invalid utf-8 json", post("application/json", "{\"name\":\"\xff\"}"), 400, "form", 0},
		{"malformed json", post("application/json", `{"name":`), 400, "form", 0},
		{"json array field", post("application/json", `{"name":["a"]}`), 400, "form", 0},
		{"invalid utf-8 key header", jsonForm(valid(1), "Idempotency-Key", "k\xff"), 400, "form", 0},
		{"control character in key header", jsonForm(valid(1), "Idempotency-Key", "k\x01"), 422, "key", 0},
		{"wrong content type", post("text/plain", "hello", "Accept", "application/json"), 415, "form", 0},
		{"no content type", post("", "hello", "Accept", "application/json"), 415, "form", 0},
		{"latin1 charset", post("application/x-www-form-urlencoded; charset=iso-8859-1", valid(1).Encode()), 415, "", 0},
		{"too large", post("application/x-www-form-urlencoded", "message="+strings.Repeat("a", contacthttp.MaxBody+1), "Accept", "application/json"), 413, "form", 0},
		{"get", httptest.NewRequest(http.MethodGet, "/api/contact", nil), 405, "", 0},
		{"foreign origin", form(valid(1), "Origin", "https://evil.example"), 403, "", 0},
		{"cross-site without origin", form(valid(1), "Sec-Fetch-Site", "cross-site"), 403, "", 0},
		{"allowed origin", jsonForm(valid(1), "Origin", "https://partner.example.org"), 201, "", 1},
		{"same origin", jsonForm(valid(1), "Origin", "http://example.com"), 201, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			rec := e.do(tt.req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tt.status, rec.Body)
			}
			if tt.errorField != "" {
				if r := decode(t, rec); r.Errors[tt.errorField] == "" {
					t.Errorf("errors %v lack %q", r.Errors, tt.errorField)
				}
			}
			if tt.status == 201 {
				if r := decode(t, rec); r.ID == "" || r.Status != "received" {
					t.Errorf("reply %+v", r)
				}
			}
			if n := e.count(); n != tt.stored {
				t.Errorf("stored %d inquiries, want %d", n, tt.stored)
			}
		})
	}
}

func TestRedirectFollowsLanguageFromConfig(t *testing.T) {
	e := newEnv(t)
	for lang, want := range map[string]string{"en": "/contact/thanks/", "nb": "/nb/contact/thanks/", "//evil.example": "/contact/thanks/", "": "/contact/thanks/"} {
		rec := e.do(form(with(valid(len(lang)), "lang", lang)))
		loc, _ := url.Parse(rec.Header().Get("Location"))
		if rec.Code != 303 || loc.Path != want || loc.Host != "" || len(loc.Query().Get("ref")) != 9 {
			t.Errorf("lang %q: %d %q, want 303 %s?ref=XXXX-XXXX", lang, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}

// TestThanksCarriesReferenceAndPromise: the thank-you page learns the
// reference and the last day of the promise, counted in working days in Oslo
// (Easter 2027: Thursday 25 March to Monday 29 March are holidays), from the
// redirect without JavaScript and from the JSON answer with it.
func TestThanksCarriesReferenceAndPromise(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	for received, want := range map[time.Time]string{
		time.Date(2026, 12, 18, 10, 0, 0, 0, oslo): "2026-12-23", // over a weekend
		time.Date(2027, 3, 24, 10, 0, 0, 0, oslo):  "2027-04-01", // over Easter
	} {
		e := newEnv(t, contacthttp.WithClock(func() time.Time { return received }))
		rec := e.do(form(valid(1)))
		loc, _ := url.Parse(rec.Header().Get("Location"))
		if q := loc.Query(); rec.Code != 303 || q.Get("by") != want || len(q.Get("ref")) != 9 {
			t.Errorf("received %v: %d %q, want by=%s", received, rec.Code, loc, want)
		}
		rec = e.do(jsonForm(valid(2)))
		if r := decode(t, rec); rec.Code != 201 || r.ReplyBy != want || len(r.Reference) != 9 {
			t.Errorf("received %v: %d %+v, want reply_by %s", received, rec.Code, r, want)
		}
	}
}

// Without the site's contact page (FormPage), a browser without JavaScript
// gets plain text: each problem under the field's declared label, and what
// the visitor typed, never as HTML.
func TestErrorAnswerWithoutAPage(t *testing.T) {
	e := newEnv(t)
	rec := e.do(form(with(valid(1), "lang", "nb", "email", "nope", "name", `<script>alert(1)</script>`, "consent", "")))
	body := rec.Body.String()
	if rec.Code != 422 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("status %d %s %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("X-Content-Type-Options"))
	}
	for _, want := range []string{
		"Rett opp feltene", "Email: Skriv inn en gyldig e-postadresse", "I agree that my inquiry is stored.: Du må gi samtykke",
		"navn@eksempel.no.\nnope", "Name:\n<script>alert(1)</script>", "Message:\nWe would like to talk (1).",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("answer lacks %q:\n%s", want, body)
		}
	}
}

func TestIdempotencyAndDuplicates(t *testing.T) {
	e := newEnv(t)
	first := decode(t, e.do(jsonForm(valid(1), "Idempotency-Key", "abc")))
	retry := decode(t, e.do(jsonForm(with(valid(1), "key", "abc"))))
	same := decode(t, e.do(jsonForm(valid(1))))
	if first.ID == "" || retry.ID != first.ID || same.ID != first.ID {
		t.Errorf("ids %q %q %q; want all equal", first.ID, retry.ID, same.ID)
	}
	if n := e.count(); n != 1 {
		t.Errorf("stored %d, want 1", n)
	}
}

// TestReusedKeyWithNewContentIsStored is issue 12's defect 1: the script
// makes one key per page view, so Back, edit and send again reuses the key.
// The edit used to be answered 201 with the first id and not stored.
func TestReusedKeyWithNewContentIsStored(t *testing.T) {
	e := newEnv(t)
	first := decode(t, e.do(jsonForm(valid(1), "Idempotency-Key", "page-view-1")))
	rec := e.do(jsonForm(valid(2), "Idempotency-Key", "page-view-1"))
	edit := decode(t, rec)
	if rec.Code != 201 || edit.ID == "" || edit.ID == first.ID {
		t.Fatalf("edited form with the same key: %d %+v; want 201 with a new id (first %s)", rec.Code, edit, first.ID)
	}
	all, _ := e.store.Inquiries(context.Background(), contact.Filter{})
	got := map[string]string{}
	for _, q := range all {
		got[q.ID] = q.Message
	}
	if got[first.ID] != valid(1).Get("message") || got[edit.ID] != valid(2).Get("message") {
		t.Errorf("stored %v; want both versions under their ids", got)
	}
}

func TestHoneypot(t *testing.T) {
	e := newEnv(t)
	rec := e.do(jsonForm(with(valid(1), "website", "http://spam.example")))
	if r := decode(t, rec); rec.Code != 201 || r.ID == "" || r.Status != "received" {
		t.Errorf("honeypot answer %d %+v; want a success look-alike", rec.Code, r)
	}
	if rec := e.do(form(with(valid(1), "website", "x"))); rec.Code != 303 {
		t.Errorf("honeypot form answer %d, want 303", rec.Code)
	}
	if n := e.count(); n != 0 {
		t.Errorf("stored %d, want 0", n)
	}
}

func TestSpamScoreStoresWithoutNotifying(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	e := newEnv(t, contacthttp.WithClock(func() time.Time { return now }))
	fast := strconv.FormatInt(now.Add(-time.Second).UnixMilli(), 10)
	slow := strconv.FormatInt(now.Add(-time.Minute).UnixMilli(), 10)
	for i, started := range []string{fast, slow, ""} {
		if rec := e.do(jsonForm(with(valid(i), "started", started))); rec.Code != 201 {
			t.Fatalf("status %d", rec.Code)
		}
	}
	all, _ := e.store.Inquiries(context.Background(), contact.Filter{})
	spam := map[string]bool{}
	for _, q := range all {
		spam[q.Message] = q.Spam
	}
	want := map[string]bool{valid(0).Get("message"): true, valid(1).Get("message"): false, valid(2).Get("message"): false}
	if fmt.Sprint(spam) != fmt.Sprint(want) {
		t.Fatalf("spam flags %v, want %v", spam, want)
	}
	msgs, err := e.store.Claim(context.Background(), "t", nil, 10, time.Minute)
	if err != nil || len(msgs) != 4 {
		t.Errorf("outbox has %d messages (%v); want 4 (unit mail and acknowledgement, twice; the links follow the unit mail when it is sent), none for the spam", len(msgs), err)
	}
	for _, m := range msgs {
		if m.InquiryID == spamID(t, e) {
			t.Errorf("the spam-flagged inquiry has a %s message", m.Purpose)
		}
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, contacthttp.WithRateLimit(1, 2))
	codes := []int{}
	for i := range 3 {
		codes = append(codes, e.do(jsonForm(valid(i))).Code)
	}
	rec := e.do(jsonForm(valid(9)))
	if codes[0] != 201 || codes[1] != 201 || codes[2] != 429 || rec.Code != 429 {
		t.Fatalf("codes %v then %d; want 201 201 429 429", codes, rec.Code)
	}
	if ra, _ := strconv.Atoi(rec.Header().Get("Retry-After")); ra < 1 {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
	// Another client is not affected.
	r := jsonForm(valid(10))
	r.RemoteAddr = "198.51.100.7:1"
	if rec := e.do(r); rec.Code != 201 {
		t.Errorf("other client got %d", rec.Code)
	}
}

func TestTrustedProxies(t *testing.T) {
	trusted, err := contacthttp.ParsePrefixes("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, contacthttp.WithRateLimit(1, 1), contacthttp.WithTrustedProxies(trusted))
	send := func(peer, xff string, n int) int {
		r := jsonForm(valid(n), "X-Forwarded-For", xff)
		r.RemoteAddr = peer
		return e.do(r).Code
	}
	// Via the proxy, two clients are told apart by X-Forwarded-For.
	if a, b := send("127.0.0.1:1", "203.0.113.1", 1), send("127.0.0.1:1", "203.0.113.2", 2); a != 201 || b != 201 {
		t.Errorf("two clients behind proxy: %d %d", a, b)
	}
	// A forged left-most entry does not help: the proxy appended the real one.
	if c := send("127.0.0.1:1", "198.51.100.9, 203.0.113.1", 3); c != 429 {
		t.Errorf("forged XFF got %d, want 429", c)
	}
	// From an untrusted peer, X-Forwarded-For is ignored.
	if a, b := send("192.0.2.50:1", "203.0.113.7", 4), send("192.0.2.50:1", "203.0.113.8", 5); a != 201 || b != 429 {
		t.Errorf("untrusted peer: %d %d; want 201 429", a, b)
	}
}

func TestPreflight(t *testing.T) {
	e := newEnv(t, contacthttp.WithOrigins("http://127.0.0.1:1313"))
	for origin, want := range map[string]int{"https://partner.example.org": 204, "http://127.0.0.1:1313": 204, "https://evil.example": 403} {
		r := httptest.NewRequest(http.MethodOptions, "/api/contact", nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Access-Control-Request-Method", "POST")
		rec := e.do(r)
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", origin, rec.Code, want)
		}
		if want == 204 && rec.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("%s: allow-origin %q", origin, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	}
}

func spamID(t *testing.T, e *env) string {
	all, _ := e.store.Inquiries(context.Background(), contact.Filter{})
	for _, q := range all {
		if q.Spam {
			return q.ID
		}
	}
	t.Fatal("no spam-flagged inquiry")
	return ""
}

// TestMessageControlCharacters is issue 12's defect 7: NUL, ESC and BEL in
// the message were stored and later written raw to CSV and terminals. They
// are stripped; tab and line breaks stay, CR LF becoming LF.
func TestMessageControlCharacters(t *testing.T) {
	e := newEnv(t)
	msg := "Hello\x00 there\x1b[2J\x07\r\nSecond\tline\x7f\u0085 end"
	if rec := e.do(jsonForm(with(valid(1), "message", msg))); rec.Code != 201 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	all, _ := e.store.Inquiries(context.Background(), contact.Filter{})
	if len(all) != 1 {
		t.Fatalf("stored %d", len(all))
	}
	if got, want := all[0].Message, "Hello there[2J\nSecond\tline end"; got != want {
		t.Errorf("stored message %q, want %q", got, want)
	}
	// A message of nothing but control characters is an empty message.
	rec := e.do(jsonForm(with(valid(2), "message", "\x00\x07\x1b")))
	if r := decode(t, rec); rec.Code != 422 || r.Errors["message"] == "" {
		t.Errorf("control characters only: %d %v, want 422 on message", rec.Code, r.Errors)
	}
}

// TestRateLimitIPv6Per64 is issue 12's defect 6: the limit counted single
// addresses, and a client owns a whole /64, so rotating through it was never
// limited. A /64 is one client; another /64 and IPv4 neighbours are not.
func TestRateLimitIPv6Per64(t *testing.T) {
	e := newEnv(t, contacthttp.WithRateLimit(1, 2))
	send := func(peer string, n int) int {
		r := jsonForm(valid(n))
		r.RemoteAddr = peer
		return e.do(r).Code
	}
	codes := []int{send("[2001:db8:1:2::1]:1", 1), send("[2001:db8:1:2::dead:beef]:1", 2), send("[2001:db8:1:2:ffff::9]:1", 3)}
	if codes[0] != 201 || codes[1] != 201 || codes[2] != 429 {
		t.Errorf("three addresses of one /64: %v, want 201 201 429", codes)
	}
	if c := send("[2001:db8:1:3::1]:1", 4); c != 201 {
		t.Errorf("another /64: %d, want 201", c)
	}
	if a, b := send("192.0.2.1:1", 5), send("192.0.2.2:1", 6); a != 201 || b != 201 {
		t.Errorf("two IPv4 addresses: %d %d, want both 201", a, b)
	}
}

// TestAddressRefusals is issue 23's property 6 through the endpoint: an IP
// literal, an invisible character and a Cyrillic letter among Latin ones
// are each a 422 saying what is wrong, in the visitor's language;
// kåre@example.no is stored.
func TestAddressRefusals(t *testing.T) {
	e := newEnv(t)
	for addr, want := range map[string]string{
		"victim@[10.1.2.3]":        "not at a server's number",
		"victim@example.org\u200b": "invisible characters",
		"v\u0456ctim@example.org":  "different alphabets",
	} {
		rec := e.do(jsonForm(with(valid(1), "email", addr)))
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(decode(t, rec).Errors["email"], want) {
			t.Errorf("%q: %d %s; want 422 saying %q", addr, rec.Code, rec.Body, want)
		}
	}
	rec := e.do(jsonForm(with(valid(1), "email", "v\u0456ctim@example.org", "lang", "nb")))
	if !strings.Contains(decode(t, rec).Errors["email"], "ulike alfabeter") {
		t.Errorf("in Norwegian: %s", rec.Body)
	}
	if rec := e.do(jsonForm(with(valid(2), "email", "kåre@example.no"))); rec.Code != http.StatusCreated {
		t.Errorf("kåre@example.no: %d %s", rec.Code, rec.Body)
	}
}
