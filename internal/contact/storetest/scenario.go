package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/contact"
	contacthttp "github.com/uio-partner/portal/internal/contact/http"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/smtp/smtptest"
)

// Clock is a settable clock for the endpoint, the store and the mailer;
// the zero value stands at the zero time.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Set moves the clock.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// osloZone is the zone of Site (timezone: Europe/Oslo).
var osloZone, _ = time.LoadLocation("Europe/Oslo")

func oslo(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, osloZone)
}

// scenario is the endpoint, scheduler and dispatcher as `portal contact
// serve` wires them, on a store, a clock and a real SMTP server.
type scenario struct {
	t     *testing.T
	s     contact.Store
	clock *Clock
	web   http.Handler
	sched *contact.Scheduler
	disp  *contact.Dispatcher
	smtp  *smtptest.Server
	mail  *contact.Mailer
	peer  string // the client address posts come from
	seen  int    // mails already checked
}

// RunLifecycle runs a year's worth of an inquiry's life on the store open
// returns, with an injected clock, and checks that the SMTP server
// receives exactly the acknowledgement, unit mail, escalation, reminder
// and digest that the clock calls for: over Easter (which moves), a
// weekend, 17 May, and a claim after the promise ran out.
func RunLifecycle(t *testing.T, open Open) {
	sc := newScenario(t, open, Config(t), oslo(2027, 3, 24, 10, 0)) // the Wednesday before Easter 2027
	s, clock := sc.s, sc.clock

	// Wednesday 24 March 2027: "general" promises 3 working days, and
	// Maundy Thursday, Good Friday, the weekend and Easter Monday do not
	// count: the promise is Thursday 1 April.
	a := sc.post(1, "kari@example.no")
	sc.at(clock.Now()) // the scheduler's first run: no digest for a week it did not see
	sc.expect("received A",
		"kari@example.no: We have received your inquiry ("+contact.Reference(a)+")",
		"a@example.org: [Something else] Equinor ("+contact.Reference(a)+")",
		"a@example.org: Take or close: [Something else] Equinor ("+contact.Reference(a)+")")
	sc.expectBody("kari@example.no", "You will hear from us by Thursday, 1 April 2027.")
	sc.at(oslo(2027, 4, 1, 23, 59)) // the promise's last minute; a digest for the week from 22 March
	sc.expect("digest of 29 March", digests(12, 1, 1)...)
	sc.at(oslo(2027, 4, 2, 0, 1)) // the promise has run out, nobody has claimed it
	sc.expect("escalation of A",
		"office@example.org: Unclaimed: [Something else] Equinor ("+contact.Reference(a)+")",
		"office@example.org: Take or close: [Something else] Equinor ("+contact.Reference(a)+")",
		"coordinator@example.org: Unclaimed: [Something else] Equinor ("+contact.Reference(a)+")",
		"coordinator@example.org: Take or close: [Something else] Equinor ("+contact.Reference(a)+")")
	sc.at(oslo(2027, 4, 2, 0, 30))
	sc.expect("nothing more") // each escalation goes once

	// A claim after the promise ran out still counts; the claimer is
	// reminded 2 working days later (Monday 5, Tuesday 6 April).
	sc.clock.Set(oslo(2027, 4, 2, 9, 0))
	sc.press(a, "a@example.org", contact.LinkClaim, http.StatusOK)
	sc.press(a, "office@example.org", contact.LinkClaim, http.StatusConflict)
	sc.at(oslo(2027, 4, 6, 23, 0))
	sc.expect("digest of 5 April", digests(13, 0, 1)...)
	sc.at(oslo(2027, 4, 7, 0, 30))
	sc.expect("reminder of A", "a@example.org: Reminder: [Something else] Equinor ("+contact.Reference(a)+") is not marked answered")
	sc.at(oslo(2027, 4, 9, 12, 0))
	sc.expect("nothing more")

	// Friday 14 May 2027: the weekend and Monday 17 May (Constitution Day
	// and Whit Monday) do not count: the promise is Thursday 20 May. The
	// clock jumped five weeks: one digest, for the latest week.
	sc.clock.Set(oslo(2027, 5, 14, 15, 0))
	b := sc.post(2, "ola@example.no")
	sc.postSpam(3, "bot@example.no")
	sc.at(sc.clock.Now())
	sc.expect("received B, the spam unmentioned, and a digest",
		"ola@example.no: We have received your inquiry ("+contact.Reference(b)+")",
		"a@example.org: [Something else] Equinor ("+contact.Reference(b)+")",
		"a@example.org: Take or close: [Something else] Equinor ("+contact.Reference(b)+")",
		digests(18, 0, 1)[0], digests(18, 0, 1)[1])
	sc.expectBody("ola@example.no", "You will hear from us by Thursday, 20 May 2027.")
	sc.at(oslo(2027, 5, 17, 10, 0)) // Monday 08:00 has passed: the digest of the week B came in
	sc.expect("digest of 17 May", digests(19, 1, 2)...)
	sc.expectBody("office@example.org", "Open inquiries, oldest first: 2")
	sc.expectBody("office@example.org", contact.Reference(a)+"  general")
	sc.expectBody("office@example.org", "(claimed, promise broken)")
	sc.expectNotInBody("office@example.org", "Kari", "Ola", "@example.no", "Hello number", "Equinor")
	sc.press(b, "a@example.org", contact.LinkClaim, http.StatusOK)
	sc.clock.Set(oslo(2027, 5, 18, 11, 0))
	sc.press(b, "a@example.org", contact.LinkAnswered, http.StatusOK)
	sc.press(b, "a@example.org", contact.LinkAnswered, http.StatusGone) // a replay
	sc.at(oslo(2027, 5, 21, 0, 1))                                      // B's promise ends: it was kept
	sc.at(oslo(2027, 5, 21, 9, 0))                                      // and B's claimer is not reminded
	sc.expect("nothing for the answered inquiry")

	rows, err := s.Progress(context.Background(), contact.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	r := contact.NewReport(rows, nil, time.Time{}, clock.Now(), func(s string) string { return s })
	if f := r.Total; f.Received != 2 || f.Claimed != 2 || f.Answered != 1 || f.Open != 1 || f.Kept != 1 || f.Broken != 1 || r.Spam != 1 {
		t.Errorf("report %+v (spam %d); want 2 received, both claimed, 1 answered, 1 open, 1 promise kept, 1 broken, 1 spam", f, r.Spam)
	}
}

// newScenario wires the endpoint, scheduler and dispatcher for cfg on a
// fresh store and a real SMTP server, with the clock at start. With
// dbKeys, the link keys come from the database, as contact serve takes
// them when no PORTAL_SECRET is set; otherwise they are Mailer's.
func newScenario(t *testing.T, open Open, cfg *config.Config, start time.Time, dbKeys ...bool) *scenario {
	clock := &Clock{}
	clock.Set(start)
	s := open(t, clock.Now)
	t.Cleanup(func() { s.Close() })
	srv, err := smtptest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	keys := Mailer(t).Keys()
	if len(dbKeys) > 0 && dbKeys[0] {
		if keys, _, err = contact.OpenKeyring(context.Background(), s, "", "", "", nil); err != nil {
			t.Fatal(err)
		}
	}
	m := contact.NewMailer(cfg, Texts(t, cfg), keys, "")
	m.Now = clock.Now
	form := contacthttp.NewHandler(cfg, s, contacthttp.WithMailer(m), contacthttp.WithClock(clock.Now), contacthttp.WithLogger(quiet), contacthttp.WithRateLimit(0, 0))
	web := contacthttp.NewServer(contacthttp.Routes{Endpoint: "/api/contact", Form: form, Links: contacthttp.NewLinks(s, m, quiet, clock.Now), Health: contacthttp.NewHealth(s, quiet, clock.Now)})
	return &scenario{
		t: t, s: s, clock: clock, web: web.Handler(), smtp: srv, mail: m, peer: "192.0.2.7:1",
		sched: &contact.Scheduler{Store: s, Mailer: m, Logger: quiet, Now: clock.Now},
		disp: &contact.Dispatcher{Outbox: s, Owner: "scenario", Logger: quiet, Now: clock.Now, DeadNotices: m.DeadNotice, Then: m.Then,
			Notifiers: map[string]contact.Notifier{contact.KindEmail: &smtp.Sender{Addr: srv.Addr(), From: "Portal <noreply@uio.example>", Hostname: "test", TLS: smtp.TLSNone, Timeout: 5 * time.Second, Render: m.Email}}},
	}
}

// digests are the two coordinators' digest mails for an ISO week with
// received inquiries and open ones.
func digests(week, received, open int) []string {
	subject := fmt.Sprintf("Partner portal inquiries, week %d: %d received, %d open", week, received, open)
	return []string{"office@example.org: " + subject, "coordinator@example.org: " + subject}
}

// at moves the clock, runs the scheduler and delivers everything due.
func (sc *scenario) at(t time.Time) {
	sc.t.Helper()
	sc.clock.Set(t)
	ctx := context.Background()
	if err := sc.sched.RunOnce(ctx); err != nil {
		sc.t.Fatal(err)
	}
	for {
		n, err := sc.disp.RunOnce(ctx)
		if err != nil {
			sc.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// expect checks that exactly the mails want ("to: subject") arrived since
// the last check, each once.
func (sc *scenario) expect(step string, want ...string) {
	sc.t.Helper()
	var got []string
	for _, m := range sc.new() {
		got = append(got, m.To[0]+": "+sc.subject(m))
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		sc.t.Errorf("%s at %s: mails\n  %s\nwant\n  %s", step, sc.clock.Now(), strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	sc.seen = len(sc.smtp.Mail())
}

// new returns the mails not yet checked.
func (sc *scenario) new() []smtptest.Mail { return sc.smtp.Mail()[sc.seen:] }

// bodies returns the decoded bodies of the mails to addr, oldest first.
func (sc *scenario) bodies(addr string) []string {
	sc.t.Helper()
	var out []string
	for _, m := range sc.smtp.Mail() {
		if m.To[0] != addr {
			continue
		}
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			sc.t.Fatal(err)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			sc.t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// lastTo returns the body of the latest mail to addr.
func (sc *scenario) lastTo(addr string) string {
	sc.t.Helper()
	b := sc.bodies(addr)
	if len(b) == 0 {
		sc.t.Fatalf("no mail to %s", addr)
	}
	return b[len(b)-1]
}

func (sc *scenario) expectBody(addr, want string) {
	sc.t.Helper()
	if body := sc.lastTo(addr); !strings.Contains(body, want) {
		sc.t.Errorf("the mail to %s lacks %q:\n%s", addr, want, body)
	}
}

func (sc *scenario) expectNotInBody(addr string, unwanted ...string) {
	sc.t.Helper()
	body := sc.lastTo(addr)
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			sc.t.Errorf("the mail to %s has %q:\n%s", addr, u, body)
		}
	}
}

func (sc *scenario) subject(m smtptest.Mail) string {
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		sc.t.Fatal(err)
	}
	s, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		sc.t.Fatal(err)
	}
	return s
}

// post sends a valid "general" inquiry through the endpoint and returns
// its id.
func (sc *scenario) post(n int, email string) string {
	sc.t.Helper()
	v := url.Values{"name": {"Kari Nordmann"}, "email": {email}, "organisation": {"Equinor"}, "topic": {"general"},
		"message": {fmt.Sprintf("Hello number %d", n)}, "consent": {"yes"}, "lang": {"en"}}
	return sc.send(v)
}

// postSpam sends an inquiry filled in faster than a person can.
func (sc *scenario) postSpam(n int, email string) string {
	v := url.Values{"name": {"Bot"}, "email": {email}, "topic": {"general"}, "message": {fmt.Sprintf("Spam %d", n)}, "consent": {"yes"},
		"started": {strconv.FormatInt(sc.clock.Now().Add(-time.Second).UnixMilli(), 10)}}
	return sc.send(v)
}

func (sc *scenario) send(v url.Values) string {
	sc.t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/contact", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	r.RemoteAddr = sc.peer
	rec := httptest.NewRecorder()
	sc.web.ServeHTTP(rec, r)
	if rec.Code != http.StatusCreated {
		sc.t.Fatalf("post: %d %s", rec.Code, rec.Body)
	}
	var reply struct{ ID string }
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		sc.t.Fatal(err)
	}
	return reply.ID
}

// press presses the action's button on the page behind the link that the
// mails to `to` carry for inquiry id, and checks the status.
func (sc *scenario) press(id, to, action string, want int) {
	sc.t.Helper()
	var link *url.URL
	for _, body := range sc.bodies(to) {
		for _, f := range strings.Fields(body) {
			if strings.Contains(f, "/api/inquiries/"+id+"/"+action+"?token=") {
				link, _ = url.Parse(f)
			}
		}
	}
	if link == nil {
		sc.t.Fatalf("no mail to %s has the %s link of %s", to, action, contact.Reference(id))
	}
	token := link.Query().Get("token")
	r := httptest.NewRequest(http.MethodPost, link.Path, strings.NewReader(url.Values{"token": {token}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	sc.web.ServeHTTP(rec, r)
	if rec.Code != want {
		sc.t.Errorf("%s %s as %s: %d, want %d\n%s", action, contact.Reference(id), to, rec.Code, want, rec.Body)
	}
}
