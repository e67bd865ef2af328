package smtp_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/smtp"
	"github.com/uio-partner/portal/internal/contact/smtp/smtptest"
	"github.com/uio-partner/portal/internal/contact/sqlite"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// freeAddr returns a loopback address nobody listens on yet.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestOutboxSurvivesOutage stores inquiries while the SMTP server is down,
// lets two dispatchers fail and back off, then starts the server: every mail
// must arrive, each exactly once.
func TestOutboxSurvivesOutage(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const n = 12
	now := time.Now()
	for i := range n {
		q := storetest.NewInquiry(i, now)
		q.Topic = "research" // two unit addresses, a webhook (not sent here) and the acknowledgement
		if _, _, err := store.Save(ctx, q, storetest.Messages(t, q)); err != nil {
			t.Fatal(err)
		}
	}
	const mails = 5 * n
	addr := freeAddr(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	dctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, owner := range []string{"a", "b"} {
		d := &contact.Dispatcher{
			Outbox: store, Owner: owner, Logger: quiet, Batch: 3,
			Notifiers: map[string]contact.Notifier{contact.KindEmail: &smtp.Sender{Addr: addr, From: "Portal <noreply@uio.example>", Hostname: "test", Timeout: 2 * time.Second, TLS: smtp.TLSNone, Render: storetest.Mailer(t).Email}},
			Poll:      10 * time.Millisecond, MinDelay: 20 * time.Millisecond, MaxDelay: 100 * time.Millisecond,
			Then: storetest.Mailer(t).Then,
		}
		wg.Add(1)
		go func() { defer wg.Done(); d.Run(dctx) }()
	}
	time.Sleep(400 * time.Millisecond) // several failed rounds against the closed port

	srv, err := smtptest.Start(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.Mail()) < mails && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // room for any duplicate to show up
	stop()
	wg.Wait()

	seen := map[string]int{}
	for _, m := range srv.Mail() {
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		seen[msg.Header.Get("Message-Id")]++
		if len(m.To) != 1 || m.To[0] != msg.Header.Get("To") || m.From != "noreply@uio.example" {
			t.Errorf("envelope from %q to %v, To: %s", m.From, m.To, msg.Header.Get("To"))
		}
	}
	if len(seen) != mails {
		t.Errorf("%d distinct mails arrived, want %d", len(seen), mails)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("mail %s arrived %d times", id, c)
		}
	}
	if left, _ := store.Claim(ctx, "check", []string{contact.KindEmail}, 100, time.Minute); len(left) != 0 {
		t.Errorf("%d messages still pending", len(left))
	}
}

// TestComposeStripsCRLF: whatever reaches a header cannot add one.
func TestComposeStripsCRLF(t *testing.T) {
	s := &smtp.Sender{Now: func() time.Time { return time.Unix(0, 0) }}
	e := &contact.Email{
		Subject: "[Facilities\r\nBcc: evil@example.org] Ærlig AS", ReplyToName: "Kari\r\nBcc: evil@example.org",
		ReplyTo: "kari@example.no\r\nBcc: evil@example.org", Body: "Line one\n.\nLine three with æøå", Lang: "nb\r\nBcc: x@example.org",
	}
	from := &mail.Address{Name: "Portal", Address: "noreply@uio.example"}
	b, err := s.Compose(from, []string{"a@example.org"}, &contact.Message{ID: 7, InquiryID: "abc"}, e)
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(b), "\r\n\r\n")
	if strings.Contains(head, "\nBcc:") || strings.Contains(head, "\rBcc:") {
		t.Errorf("header injection:\n%s", head)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" || msg.Header.Get("Message-Id") != "<abc.7@uio.example>" {
		t.Errorf("headers %v", msg.Header)
	}
	if !strings.Contains(body, "Line three with =C3=A6=C3=B8=C3=A5") {
		t.Errorf("body not quoted-printable UTF-8:\n%s", body)
	}
}

