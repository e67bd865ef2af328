package contacthttp_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// site is the endpoint as `portal contact serve` wires it, on storetest's
// site, SQLite and a settable clock.
type site struct {
	t      *testing.T
	store  *sqlite.DB
	mailer *contact.Mailer
	clock  *storetest.Clock
	h      http.Handler
}

// osloZone is the zone of the test site (timezone: Europe/Oslo).
var osloZone, _ = time.LoadLocation("Europe/Oslo")

func newSite(t *testing.T, store *sqlite.DB) *site {
	c := &storetest.Clock{}
	c.Set(time.Date(2026, 11, 30, 10, 0, 0, 0, osloZone)) // a Monday
	if store == nil {
		var err error
		store, err = sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
	}
	store.Now = c.Now
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := storetest.Mailer(t)
	m.Now = c.Now
	form := contacthttp.NewHandler(storetest.Config(t), store, contacthttp.WithMailer(m), contacthttp.WithRateLimit(0, 0),
		contacthttp.WithLogger(quiet), contacthttp.WithClock(c.Now))
	srv := contacthttp.NewServer(contacthttp.Routes{
		Endpoint: "/api/contact", Form: form,
		Links:  contacthttp.NewLinks(store, m, quiet, c.Now),
		Health: contacthttp.NewHealth(store, quiet, c.Now),
	})
	return &site{t: t, store: store, mailer: m, clock: c, h: srv.Handler()}
}

func (s *site) do(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, r)
	return rec
}

// post sends a valid research inquiry from addr and returns its id.
func (s *site) post(n int, email, peer string) string {
	s.t.Helper()
	r := jsonForm(with(valid(n), "topic", "research", "email", email))
	r.RemoteAddr = peer
	rec := s.do(r)
	if rec.Code != 201 {
		s.t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	return decode(s.t, rec).ID
}

// mails returns the email messages queued for inquiry id (all if id is ""),
// leaving them queued.
func (s *site) mails(id string) []*contact.Message {
	s.t.Helper()
	// A lease that has run out already: the clock stands still here.
	msgs, err := s.store.Claim(context.Background(), "peek", []string{contact.KindEmail}, 1000, -time.Millisecond)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []*contact.Message
	for _, m := range msgs {
		if id == "" || m.InquiryID == id {
			out = append(out, m)
		}
	}
	return out
}

// link returns the action link in the mail to `to` about inquiry id.
func (s *site) link(id, to, action string) *url.URL {
	s.t.Helper()
	var mails []*contact.Message // what the unit gets: its mails, and what follows each when sent
	for _, m := range s.mails(id) {
		mails = append(append(mails, m), s.mailer.Then(m)...)
	}
	for _, m := range mails {
		if m.Target != to || m.Purpose == contact.PurposeAck {
			continue
		}
		e, err := s.mailer.Email(m)
		if err != nil {
			s.t.Fatal(err)
		}
		for _, f := range strings.Fields(e.Body) {
			if strings.Contains(f, "/"+action+"?token=") {
				u, err := url.Parse(f)
				if err != nil {
					s.t.Fatal(err)
				}
				return u
			}
		}
	}
	s.t.Fatalf("no %s link to %s for %s", action, to, id)
	return nil
}

func get(u *url.URL) *http.Request { return httptest.NewRequest(http.MethodGet, u.RequestURI(), nil) }

// press posts the page's form: the token (if any) and fields.
func press(u *url.URL, token string, fields ...string) *http.Request {
	v := url.Values{}
	if token != "" {
		v.Set("token", token)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Set(fields[i], fields[i+1])
	}
	r := httptest.NewRequest(http.MethodPost, u.Path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// state is everything about an inquiry a link could change.
func (s *site) state(id string) string {
	s.t.Helper()
	q, err := s.store.Inquiry(context.Background(), id)
	if err != nil {
		return "error: " + contact.ErrorCode(err)
	}
	return fmt.Sprintf("%+v %+v", q.Progress, q.History)
}

// TestLinkGETChangesNothing: mail scanners open every link; a GET of either
// shows the page with its button and changes nothing.
func TestLinkGETChangesNothing(t *testing.T) {
	s := newSite(t, nil)
	id := s.post(1, "kari@example.no", "192.0.2.1:1")
	before := s.state(id)
	for _, action := range []string{contact.LinkClaim, contact.LinkAnswered} {
		for range 3 {
			rec := s.do(get(s.link(id, "unit1@example.org", action)))
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("GET %s: %d\n%s", action, rec.Code, body)
			}
			for _, want := range []string{
				"Inquiry " + contact.Reference(id), "Research collaboration", "Monday, 30 November 2026, 10:00",
				"Wednesday, 2 December 2026", "Nobody has taken it yet.", `<form method="post" action="/api/inquiries/` + id + "/" + action + `">`,
				`name="token"`, "Nothing has changed yet",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s page lacks %q:\n%s", action, want, body)
				}
			}
			if h := rec.Header(); h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", h)
			}
		}
	}
	if after := s.state(id); after != before {
		t.Errorf("GET changed the inquiry:\nbefore %s\nafter  %s", before, after)
	}
	if rec := s.do(httptest.NewRequest(http.MethodHead, s.link(id, "unit1@example.org", contact.LinkClaim).RequestURI(), nil)); rec.Code != 200 || s.state(id) != before {
		t.Errorf("HEAD: %d, or it changed the inquiry", rec.Code)
	}
}

