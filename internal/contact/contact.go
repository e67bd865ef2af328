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
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

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
	// Extra holds the declared fields beyond the core ones (site.yaml
	// contact.fields), by name; only those the visitor filled in. The
	// stores keep it as JSON, so a new field needs no migration.
	Extra map[string]string `json:"extra,omitempty"`
	// Key is the client's idempotency key, if it sent one.
	Key string `json:"-"`
	// Hash identifies the content, for deduplication within DedupWindow.
	Hash string `json:"-"`
	// SpamScore is 0..100; Spam is set at SpamThreshold and stops notification.
	SpamScore int  `json:"spam_score"`
	Spam      bool `json:"spam"`
	// Client identifies the sender's network for the acknowledgement limit:
	// an HMAC of its address or IPv6 /64 under a key that lives only in the
	// endpoint's memory and changes every day (ClientHasher), so what is
	// stored cannot be turned back into the address.
	Client string `json:"-"`
	Progress

	// Recipients are the addresses the inquiry's links were mailed to, and
	// History its changes, oldest first; filled in by Store.Inquiry only.
	Recipients []string `json:"-"`
	History    []Event  `json:"-"`
}

// Statuses of an inquiry on its way to an answer.
const (
	StatusNew      = "new"      // received; nobody has claimed it
	StatusClaimed  = "claimed"  // someone said "I'll take it"
	StatusAnswered = "answered" // marked answered
)

// Progress is where an inquiry stands: who owns it, since when, whether it
// was answered, and when its reply promise runs out.
type Progress struct {
	Status string `json:"status"`
	// DueAt is when the promise made to the visitor runs out (zero for
	// inquiries stored before promises were made).
	DueAt time.Time `json:"due_at,omitzero"`
	// ClaimedBy is the address the claim link was mailed to, ClaimerName
	// what the person typed on the claim page (may be empty).
	ClaimedBy   string    `json:"claimed_by,omitempty"`
	ClaimerName string    `json:"claimer_name,omitempty"`
	ClaimedAt   time.Time `json:"claimed_at,omitzero"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	AnsweredBy  string    `json:"answered_by,omitempty"`
}

// Claimer is who has the inquiry, as "Name <address>" or the address alone.
func (p *Progress) Claimer() string {
	if p.ClaimerName == "" {
		return p.ClaimedBy
	}
	return p.ClaimerName + " <" + p.ClaimedBy + ">"
}

// Event is one change in an inquiry's history: who did what, when.
type Event struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"` // an address, or ActorPortal
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
}

// History actions, and the actor of what the portal does by itself.
const (
	ActionClaimed   = "claimed"
	ActionAnswered  = "answered"
	ActionEscalated = "escalated"
	ActionReminded  = "reminded"
	ActorPortal     = "portal"
)

// Reference is the short, readable form of the inquiry's id that the
// visitor is shown and mailed, such as "K7M4-Q2XD": eight characters of the
// id's random part, in capitals, without I, L, O and U. It is for people to
// quote; the id stays the key.
func (inq *Inquiry) Reference() string { return Reference(inq.ID) }

// Reference is Inquiry.Reference for an id.
func Reference(id string) string {
	r := strings.ToUpper(id)
	if len(r) >= 18 {
		r = r[10:18] // NewID: characters 10.. are random, before them the time
	}
	if len(r) == 8 {
		r = r[:4] + "-" + r[4:]
	}
	return r
}

// ContentHash returns the hash of what makes two submissions the same
// inquiry; case and surrounding space of the email do not matter.
func (inq *Inquiry) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{EmailKey(inq.Email), inq.Topic, inq.Name, inq.Organisation, inq.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // separator, so ("ab","c") and ("a","bc") differ
	}
	// Extra fields after the core ones, in name order, so an inquiry
	// without them hashes as before they existed.
	for _, k := range slices.Sorted(maps.Keys(inq.Extra)) {
		h.Write([]byte(k + "\x00" + inq.Extra[k] + "\x00"))
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

// Message kinds in the outbox: how a message is delivered.
const (
	KindEmail   = "email"
	KindWebhook = "webhook"
)

// Message purposes: what a message is for. SaveRules applies the
// acknowledgement limits to PurposeAck; tokens are checked against the
// addresses of RecipientPurposes mail.
const (
	PurposeUnit       = "unit"        // the topic's unit: the inquiry, replies going to the visitor
	PurposeActions    = "actions"     // the claim and answered links, in a mail of their own (issue 23)
	PurposeAck        = "ack"         // the visitor's acknowledgement
	PurposeEscalation = "escalation"  // nobody claimed it in time
	PurposeReminder   = "reminder"    // claimed, not marked answered in time
	PurposeDigest     = "digest"      // the weekly figures for the coordinators
	PurposeDeadNotice = "dead_notice" // a message could not be delivered
)

// Message is one outbox row: a notification to send. Those about a new
// inquiry are written in the same transaction as the inquiry, so no stored
// inquiry lacks its notifications and a mail outage only delays them.
type Message struct {
	ID        int64
	InquiryID string // empty for the digest
	Kind      string // KindEmail or KindWebhook
	Purpose   string
	// Target is the one recipient of an email, or a webhook URL; it comes
	// from site.yaml (or the visitor's address, for the acknowledgement),
	// never from anything else in the request.
	Target   string
	Payload  []byte // JSON: an Email, or the webhook's Notification
	Attempts int
	// LastError and DeadAt are set by Store.DeadMessages only.
	LastError string
	DeadAt    time.Time
}

// Email is what an email message says, composed when it was queued; the
// smtp package adds only the envelope and the headers.
type Email struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// ReplyTo, if set, is where replies go: the visitor, in the unit's mail
	// and the escalation, which therefore never carry links.
	ReplyTo     string `json:"reply_to,omitempty"`
	ReplyToName string `json:"reply_to_name,omitempty"`
	Lang        string `json:"lang,omitempty"`
}

// Notification is the webhook's JSON body: the inquiry as the unit's CRM
// receives it.
type Notification struct {
	InquiryID    string    `json:"id"`
	Reference    string    `json:"reference"`
	CreatedAt    time.Time `json:"created_at"`
	DueAt        time.Time `json:"due_at,omitzero"`
	Lang         string    `json:"lang"`
	Topic        string    `json:"topic"`
	TopicLabel   string    `json:"topic_label"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation"`
	Message      string    `json:"message"`
	// Extra are the declared fields beyond the core ones, by name.
	Extra map[string]string `json:"extra,omitempty"`
}

// Notifier delivers one message. Implementations: smtp.Sender, contacthttp.Webhook.
// An error that retrying cannot fix is wrapped with Permanent.
type Notifier interface {
	Notify(ctx context.Context, m *Message) error
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