// TestComposeFoldsLongHeaders is issue 12's defect 3: RFC 5322 allows at most
// 998 bytes a line, and a 120-character CJK organisation made a 1,339-byte
// Subject, emoji in a name a Reply-To of about 2,950. Encoded words are
// folded onto lines of their own, and decode back to the original text.
func TestComposeFoldsLongHeaders(t *testing.T) {
	org := strings.Repeat("東京大学産学連携本部", 12) // 120 CJK characters
	name := strings.Repeat("Kari 😀🚀🎉 ", 40)
	s := &smtp.Sender{Now: func() time.Time { return time.Unix(0, 0) }}
	e := &contact.Email{Subject: "[Forskningssamarbeid og lisensiering] " + org, ReplyToName: name, ReplyTo: "kari@example.no", Body: "Hei"}
	from := &mail.Address{Name: strings.Repeat("Universitetet i Oslo – partnerportalen ", 4), Address: "noreply@uio.example"}
	b, err := s.Compose(from, []string{"a@example.org"}, &contact.Message{ID: 7, InquiryID: "abc"}, e)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(b), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		if len(line) > 998 {
			t.Errorf("header line of %d bytes: %.60s...", len(line), line)
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	if subject, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != "[Forskningssamarbeid og lisensiering] "+org {
		t.Errorf("Subject decodes to %q (%v)", subject, err)
	}
	for _, h := range []struct{ name, want string }{{"Reply-To", strings.TrimSpace(name)}, {"From", strings.TrimSpace(from.Name)}} {
		a, err := mail.ParseAddress(msg.Header.Get(h.name))
		if err != nil || strings.TrimSpace(a.Name) != h.want {
			t.Errorf("%s decodes to %+v (%v), want %q", h.name, a, err, h.want)
		}
	}
}

// TestHeadersShowTheLiteralText is issue 23's property 4: visitor text that
// looks like an RFC 2047 encoded word reaches the reader as typed, not
// decoded into a line break and a Bcc: line, or into another address.
func TestHeadersShowTheLiteralText(t *testing.T) {
	for _, typed := range []string{
		"=?utf-8?q?Evil=0D=0ABcc:_x@evil.org?=",
		"=?utf-8?b?RXZlIDxjZW9AdWlvLm5vPg==?=",
		"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= and =?us-ascii?q?x?=",
		"Ærlig =?utf-8?q?=0D=0ABcc:_x@evil.org?= AS",
		"Eve <ceo@uio.no>",
		"\"Eve\" <ceo@uio.no>, x@evil.org",
		"plain Equinor ASA",
		strings.Repeat("=?utf-8?q?a?= ", 30),
	} {
		s := &smtp.Sender{Now: func() time.Time { return time.Unix(0, 0) }}
		e := &contact.Email{Subject: "[Facilities] " + typed + " (K7M4-Q2XD)", ReplyToName: typed, ReplyTo: "kari@example.no", Body: "Hei"}
		from := &mail.Address{Name: "Portal", Address: "noreply@uio.example"}
		b, err := s.Compose(from, []string{"a@example.org"}, &contact.Message{ID: 7, InquiryID: "abc"}, e)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for k := range msg.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		if want := "Auto-Submitted Content-Transfer-Encoding Content-Type Date From Message-Id Mime-Version Reply-To Subject To"; strings.Join(names, " ") != want {
			t.Errorf("%q: headers %v, want %s", typed, names, want)
		}
		dec := new(mime.WordDecoder)
		if subject, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != e.Subject {
			t.Errorf("Subject decodes to %q (%v), want %q", subject, err, e.Subject)
		}
		list, err := mail.ParseAddressList(msg.Header.Get("Reply-To"))
		if err != nil || len(list) != 1 || list[0].Name != typed || list[0].Address != "kari@example.no" {
			t.Errorf("Reply-To %q decodes to %+v (%v), want the name %q", msg.Header.Get("Reply-To"), list, err, typed)
		}
	}
}

// TestTLSRequired is issue 12's defect 8: with --smtp-tls required, a relay
// that offers no STARTTLS (or a certificate that does not verify) gets no
// mail and no command after EHLO, so personal data and the relay login
// never go in clear; a relay with TLS gets the mail over it.
func TestTLSRequired(t *testing.T) {
	serverTLS, roots, err := smtptest.Certificate()
	if err != nil {
		t.Fatal(err)
	}
	q := storetest.NewInquiry(1, time.Now())
	msg := storetest.Messages(t, q)[0]
	tests := []struct {
		name    string
		tls     *tls.Config // the relay's; nil offers no STARTTLS
		mode    string
		roots   bool // whether the sender trusts the relay's certificate
		sent    bool
		overTLS bool
	}{
		{"required, relay without TLS", nil, smtp.TLSRequired, true, false, false},
		{"required, untrusted certificate", serverTLS, smtp.TLSRequired, false, false, false},
		{"required, relay with TLS", serverTLS, smtp.TLSRequired, true, true, true},
		{"opportunistic, relay without TLS", nil, smtp.TLSOpportunistic, true, true, false},
		{"opportunistic, relay with TLS", serverTLS, smtp.TLSOpportunistic, true, true, true},
		{"none, relay with TLS", serverTLS, smtp.TLSNone, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := smtptest.StartTLS("127.0.0.1:0", tt.tls)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			s := &smtp.Sender{Addr: srv.Addr(), From: "Portal <noreply@uio.example>", Hostname: "test", Timeout: 5 * time.Second, TLS: tt.mode, Render: storetest.Mailer(t).Email}
			if tt.roots {
				s.RootCAs = roots
			}
			err = s.Notify(context.Background(), msg)
			if got := err == nil; got != tt.sent {
				t.Fatalf("Notify: %v; want sent=%v", err, tt.sent)
			}
			mails := srv.Mail()
			if len(mails) != map[bool]int{true: 1}[tt.sent] || (tt.sent && mails[0].TLS != tt.overTLS) {
				t.Errorf("relay got %+v; want sent=%v over TLS=%v", mails, tt.sent, tt.overTLS)
			}
			if !tt.sent {
				for _, c := range srv.Commands() {
					if c != "EHLO" && c != "STARTTLS" && c != "QUIT" {
						t.Errorf("command %s sent although TLS was required and not had", c)
					}
				}
			}
		})
	}
}

