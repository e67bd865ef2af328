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

	"github.com/uio-partner/portal/internal/config"
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
	for _, s := range []string{strings.ToLower(strings.TrimSpace(inq.Email)), inq.Topic, inq.Name, inq.Organisation, inq.Message} {
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

// Message purposes: what a message is for. The store applies the
// acknowledgement limits to PurposeAck; tokens are checked against the
// addresses of PurposeUnit and PurposeEscalation mail.
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

// Filter selects inquiries for export and reports.
type Filter struct {
	Since time.Time // zero means from the beginning
}

// Acknowledgement limits: at most AckPerAddress acknowledgements go to one
// mailbox (Mailbox: VICTIM@, victim+1@ and victim@ are one) in
// AckAddressWindow, and AckPerClient to one client (Inquiry.Client) in
// AckClientWindow, so the form cannot be used to flood someone else's
// mailbox; AckLimits.PerHour caps them for the whole endpoint, so many
// clients (an IPv6 /48 has 65,536 /64s) cannot either. Store.Save applies
// them.
const (
	AckPerAddress    = 3
	AckAddressWindow = 24 * time.Hour
	AckPerClient     = 3
	AckClientWindow  = time.Hour
)

// AckLimits are the caps Store.Save applies to acknowledgements.
type AckLimits struct {
	// PerHour caps acknowledgements in any hour for the whole endpoint
	// (site.yaml contact.ack_per_hour); 0 means no cap.
	PerHour int
}

// AckLimitsFor returns the caps site.yaml sets.
func AckLimitsFor(cfg *config.Config) AckLimits {
	if cfg.Contact.AckPerHour == nil {
		return AckLimits{PerHour: config.DefaultAckPerHour}
	}
	return AckLimits{PerHour: *cfg.Contact.AckPerHour}
}

// Store keeps inquiries, their progress and history, and the outbox.
// Implementations: sqlite, postgres.
type Store interface {
	// Save stores inq and msgs in one durable transaction and returns the
	// inquiry's id. If an inquiry with the same Key and Hash, or the same
	// Hash created within DedupWindow, exists, nothing is stored and its id
	// is returned with created=false; the same Key with another Hash is a
	// new inquiry. A PurposeAck message is stored only within the
	// acknowledgement limits (AckPerAddress per Mailbox, AckPerClient, and
	// the AckLimits given to SetAckLimits), counted in the same
	// transaction. Only EINTERNAL errors.
	Save(ctx context.Context, inq *Inquiry, msgs []*Message) (id string, created bool, err error)
	// SetAckLimits sets the endpoint-wide acknowledgement cap Save
	// applies; call it before the first Save.
	SetAckLimits(l AckLimits)
	// Inquiries returns the inquiries matching f, oldest first.
	Inquiries(ctx context.Context, f Filter) ([]*Inquiry, error)
	// Inquiry returns one inquiry with its Recipients and History;
	// ENOTFOUND if there is none (never stored, purged or erased).
	Inquiry(ctx context.Context, id string) (*Inquiry, error)
	// Progress returns the inquiries matching f, in no particular order
	// (a report sorts what it lists), with only ID, CreatedAt, Topic, Spam
	// and Progress filled in: what a report needs, without the personal
	// fields.
	Progress(ctx context.Context, f Filter) ([]*Inquiry, error)
	// Purge deletes inquiries created before t, with their outbox rows and
	// history, and returns how many inquiries it deleted.
	Purge(ctx context.Context, before time.Time) (int, error)
	// DeleteEmail erases every inquiry from email (case-insensitive) with its
	// outbox rows and history, returning how many inquiries and unsent
	// messages went.
	DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error)
	Ownership
	Timers
	Outbox
	Keys
	MissStore
	// Health proves the database can be written (by writing to it) and
	// counts the outbox; any error means it cannot.
	Health(ctx context.Context) (Health, error)
	// Close waits for pending saves and releases the database.
	Close() error
}

// Claim is a claim on an inquiry: who takes it, when, and when to remind
// them if they have not marked it answered by then.
type Claim struct {
	By       string // the address the claim link was mailed to
	Name     string // what they typed, may be empty
	At       time.Time
	RemindAt time.Time
}

// Ownership records who answers an inquiry. Each change is atomic and goes
// into the inquiry's history; the returned inquiry is the state after it
// (or the state that refused it), with History filled in.
type Ownership interface {
	// Take gives the inquiry to c.By if nobody has it; the first claim wins,
	// even between instances. Taking an inquiry one already has changes
	// nothing. ECONFLICT if someone else has it, EGONE if it was answered,
	// ENOTFOUND if there is no such inquiry.
	Take(ctx context.Context, id string, c Claim) (*Inquiry, error)
	// MarkAnswered records that by answered it at at (and claimed it then,
	// if nobody had). EGONE if it was answered already, ENOTFOUND if there
	// is no such inquiry.
	MarkAnswered(ctx context.Context, id, by string, at time.Time) (*Inquiry, error)
}

// Timer names for Timers.FireDue.
const (
	// TimerEscalation fires for a non-spam inquiry still unclaimed when its
	// promise runs out (DueAt).
	TimerEscalation = "escalation"
	// TimerReminder fires for a claimed inquiry not marked answered by the
	// claim's RemindAt.
	TimerReminder = "reminder"
)

// Timers are the lifecycle's clocks, kept in the database so they survive
// restarts and fire once across instances.
type Timers interface {
	// FireDue marks up to n inquiries whose timer is due at now as fired,
	// and stores the messages compose returns for each and a history event,
	// all in one transaction: each timer fires once, whichever instance
	// asks. compose must not use the store. It returns how many fired.
	FireDue(ctx context.Context, timer string, now time.Time, n int, compose func(*Inquiry) []*Message) (int, error)
	// LastRun returns the latest period recorded for a periodic job such as
	// the digest, "" if none.
	LastRun(ctx context.Context, job string) (string, error)
	// RecordRun records period for job and stores msgs in the same
	// transaction, unless the period was recorded already; it reports
	// whether this call recorded it, so exactly one instance sends.
	RecordRun(ctx context.Context, job, period string, msgs []*Message) (bool, error)
}

// Keys keeps the link-signing keys in the database, for sites that give none
// (PORTAL_SECRET, --secret-file): restarts then keep links valid, and
// instances on one database agree.
type Keys interface {
	// Secrets returns the current and previous keys, first storing fresh as
	// the current one if there is none yet (the first instance wins).
	Secrets(ctx context.Context, fresh []byte) (current, previous []byte, err error)
	// RotateSecret makes key current and the current key previous.
	RotateSecret(ctx context.Context, key []byte) error
}

// Health is the state of the database and the outbox.
type Health struct {
	Pending       int       // messages not sent yet and not dead
	OldestPending time.Time // when the oldest of them was queued; zero if none
	Dead          int       // messages given up on
	// DeadAcks are the acknowledgements among Dead: a relay refused the
	// visitor's address. They are counted, never mailed about one by one.
	DeadAcks int
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
	// Dead records that owner gave message id up for reason, and stores
	// notices about it in the same transaction, so they go once. A dead
	// message is kept, and never claimed again.
	Dead(ctx context.Context, owner string, id int64, reason string, notices []*Message) error
	// DeadMessages returns the dead messages, oldest first.
	DeadMessages(ctx context.Context) ([]*Message, error)
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
