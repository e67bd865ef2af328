package contact

import (
	"context"
	"time"
)

// The store's small interfaces. Each caller takes the one it uses (the form
// handler a Saver, the link pages Ownership, the scheduler Timers and a
// ProgressReader, the dispatcher the Outbox, ...); only the wiring (cmd,
// endpoint, the preview) and the storage packages see the whole Store. The
// rules the stores apply (SaveRules, Lifecycle) are written once, in Go;
// the sqlite and postgres packages only store.

// Filter selects inquiries for export and reports.
type Filter struct {
	Since time.Time // zero means from the beginning
}

// Saver takes in new inquiries.
type Saver interface {
	// Save stores inq and msgs in one durable transaction, under SaveRules
	// (the duplicate window and the acknowledgement limits), and returns
	// the inquiry's id; created is false when a twin was found and nothing
	// stored. Only EINTERNAL errors.
	Save(ctx context.Context, inq *Inquiry, msgs []*Message) (id string, created bool, err error)
	// SetAckLimits sets the endpoint-wide acknowledgement cap Save
	// applies; call it before the first Save.
	SetAckLimits(l AckLimits)
}

// InquiryReader reads the inquiries matching a filter: the exports.
type InquiryReader interface {
	// Inquiries returns the inquiries matching f, oldest first.
	Inquiries(ctx context.Context, f Filter) ([]*Inquiry, error)
}

// ProgressReader reads where inquiries stand: the reports and the digest.
type ProgressReader interface {
	// Progress returns the inquiries matching f, in no particular order
	// (a report sorts what it lists), with only ID, CreatedAt, Topic, Spam
	// and Progress filled in: what a report needs, without the personal
	// fields.
	Progress(ctx context.Context, f Filter) ([]*Inquiry, error)
	// DeadMessages returns the messages given up on, oldest first.
	DeadMessages(ctx context.Context) ([]*Message, error)
}

// Retention deletes inquiries: by age (`portal contact purge`, ParseAge)
// and on request (erasure).
type Retention interface {
	// Purge deletes inquiries created before t, with their outbox rows,
	// acknowledgements and history, and returns how many inquiries it
	// deleted.
	Purge(ctx context.Context, before time.Time) (int, error)
	// DeleteEmail erases every inquiry from email (EmailKey: case and
	// surrounding space do not matter) with its outbox rows and history,
	// returning how many inquiries and unsent messages went.
	DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error)
}

// Prober proves the database can be written.
type Prober interface {
	// Health proves the database can be written (by writing to it) and
	// counts the outbox; any error means it cannot.
	Health(ctx context.Context) (Health, error)
}

// Store is every part of the contact endpoint's storage. Implementations:
// sqlite, postgres.
type Store interface {
	Saver
	InquiryReader
	ProgressReader
	Ownership
	Retention
	Timers
	Outbox
	Keys
	MissStore
	Prober
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

// Ownership records who answers an inquiry: what the claim and answered
// links use. Each change is atomic and goes into the inquiry's history;
// the returned inquiry is the state after it (or the state that refused
// it), with History filled in. Lifecycle implements it for every store.
type Ownership interface {
	// Inquiry returns one inquiry with its Recipients and History;
	// ENOTFOUND if there is none (never stored, purged or erased).
	Inquiry(ctx context.Context, id string) (*Inquiry, error)
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

// Timers are the lifecycle's clocks (the follow-up timers), kept in the
// database so they survive restarts and fire once across instances.
type Timers interface {
	// FireDue marks up to n inquiries whose timer (TimerRules) is due at
	// now as fired, and stores the messages compose returns for each and a
	// history event, all in one transaction: each timer fires once,
	// whichever instance asks. compose must not use the store. It returns
	// how many fired; EINVALID for an unknown timer.
	FireDue(ctx context.Context, timer string, now time.Time, n int, compose func(*Inquiry) []*Message) (int, error)
	// LastRun returns the latest period recorded for a periodic job such as
	// the digest, "" if none.
	LastRun(ctx context.Context, job string) (string, error)
	// RecordRun records period for job and stores msgs in the same
	// transaction, unless the period was recorded already; it reports
	// whether this call recorded it, so exactly one instance sends.
	RecordRun(ctx context.Context, job, period string, msgs []*Message) (bool, error)
}

// Keys keeps the link-signing keys (the secrets) in the database, for sites
// that give none (PORTAL_SECRET, --secret-file): restarts then keep links
// valid, and instances on one database agree.
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
	// Sent records that owner delivered message id and queues then, the
	// messages that follow it, in the same transaction, so they are
	// queued once; nothing if the message is no longer owner's (its lease
	// ran out and another sender has it).
	Sent(ctx context.Context, owner string, id int64, then []*Message) error
	// Retry records a failed attempt by owner and when to try again.
	Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) error
	// Dead records that owner gave message id up for reason, and stores
	// notices about it in the same transaction, so they go once. A dead
	// message is kept, and never claimed again.
	Dead(ctx context.Context, owner string, id int64, reason string, notices []*Message) error
	// DeadMessages returns the dead messages, oldest first.
	DeadMessages(ctx context.Context) ([]*Message, error)
}
