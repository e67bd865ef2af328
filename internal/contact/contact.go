// Package contact is the domain of the partner portal's contact endpoint:
// inquiries, how a topic routes them, validation and spam scoring, the one
// error type, and the Store and Notifier interfaces that the sqlite,
// postgres, smtp and http packages implement or use (benbjohnson/wtf layout).
package contact

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// DedupWindow is how long an identical submission (same content hash) is
// answered with the first one's id instead of being stored again: people
// double-click, and browsers resubmit on reload.
const DedupWindow = 10 * time.Minute

// Inquiry is one stored contact-form submission.
type Inquiry struct {
	ID           string    `json:"id"`
	CreatedAt    time.Time `json:"created_at"`
	Lang         string    `json:"lang"`
	Topic        string    `json:"topic"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation"`
	Message      string    `json:"message"`
	// Key is the client's idempotency key, if it sent one.
	Key string `json:"-"`
	// Hash identifies the content, for deduplication within DedupWindow.
	Hash string `json:"-"`
	// SpamScore is 0..100; Spam is set at SpamThreshold and stops notification.
	SpamScore int  `json:"spam_score"`
	Spam      bool `json:"spam"`
}

// ContentHash returns the hash of what makes two submissions the same
// inquiry; case and surrounding space of the email do not matter.
func (inq *Inquiry) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{strings.ToLower(strings.TrimSpace(inq.Email)), inq.Topic, inq.Name, inq.Organisation, inq.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // separator, so ("ab","c") and ("a","bc") differ
	}
	return hex.EncodeToString(h.Sum(nil))
}

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a random, URL-safe inquiry id whose first characters sort by
// time, so ids listed in order are roughly chronological.
func NewID(now time.Time) string {
	var b [15]byte
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails (Go 1.24+)
	return idEncoding.EncodeToString(b[:])
}

// Message kinds in the outbox.
const (
	KindEmail   = "email"
	KindWebhook = "webhook"
)

// Message is one outbox row: a notification to send about an inquiry. It is
// written in the same transaction as the inquiry, so no stored inquiry lacks
// its notifications and a mail outage only delays them.
type Message struct {
	ID        int64
	InquiryID string
	Kind      string // KindEmail or KindWebhook
	// Target is the comma-separated recipients of an email, or a webhook URL;
	// it comes from site.yaml, never from the request.
	Target   string
	Payload  []byte // JSON-encoded Notification
	Attempts int
}

// Notification is what a message says; it is the webhook's JSON body and
// what the email is rendered from.
type Notification struct {
	InquiryID    string    `json:"id"`
	CreatedAt    time.Time `json:"created_at"`
	Lang         string    `json:"lang"`
	Topic        string    `json:"topic"`
	TopicLabel   string    `json:"topic_label"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation"`
	Message      string    `json:"message"`
}

// Filter selects inquiries for export.
type Filter struct {
	Since time.Time // zero means from the beginning
}

// Store keeps inquiries and their outbox. Implementations: sqlite, postgres.
type Store interface {
	// Save stores inq and msgs in one durable transaction and returns the
	// inquiry's id. If an inquiry with the same Key and Hash, or the same
	// Hash created within DedupWindow, exists, nothing is stored and its id
	// is returned with created=false; the same Key with another Hash is a
	// new inquiry. Only EINTERNAL errors.
	Save(ctx context.Context, inq *Inquiry, msgs []*Message) (id string, created bool, err error)
	// Inquiries returns the inquiries matching f, oldest first.
	Inquiries(ctx context.Context, f Filter) ([]*Inquiry, error)
	// Purge deletes inquiries created before t, with their outbox rows, and
	// returns how many inquiries it deleted.
	Purge(ctx context.Context, before time.Time) (int, error)
	// DeleteEmail erases every inquiry from email (case-insensitive) with its
	// outbox rows, returning how many inquiries and unsent messages went.
	DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error)
	Outbox
	// Close waits for pending saves and releases the database.
	Close() error
}

// Outbox hands out notifications to senders. Several processes may share one
// outbox (PostgreSQL): a claim is a lease, so a crashed sender's messages are
// retried once its lease runs out, and nobody else sends them meanwhile.
type Outbox interface {
	// Claim leases up to n due messages of the given kinds (nil: every
	// kind) to owner until now+lease. A sender claims only the kinds it can
	// deliver, so mail waits untouched while no SMTP relay is configured.
	Claim(ctx context.Context, owner string, kinds []string, n int, lease time.Duration) ([]*Message, error)
	// Sent records that owner delivered message id.
	Sent(ctx context.Context, owner string, id int64) error
	// Retry records a failed attempt by owner and when to try again.
	Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) error
}

// Notifier delivers one message. Implementations: smtp.Sender, contacthttp.Webhook.
type Notifier interface {
	Notify(ctx context.Context, m *Message) error
}

// Notifications builds the outbox messages for inq from its topic's routing
// in site.yaml. Spam-flagged inquiries get none: they are kept for export but
// nobody is disturbed by them.
func Notifications(inq *Inquiry, label string, to []string, webhook string) []*Message {
	if inq.Spam {
		return nil
	}
	payload, _ := json.Marshal(Notification{
		InquiryID: inq.ID, CreatedAt: inq.CreatedAt.UTC(), Lang: inq.Lang, Topic: inq.Topic, TopicLabel: label,
		Name: inq.Name, Email: inq.Email, Organisation: inq.Organisation, Message: inq.Message,
	})
	var msgs []*Message
	if len(to) > 0 {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindEmail, Target: strings.Join(to, ","), Payload: payload})
	}
	if webhook != "" {
		msgs = append(msgs, &Message{InquiryID: inq.ID, Kind: KindWebhook, Target: webhook, Payload: payload})
	}
	return msgs
}

// Truncate cuts s to at most n bytes on a rune boundary, for error texts
// kept in the database.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
