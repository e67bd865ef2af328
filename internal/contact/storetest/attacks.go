package storetest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/contact"
)

// RunAttacks runs issue 23's attacks that involve storage on stores from
// open, through the endpoint, the dispatcher and a real SMTP server: each
// failed on the code before the issue.
func RunAttacks(t *testing.T, open Open) {
	t.Run("AckVariantFlood", func(t *testing.T) { testAckVariantFlood(t, open) })
	t.Run("AckHourlyCap", func(t *testing.T) { testAckHourlyCap(t, open) })
	t.Run("QuotedReply", func(t *testing.T) { testQuotedReply(t, open) })
	t.Run("RefusedAcknowledgements", func(t *testing.T) { testRefusedAcknowledgements(t, open) })
}

// delivered counts the mails that reached mailbox (contact.Mailbox).
func (sc *scenario) delivered(mailbox string) int {
	n := 0
	for _, m := range sc.smtp.Mail() {
		if contact.Mailbox(m.To[0]) == contact.Mailbox(mailbox) {
			n++
		}
	}
	return n
}

// testAckVariantFlood: spellings of one mailbox from twelve client
// addresses (case, +tags, dots) put at most AckPerAddress
// acknowledgements into it, counted where the mail arrives.
func testAckVariantFlood(t *testing.T, open Open) {
	sc := newScenario(t, open, Config(t), oslo(2027, 3, 3, 10, 0))
	variants := []string{"victim@example.org", "VICTIM@example.org", "victim+1@example.org", "victim+2@EXAMPLE.ORG", "Victim+3@Example.Org",
		"vic.tim@example.org", "VICTIM+news@example.org", "victim+4@example.org", "ViCtIm@eXaMpLe.OrG", "victim+a.b@example.org",
		"v.i.c.t.i.m@example.org", "victim+crm@example.org", "VICTIM+5@EXAMPLE.ORG", "victim+6@example.org", "victim+7@example.org"}
	for i, addr := range variants {
		sc.peer = fmt.Sprintf("198.51.100.%d:4000", i%12+1)
		sc.post(i, addr)
	}
	sc.at(sc.clock.Now())
	if n := sc.delivered("victim@example.org"); n != contact.AckPerAddress {
		t.Errorf("%d acknowledgements reached victim@example.org from %d spellings, want %d", n, len(variants), contact.AckPerAddress)
	}
	if n := sc.delivered("a@example.org"); n != 2*len(variants) {
		t.Errorf("the unit got %d mails, want %d: every inquiry is still stored and passed on", n, 2*len(variants))
	}
}

// testAckHourlyCap: site.yaml's ack_per_hour caps acknowledgements for the
// whole endpoint, whichever clients post; the next hour has room again.
func testAckHourlyCap(t *testing.T, open Open) {
	cfg := Config(t)
	perHour := 5
	cfg.Contact.AckPerHour = &perHour
	sc := newScenario(t, open, cfg, oslo(2027, 3, 3, 10, 0))
	for i := range 20 {
		sc.peer = fmt.Sprintf("[2001:db8:0:%x::1]:4000", i) // a /64 each, all in one /48
		sc.post(i, fmt.Sprintf("person%d@example.no", i))
	}
	sc.at(sc.clock.Now())
	acks := 0
	for _, m := range sc.smtp.Mail() {
		if strings.HasSuffix(m.To[0], "@example.no") {
			acks++
		}
	}
	if acks != perHour {
		t.Errorf("%d acknowledgements in an hour from 20 networks, want the cap %d", acks, perHour)
	}
	sc.clock.Set(sc.clock.Now().Add(61 * 60e9))
	sc.post(99, "later@example.no")
	sc.at(sc.clock.Now())
	if sc.delivered("later@example.no") != 1 {
		t.Error("an hour later, no acknowledgement: the cap did not roll")
	}
}

// testQuotedReply: every mail whose replies go to the visitor is replayed
// as the visitor gets it quoted in a reply: each address in it is opened,
// and each button pressed. The inquiry's state does not change, and no
// page shows who handles it. The unit's own links still work.
func testQuotedReply(t *testing.T, open Open) {
	sc := newScenario(t, open, Config(t), oslo(2027, 3, 3, 10, 0))
	const visitor = "kari@example.no"
	id := sc.post(1, visitor)
	sc.at(sc.clock.Now())
	sc.at(oslo(2027, 3, 9, 0, 1)) // the promise (3 working days) has run out: the escalation
	replies := 0
	for _, m := range sc.smtp.Mail() {
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		rt, err := mail.ParseAddress(msg.Header.Get("Reply-To"))
		if err != nil || contact.Mailbox(rt.Address) != contact.Mailbox(visitor) {
			continue
		}
		replies++
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		quoted := "Thank you, we will look at it.\n\n> " + strings.ReplaceAll(string(body), "\n", "\n> ")
		for _, f := range strings.Fields(quoted) {
			if !strings.Contains(f, "://") {
				continue
			}
			u, err := url.Parse(strings.Trim(f, "<>()\"'.,"))
			if err != nil {
				continue
			}
			for _, r := range []*http.Request{
				httptest.NewRequest(http.MethodGet, u.RequestURI(), nil),
				replayPost(u, "name", "Kari"),
			} {
				rec := httptest.NewRecorder()
				sc.web.ServeHTTP(rec, r)
				if strings.Contains(rec.Body.String(), "a@example.org") || strings.Contains(rec.Body.String(), "office@example.org") {
					t.Errorf("%s %s as the visitor shows who handles the inquiry:\n%s", r.Method, u.Path, rec.Body)
				}
			}
		}
		if q, err := sc.s.Inquiry(context.Background(), id); err != nil || q.Status != contact.StatusNew {
			t.Fatalf("after replaying %q as the visitor: status %v (%v), want %s", sc.subject(m), q.Status, err, contact.StatusNew)
		}
	}
	if replies != 3 { // the unit's mail and two escalations
		t.Errorf("%d mails have Reply-To the visitor, want 3", replies)
	}
	sc.press(id, "a@example.org", contact.LinkClaim, http.StatusOK)
	if q, _ := sc.s.Inquiry(context.Background(), id); q.Status != contact.StatusClaimed {
		t.Errorf("the unit's own link: status %s, want %s", q.Status, contact.StatusClaimed)
	}
}

