package contact

import (
	"context"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/config"
)

// The rules a store applies when it saves an inquiry, written once: the
// sqlite and postgres packages run SaveRules.Save inside their own
// transaction, giving it the storage steps it is made of (SaveTx).

// DedupWindow is how long an identical submission (same content hash) is
// answered with the first one's id instead of being stored again: people
// double-click, and browsers resubmit on reload.
const DedupWindow = 10 * time.Minute

// Acknowledgement limits: at most AckPerAddress acknowledgements go to one
// mailbox (Mailbox: VICTIM@, victim+1@ and victim@ are one) in
// AckAddressWindow, and AckPerClient to one client (Inquiry.Client) in
// AckClientWindow, so the form cannot be used to flood someone else's
// mailbox; AckLimits.PerHour caps them for the whole endpoint, so many
// clients (an IPv6 /48 has 65,536 /64s) cannot either. SaveRules applies
// them.
const (
	AckPerAddress    = 3
	AckAddressWindow = 24 * time.Hour
	AckPerClient     = 3
	AckClientWindow  = time.Hour
	// AckAllWindow is the window of AckLimits.PerHour.
	AckAllWindow = time.Hour
)

// AckLimits are the caps Saver.SetAckLimits gives SaveRules.
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

// EmailKey is the form of an address that erasure (Retention.DeleteEmail)
// and the content hash compare: case and surrounding space do not matter.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// AckScope is what an acknowledgement limit counts by.
type AckScope int

// The scopes of the acknowledgement limits.
const (
	AckByMailbox AckScope = iota // Ack.Mailbox
	AckByClient                  // Ack.Client
	AckByAll                     // every acknowledgement
)

// Ack is one acknowledgement sent: to which mailbox (Mailbox), for which
// client (Inquiry.Client), when. Stores keep them to count the limits.
type Ack struct {
	Mailbox, Client string
	At              time.Time
}

// SaveTx is a store's transaction that saves inquiries, seen as the storage
// steps SaveRules.Save is made of. None of them decides anything.
type SaveTx interface {
	// FindKey returns the id of the inquiry stored with idempotency key
	// key and content hash hash, "" if there is none.
	FindKey(ctx context.Context, key, hash string) (string, error)
	// FindHash returns the id of the oldest inquiry with content hash
	// hash created at or after since, "" if there is none.
	FindHash(ctx context.Context, hash string, since time.Time) (string, error)
	// Serialise makes other transactions that serialise on key wait until
	// this one ends, even on other instances. It reports whether it took a
	// lock: false where the store's transactions run one at a time anyway
	// (SQLite's one writer), so that what the transaction read before
	// still holds.
	Serialise(ctx context.Context, key string) (bool, error)
	// CountAcks counts the acknowledgements in scope to value (ignored for
	// AckByAll) at or after since.
	CountAcks(ctx context.Context, scope AckScope, value string, since time.Time) (int, error)
	// NthAck returns the time of the acknowledgement that comes n places
	// after the oldest of those CountAcks counts (n = 0: the oldest).
	NthAck(ctx context.Context, scope AckScope, value string, since time.Time, n int) (time.Time, error)
	// Insert stores inq as a new inquiry with status StatusNew, msgs in its
	// outbox (queued at inq.CreatedAt) and acks, in the transaction.
	Insert(ctx context.Context, inq *Inquiry, msgs []*Message, acks []Ack) error
}

// SaveRules decide what saving an inquiry stores: nothing when it has a
// twin (the same idempotency key and content, or the same content within
// DedupWindow), else the inquiry, its messages, and its acknowledgement
// only within the limits. A store keeps one and runs Save in its
// transaction. SetAckLimits is called before the first save, the other
// methods from any goroutine.
type SaveRules struct {
	limits AckLimits
	// memo spares a store the counts (queries, and on PostgreSQL a lock)
	// for a mailbox or client known to be at its limit: a flood naming one
	// victim.
	memo LimitMemo
}

// SetAckLimits sets the endpoint-wide cap (Saver.SetAckLimits).
func (r *SaveRules) SetAckLimits(l AckLimits) { r.limits = l }

// Forget is called by a store after it deleted acknowledgements (purge,
// erasure): a limit remembered may no longer be reached.
func (r *SaveRules) Forget() { r.memo.Forget() }