// TestLinkTokenRefusals: every bad token, and every POST that cannot
// apply, is a 403 or 410 page saying what happened, and changes nothing.
func TestLinkTokenRefusals(t *testing.T) {
	s := newSite(t, nil)
	id := s.post(1, "kari@example.no", "192.0.2.1:1")
	other := s.post(2, "ola@example.no", "192.0.2.2:1")
	claim := s.link(id, "unit1@example.org", contact.LinkClaim)
	answered := s.link(id, "unit1@example.org", contact.LinkAnswered)
	token := claim.Query().Get("token")
	raw, _ := base64.RawURLEncoding.DecodeString(token)
	raw[len(raw)-1] ^= 0x40
	forged := base64.RawURLEncoding.EncodeToString(raw)
	otherToken := s.link(other, "unit1@example.org", contact.LinkClaim).Query().Get("token")
	mallory := s.mailer.Keys().Sign(id, "mallory@example.org", contact.LinkClaim, s.clock.Now().Add(time.Hour))
	before := s.state(id)
	tests := []struct {
		name   string
		req    *http.Request
		status int
		says   string
	}{
		{"POST without the token", press(claim, ""), 403, "no token"},
		{"GET without the token", httptest.NewRequest(http.MethodGet, claim.Path, nil), 403, "no token"},
		{"truncated", press(claim, token[:len(token)-7]), 403, "incomplete or damaged"},
		{"forged", press(claim, forged), 403, "not valid"},
		{"wrong action", press(claim, answered.Query().Get("token")), 403, "This is the “Answered” link"},
		{"other inquiry's token", press(claim, otherToken), 403, "belongs to another inquiry"},
		{"wrong recipient", press(claim, mallory), 403, "did not receive this inquiry"},
		{"unknown page", httptest.NewRequest(http.MethodGet, "/api/inquiries/"+id+"/delete?token="+token, nil), 404, "no such page"},
		{"other method", httptest.NewRequest(http.MethodPut, claim.RequestURI(), nil), 405, "press its button"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := s.do(tt.req)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("%d, want %d saying %q:\n%s", rec.Code, tt.status, tt.says, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "<button") {
				t.Error("a refusal page shows a button")
			}
		})
	}
	// Expired: 60 days later the same links say so.
	s.clock.Set(s.clock.Now().Add(contact.LinkTTL + time.Hour))
	for _, r := range []*http.Request{get(claim), press(claim, token)} {
		// Whom to ask comes from site.yaml (contact.coordinators), not
		// from wording in the engine.
		rec := s.do(r)
		if body := rec.Body.String(); rec.Code != 410 || !strings.Contains(body, "This link expired on") ||
			!strings.Contains(body, "To have the inquiry passed on again, write to office@example.org, coordinator@example.org.") ||
			strings.Contains(body, "partnership office") {
			t.Errorf("expired %s: %d\n%s", r.Method, rec.Code, rec.Body)
		}
	}
	if after := s.state(id); after != before {
		t.Errorf("a refused link changed the inquiry:\nbefore %s\nafter  %s", before, after)
	}
}