// replayPost presses the button of the page at u, with the token u carries.
func replayPost(u *url.URL, fields ...string) *http.Request {
	v := url.Values{"token": {u.Query().Get("token")}}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Set(fields[i], fields[i+1])
	}
	r := httptest.NewRequest(http.MethodPost, u.Path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// testRefusedAcknowledgements: addresses the relay refuses make no notice
// to the coordinators per post; they are counted in the store's health,
// /healthz, the report and the digest.
func testRefusedAcknowledgements(t *testing.T, open Open) {
	sc := newScenario(t, open, Config(t), oslo(2027, 3, 3, 10, 0))
	const n = 6
	for i := range n {
		addr := fmt.Sprintf("nobody%d@example.net", i)
		sc.smtp.Reject(addr, "550 5.1.1 no such user")
		sc.peer = fmt.Sprintf("203.0.113.%d:1", i+1)
		sc.post(i, addr)
	}
	sc.at(sc.clock.Now())
	for _, coord := range []string{"office@example.org", "coordinator@example.org"} {
		if k := sc.delivered(coord); k != 0 {
			t.Errorf("%s got %d mails about refused acknowledgements, want none", coord, k)
		}
	}
	h, err := sc.s.Health(context.Background())
	if err != nil || h.DeadAcks != n {
		t.Errorf("health %+v (%v), want %d dead acknowledgements", h, err, n)
	}
	rec := httptest.NewRecorder()
	sc.web.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if !strings.Contains(rec.Body.String(), fmt.Sprintf("of which %d acknowledgements", n)) {
		t.Errorf("/healthz does not count them:\n%s", rec.Body)
	}
	rows, err := sc.s.Progress(context.Background(), contact.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	dead, err := sc.s.DeadMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := contact.NewReport(rows, dead, sc.clock.Now().AddDate(0, 0, -7), sc.clock.Now().Add(60e9), func(s string) string { return s })
	digest := sc.mail.Digest(r, sc.clock.Now())
	if len(digest) == 0 {
		t.Fatal("no digest")
	}
	e, err := contact.DecodeEmail(digest[0])
	if err != nil {
		t.Fatal(err)
	}
	summed := false
	for _, line := range strings.Split(e.Body, "\n") {
		summed = summed || strings.HasPrefix(line, "Acknowledgements whose address the mail server refused") && strings.HasSuffix(line, fmt.Sprintf(": %d", n))
	}
	if !summed || strings.Contains(e.Body, "nobody0@") {
		t.Errorf("the digest does not sum them, or names them:\n%s", e.Body)
	}
}

// ClientNotRecoverable is issue 23's property 7: after posts from known
// addresses, no value in the database (every cell of every table, as dump
// returns them) holds an address, or an HMAC of one (as its address, /32
// or /64, with or without the "client" label the code used) under any key
// the database holds. Before the issue, acknowledgements.client was
// exactly such an HMAC under the link key in the secrets table.
func ClientNotRecoverable(t *testing.T, open Open, dump func(contact.Store) []string) {
	sc := newScenario(t, open, Config(t), oslo(2027, 3, 3, 10, 0), true) // the link key in the database, as contact serve keeps it by default
	ctx := context.Background()
	peers := map[string][]string{
		"192.0.2.1:1000": {"192.0.2.1", "192.0.2.1/32"}, "198.51.100.77:2": {"198.51.100.77", "198.51.100.77/32"},
		"[2001:db8:1:2:3::4]:3": {"2001:db8:1:2:3::4", "2001:db8:1:2::/64"},
	}
	n := 0
	for peer := range peers {
		sc.peer = peer
		sc.post(n, fmt.Sprintf("person%d@example.no", n))
		n++
	}
	sc.at(sc.clock.Now())
	cur, prev, err := sc.s.Secrets(ctx, contact.NewSecret()) // the stored keys: the first stored wins
	if err != nil {
		t.Fatal(err)
	}
	var suspects []string
	for _, nets := range peers {
		for _, network := range nets {
			suspects = append(suspects, network)
			for _, key := range [][]byte{cur, prev} {
				for _, msg := range []string{network, "client\x00" + network} {
					h := hmac.New(sha256.New, key)
					h.Write([]byte(msg))
					sum := h.Sum(nil)
					suspects = append(suspects, hex.EncodeToString(sum)[:24], base64.RawURLEncoding.EncodeToString(sum)[:16], base64.StdEncoding.EncodeToString(sum)[:16])
				}
			}
		}
	}
	cells := dump(sc.s)
	if len(cells) < 50 {
		t.Fatalf("the dump has %d cells: it cannot be the whole database", len(cells))
	}
	for _, cell := range cells {
		for _, s := range suspects {
			if strings.Contains(cell, s) {
				t.Errorf("the database holds %q, which gives away a client address (%q)", cell, s)
			}
		}
	}
}