// Save applies the rules to inq in tx and returns the id to answer with
// and whether inq was stored. mailbox is Mailbox(inq.Email), given so that
// a store with one writer can compute it beforehand, on the caller's
// goroutine. The twin's locks come first, key before content, then each
// limit's in a fixed order (mailbox, client, all), so two saves never wait
// for each other the other way round.
func (r *SaveRules) Save(ctx context.Context, tx SaveTx, inq *Inquiry, msgs []*Message, mailbox string) (id string, created bool, err error) {
	// Twins posted to two instances at once must not both be stored.
	for _, k := range []string{inq.Key, inq.Hash} {
		if k == "" {
			continue
		}
		if _, err := tx.Serialise(ctx, k); err != nil {
			return "", false, err
		}
	}
	if inq.Key != "" {
		if id, err = tx.FindKey(ctx, inq.Key, inq.Hash); err != nil || id != "" {
			return id, false, err
		}
	}
	if id, err = tx.FindHash(ctx, inq.Hash, inq.CreatedAt.Add(-DedupWindow)); err != nil || id != "" {
		return id, false, err
	}
	var acks []Ack
	if hasAck(msgs) {
		ok, err := r.acknowledge(ctx, tx, inq, mailbox)
		if err != nil {
			return "", false, err
		}
		if ok {
			acks = []Ack{{Mailbox: mailbox, Client: inq.Client, At: inq.CreatedAt}}
		} else {
			msgs = withoutAcks(msgs)
		}
	}
	if err := tx.Insert(ctx, inq, msgs, acks); err != nil {
		return "", false, err
	}
	return inq.ID, true, nil
}

// ackLimit is one acknowledgement limit as it applies to an inquiry.
type ackLimit struct {
	key    string // for Serialise and the memo
	scope  AckScope
	value  string
	window time.Duration
	max    int
}

// acknowledge reports whether inq is within every acknowledgement limit.
// A limit is counted, and only while it is under its maximum serialised
// and counted again: a flood naming one address locks for its first few
// posts, and then the limit, remembered, costs nothing.
func (r *SaveRules) acknowledge(ctx context.Context, tx SaveTx, inq *Inquiry, mailbox string) (bool, error) {
	limits := []ackLimit{{"ack-address:" + mailbox, AckByMailbox, mailbox, AckAddressWindow, AckPerAddress}}
	if inq.Client != "" {
		limits = append(limits, ackLimit{"ack-client:" + inq.Client, AckByClient, inq.Client, AckClientWindow, AckPerClient})
	}
	if r.limits.PerHour > 0 {
		limits = append(limits, ackLimit{"ack-all", AckByAll, "", AckAllWindow, r.limits.PerHour})
	}
	for _, l := range limits {
		if r.memo.Limited(l.key, inq.CreatedAt) {
			return false, nil
		}
		if ok, err := r.under(ctx, tx, l, inq.CreatedAt); err != nil || !ok {
			return false, err
		}
		locked, err := tx.Serialise(ctx, l.key)
		if err != nil {
			return false, err
		}
		if !locked {
			continue
		}
		if ok, err := r.under(ctx, tx, l, inq.CreatedAt); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// under reports whether l is under its maximum at t. At the maximum, it
// remembers the limit until the acknowledgement that reached it leaves the
// window.
func (r *SaveRules) under(ctx context.Context, tx SaveTx, l ackLimit, t time.Time) (bool, error) {
	since := t.Add(-l.window)
	n, err := tx.CountAcks(ctx, l.scope, l.value, since)
	if err != nil || n < l.max {
		return err == nil, err
	}
	at, err := tx.NthAck(ctx, l.scope, l.value, since, n-l.max)
	if err != nil {
		return false, err
	}
	r.memo.Remember(l.key, at.Add(l.window))
	return false, nil
}

func hasAck(msgs []*Message) bool {
	for _, m := range msgs {
		if m.Purpose == PurposeAck {
			return true
		}
	}
	return false
}

// withoutAcks returns msgs without the acknowledgements, in a new slice:
// msgs is the caller's.
func withoutAcks(msgs []*Message) []*Message {
	out := make([]*Message, 0, len(msgs))
	for _, m := range msgs {
		if m.Purpose != PurposeAck {
			out = append(out, m)
		}
	}
	return out
}