// TestPermanentFailureGoesDead is issue 12's defect 4: mail the relay
// refuses permanently (5xx) was retried for ever. It goes dead at once,
// stays in the database, shows in health, and the coordinators are told
// once; the other mails of the inquiry go out as usual.
func TestPermanentFailureGoesDead(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv, err := smtptest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.Reject("unit1@example.org", "550 5.1.1 no such mailbox")
	q := storetest.NewInquiry(1, time.Now())
	q.Topic = "research"
	if _, _, err := store.Save(ctx, q, storetest.Messages(t, q)); err != nil {
		t.Fatal(err)
	}
	d := dispatcher(store, srv.Addr(), storetest.Mailer(t))
	for range 5 { // more rounds than needed: nothing is tried twice
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	for _, m := range srv.Mail() {
		msg, _ := mail.ReadMessage(strings.NewReader(m.Data))
		got[m.To[0]+" "+msg.Header.Get("Subject")]++
	}
	if len(got) != 5 {
		t.Errorf("mails %v; want unit2's two, the acknowledgement and a notice to each coordinator (the links of the refused mail are never queued)", got)
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("%s arrived %d times", k, n)
		}
		if strings.HasPrefix(k, "office@example.org") && !strings.Contains(k, "Undeliverable") {
			t.Errorf("coordinator got %s", k)
		}
	}
	dead, err := store.DeadMessages(ctx)
	if err != nil || len(dead) != 1 || dead[0].Target != "unit1@example.org" || !strings.Contains(dead[0].LastError, "550") {
		t.Fatalf("dead messages %+v, %v", dead, err)
	}
	if h, _ := store.Health(ctx); h.Dead != 1 || h.Pending != 1 { // the webhook has no notifier here
		t.Errorf("health %+v; want 1 dead, 1 pending (the webhook)", h)
	}
}

// TestTooManyAttemptsGoesDead: a message that fails MaxAttempts times (the
// relay down) goes dead, and the notice goes out once the relay is back.
func TestTooManyAttemptsGoesDead(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	q := storetest.NewInquiry(1, time.Now())
	if _, _, err := store.Save(ctx, q, storetest.Messages(t, q)[:1]); err != nil { // the unit's mail only
		t.Fatal(err)
	}
	addr := freeAddr(t)
	d := dispatcher(store, addr, storetest.Mailer(t))
	d.MaxAttempts, d.MinDelay, d.MaxDelay = 3, time.Millisecond, time.Millisecond
	var dead []*contact.Message
	for rounds := 0; len(dead) == 0 && rounds < 10; rounds++ {
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Millisecond)
		dead, _ = store.DeadMessages(ctx)
	}
	if len(dead) != 1 || dead[0].Attempts != 3 {
		t.Fatalf("dead %+v; want the unit's mail after 3 attempts", dead)
	}
	srv, err := smtptest.Start(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for range 3 {
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if mails := srv.Mail(); len(mails) != 2 || mails[0].To[0] != "office@example.org" || mails[1].To[0] != "coordinator@example.org" {
		t.Errorf("after the outage: %+v; want one notice to each coordinator, and not the dead mail", mails)
	}
}

func dispatcher(store contact.Outbox, addr string, m *contact.Mailer) *contact.Dispatcher {
	return &contact.Dispatcher{
		Outbox: store, Owner: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Notifiers:   map[string]contact.Notifier{contact.KindEmail: &smtp.Sender{Addr: addr, From: "Portal <noreply@uio.example>", Hostname: "test", Timeout: 2 * time.Second, TLS: smtp.TLSNone, Render: m.Email}},
		DeadNotices: m.DeadNotice,
		Then:        m.Then,
	}
}
