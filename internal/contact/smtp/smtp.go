// Package smtp sends contact notifications as email through a real SMTP
// relay with net/smtp (STARTTLS required by default, PLAIN auth when
// configured).
// It is the contact.Notifier for the outbox's email messages.
package smtp

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/contact"
)

// TLS modes of a Sender (--smtp-tls).
const (
	// TLSRequired sends only after STARTTLS with a certificate that
	// verifies. It is the default: inquiries hold personal data and the
	// relay login, and a relay that stops offering STARTTLS, or a network
	// that strips the offer, must stop the mail rather than expose it.
	TLSRequired = "required"
	// TLSOpportunistic uses STARTTLS when the relay offers it and sends in
	// clear when it does not.
	TLSOpportunistic = "opportunistic"
	// TLSNone never starts TLS: for a relay on the same machine.
	TLSNone = "none"
)

// TLSModes lists the modes, for flag help and validation.
var TLSModes = []string{TLSRequired, TLSOpportunistic, TLSNone}

// Sender delivers email messages from the outbox.
type Sender struct {
	Addr string // relay host:port
	TLS  string // TLSRequired (the default when empty), TLSOpportunistic or TLSNone
	// RootCAs verifies the relay's certificate; nil means the system's roots.
	RootCAs  *x509.CertPool
	From     string // From header and envelope sender, e.g. "Partner portal <noreply@uio.no>"
	Username string // optional; PLAIN auth (net/smtp only sends it over TLS or to localhost)
	Password string
	// Render composes a message's mail: the contact.Mailer's Email, which
	// composes the unit's mail and the acknowledgement at sending time. Nil
	// means contact.DecodeEmail (messages composed when queued).
	Render   func(*contact.Message) (*contact.Email, error)
	Timeout  time.Duration // per message; default 30s
	Hostname string        // EHLO name; default os.Hostname
	Now      func() time.Time
}

var _ contact.Notifier = (*Sender)(nil)

// Notify implements contact.Notifier. A relay's 5xx answer is permanent:
// the message goes dead instead of being retried.
func (s *Sender) Notify(ctx context.Context, m *contact.Message) (err error) {
	defer contact.Wrap(&err, "smtp message %d", m.ID)
	render := s.Render
	if render == nil {
		render = contact.DecodeEmail
	}
	e, err := render(m)
	if err != nil {
		return contact.Permanent(err) // a payload that does not decode never will
	}
	from, err := mail.ParseAddress(header(s.From))
	if err != nil {
		return fmt.Errorf("bad --smtp-from %q: %w", s.From, err)
	}
	var to []string
	for _, t := range strings.Split(m.Target, ",") { // one address, or a list in messages from before issue 12
		if t = header(strings.TrimSpace(t)); t != "" {
			to = append(to, t)
		}
	}
	msg, err := s.Compose(from, to, m, e)
	if err != nil {
		return err
	}
	err = s.send(ctx, from.Address, to, msg)
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 && reply.Code < 600 {
		return contact.Permanent(err)
	}
	return err
}

// header makes s safe for a header line: CR and LF are what header injection
// needs, so they become spaces whatever the validation upstream let through.
func header(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// text encodes s, which may hold what a visitor typed, for an unstructured
// header such as Subject, so that a mail client shows exactly s (issue 23,
// property 4). mime's encoders leave printable ASCII as it is, and ASCII
// that looks like an RFC 2047 encoded word ("=?utf-8?q?...?=") would then
// be decoded by the reader's client, into a line break and a Bcc: line
// for instance. Such text is therefore always encoded.
func text(s string) string {
	s = header(s)
	if strings.Contains(s, "=?") {
		return bEncode(s)
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// address is a mailbox with a display name the visitor typed, encoded so
// the reader sees the literal name: net/mail quotes an ASCII name or
// encodes a non-ASCII one, but writes "=?utf-8?b?...?=" bare, as an atom a
// client decodes ("Eve <ceo@uio.no>").
func address(name, addr string) string {
	name, addr = header(name), header(addr)
	if strings.Contains(name, "=?") {
		return bEncode(name) + " " + (&mail.Address{Address: addr}).String()
	}
	return (&mail.Address{Name: name, Address: addr}).String()
}

// bEncode writes s as RFC 2047 B-encoded words, each within the 75
// characters §2 allows (45 bytes of text), split between characters.
func bEncode(s string) string {
	var words []string
	for len(s) > 0 {
		n := min(len(s), 45)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// Compose renders e as an RFC 5322 message to to.
func (s *Sender) Compose(from *mail.Address, to []string, m *contact.Message, e *contact.Email) ([]byte, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	id := m.InquiryID
	if id == "" {
		id = m.Purpose
	}
	headers := [][2]string{
		{"From", from.String()},
		{"To", strings.Join(to, ", ")},
	}
	if e.ReplyTo != "" {
		headers = append(headers, [2]string{"Reply-To", address(e.ReplyToName, e.ReplyTo)})
	}
	headers = append(headers, [][2]string{
		{"Subject", text(e.Subject)},
		{"Date", now().Format(time.RFC1123Z)},
		{"Message-ID", fmt.Sprintf("<%s.%d@%s>", header(id), m.ID, domain)},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
		{"Auto-Submitted", "auto-generated"},
	}...)
	if e.Lang != "" {
		headers = append(headers, [2]string{"Content-Language", header(e.Lang)})
	}
	var b bytes.Buffer
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], fold(h[0], h[1]))
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := io.WriteString(qp, e.Body); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// foldAt is the line length RFC 5322 asks for (§2.1.1: SHOULD 78, MUST 998).
const foldAt = 78

// fold breaks a header value into lines of at most foldAt characters where
// it has spaces (RFC 5322 §2.2.3): between the encoded words that mime and
// net/mail write, each at most 75 characters, and between plain words.
// Unfolding, which removes the CRLF, gives back the value, and the space
// between two encoded words is not part of the text (RFC 2047 §6.2), so a
// long CJK Subject or an emoji name keeps every line far below 998 bytes
// (issue 12, defect 3).
func fold(name, value string) string {
	var b strings.Builder
	line := len(name) + len(": ")
	for i, word := range strings.Split(value, " ") {
		if i > 0 {
			if line+1+len(word) > foldAt {
				b.WriteString("\r\n")
				line = 0
			}
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}

// send runs one SMTP transaction; any failure is returned for a retry.
func (s *Sender) send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	name := s.Hostname
	if name == "" {
		name, _ = os.Hostname()
	}
	if err := c.Hello(name); err != nil {
		return err
	}
	mode := s.TLS
	if mode == "" {
		mode = TLSRequired
	}
	offered, _ := c.Extension("STARTTLS")
	switch {
	case mode == TLSNone:
	case offered:
		if err := c.StartTLS(&tls.Config{ServerName: host, RootCAs: s.RootCAs}); err != nil {
			return fmt.Errorf("STARTTLS with %s: %w", s.Addr, err)
		}
	case mode == TLSRequired:
		// Retried like an outage: the fix is on the relay or in the flags,
		// and the mail must still go once it is made.
		return fmt.Errorf("relay %s offers no STARTTLS and --smtp-tls is %s: nothing sent (use --smtp-tls %s only for a relay on this machine)", s.Addr, TLSRequired, TLSNone)
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