// TestClaimAndAnswer: the first claim wins; a later one is told who has it
// and since when (409); "Answered" records the time; a replay of it, and a
// claim then, are 410; a purged inquiry's links are 410.
func TestClaimAndAnswer(t *testing.T) {
	s := newSite(t, nil)
	id := s.post(1, "kari@example.no", "192.0.2.1:1")
	c1, c2 := s.link(id, "unit1@example.org", contact.LinkClaim), s.link(id, "unit2@example.org", contact.LinkClaim)
	a2 := s.link(id, "unit2@example.org", contact.LinkAnswered)
	s.clock.Set(s.clock.Now().Add(20 * time.Minute))
	rec := s.do(press(c1, c1.Query().Get("token"), "name", "Kari Hansen"))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "The inquiry is yours") || !strings.Contains(rec.Body.String(), "Taken by Kari Hansen &lt;unit1@example.org&gt; since Monday, 30 November 2026, 10:20") {
		t.Fatalf("claim: %d\n%s", rec.Code, rec.Body)
	}
	if rec := s.do(press(c1, c1.Query().Get("token"))); rec.Code != 200 {
		t.Errorf("the claimer pressing again: %d, want 200 (no change)", rec.Code)
	}
	rec = s.do(press(c2, c2.Query().Get("token")))
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "Kari Hansen &lt;unit1@example.org&gt; has had this inquiry since Monday, 30 November 2026, 10:20") {
		t.Errorf("second claim: %d\n%s", rec.Code, rec.Body)
	}
	if rec := s.do(get(c2)); rec.Code != 200 || strings.Contains(rec.Body.String(), "<button") {
		t.Errorf("GET of the claim link once claimed: %d, or it still offers the button", rec.Code)
	}
	s.clock.Set(s.clock.Now().Add(time.Hour))
	if rec := s.do(press(a2, a2.Query().Get("token"))); rec.Code != 200 || !strings.Contains(rec.Body.String(), "marked answered") {
		t.Errorf("answered: %d\n%s", rec.Code, rec.Body)
	}
	q, _ := s.store.Inquiry(context.Background(), id)
	if q.Status != contact.StatusAnswered || q.AnsweredBy != "unit2@example.org" || !q.AnsweredAt.Equal(s.clock.Now()) || len(q.History) != 2 {
		t.Errorf("after answered: %+v %+v", q.Progress, q.History)
	}
	before := s.state(id)
	for name, r := range map[string]*http.Request{"replayed answered": press(a2, a2.Query().Get("token")), "claim after answered": press(c2, c2.Query().Get("token"))} {
		if rec := s.do(r); rec.Code != 410 || !strings.Contains(rec.Body.String(), "was marked answered on Monday, 30 November 2026, 11:20 by unit2@example.org") {
			t.Errorf("%s: %d\n%s", name, rec.Code, rec.Body)
		}
	}
	if after := s.state(id); after != before {
		t.Errorf("a replay changed the inquiry:\n%s\n%s", before, after)
	}
	if _, err := s.store.Purge(context.Background(), s.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*http.Request{get(c1), press(c1, c1.Query().Get("token"))} {
		if rec := s.do(r); rec.Code != 410 || !strings.Contains(rec.Body.String(), "no longer exists") {
			t.Errorf("purged inquiry, %s: %d\n%s", r.Method, rec.Code, rec.Body)
		}
	}
}

// TestAcknowledgementLimits: a flood naming one victim's address gives it
// at most 3 acknowledgements; one client gets at most 3 an hour; a
// spam-flagged inquiry none. Every inquiry is stored all the same.
func TestAcknowledgementLimits(t *testing.T) {
	s := newSite(t, nil)
	acksTo := func(addr string) int {
		n := 0
		for _, m := range s.mails("") {
			if m.Purpose == contact.PurposeAck && strings.EqualFold(m.Target, addr) {
				n++
			}
		}
		return n
	}
	for i := range 10 { // from ten networks, naming one victim
		s.post(i, "Victim@example.org", fmt.Sprintf("198.51.100.%d:1", i))
	}
	if n := acksTo("victim@example.org"); n != 3 {
		t.Errorf("flood: %d acknowledgements to the victim, want 3", n)
	}
	for i := range 5 { // one client (an IPv6 /64), five addresses
		s.post(20+i, fmt.Sprintf("p%d@example.org", i), fmt.Sprintf("[2001:db8:5:6::%x]:1", i+1))
	}
	n := 0
	for i := range 5 {
		n += acksTo(fmt.Sprintf("p%d@example.org", i))
	}
	if n != 3 {
		t.Errorf("one client: %d acknowledgements, want 3", n)
	}
	s.clock.Set(s.clock.Now().Add(61 * time.Minute))
	s.post(30, "p9@example.org", "[2001:db8:5:6::99]:1")
	if acksTo("p9@example.org") != 1 {
		t.Error("an hour later the client gets acknowledgements again")
	}
	fast := fmt.Sprint(s.clock.Now().Add(-time.Second).UnixMilli())
	r := jsonForm(with(valid(40), "topic", "research", "email", "spam@example.org", "started", fast))
	if rec := s.do(r); rec.Code != 201 {
		t.Fatal(rec.Code)
	}
	if acksTo("spam@example.org") != 0 {
		t.Error("a spam-flagged inquiry got an acknowledgement")
	}
	if all, _ := s.store.Inquiries(context.Background(), contact.Filter{}); len(all) != 17 {
		t.Errorf("stored %d inquiries, want all 17", len(all))
	}
}
