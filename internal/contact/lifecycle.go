package contact

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The lifecycle's rules, written once: who may claim an inquiry, what
// marking it answered does, when its follow-up timers fire and what firing
// records, that a periodic job runs once per period, and that a message
// given up on is noticed once. Lifecycle applies them for every store, on
// the store's transactions (LifecycleTx).

// Timer names for Timers.FireDue.
const (
	// TimerEscalation fires for a non-spam inquiry still unclaimed when its
	// promise runs out (DueAt).
	TimerEscalation = "escalation"
	// TimerReminder fires for a claimed inquiry not marked answered by the
	// claim's RemindAt.
	TimerReminder = "reminder"
)

// Clock names a time of an inquiry that a timer waits for.
type Clock string

// The clocks.
const (
	ClockDue    Clock = "due"    // Progress.DueAt: the promise made to the visitor
	ClockRemind Clock = "remind" // Claim.RemindAt: when to remind the claimer
)

// TimerRule is when a timer fires: for an inquiry that still has Status
// (and is not spam, unless Spam), once its Clock has come; once only.
type TimerRule struct {
	Status string
	Clock  Clock
	Spam   bool   // spam inquiries fire too
	Action string // the history action firing records
}

// TimerRules are the timers by name. Stores turn each into a query once
// (the partial indexes of their migrations match these conditions).
var TimerRules = map[string]TimerRule{
	TimerEscalation: {Status: StatusNew, Clock: ClockDue, Action: ActionEscalated},
	TimerReminder:   {Status: StatusClaimed, Clock: ClockRemind, Spam: true, Action: ActionReminded},
}

// LifecycleTx is one transaction of a store, seen as the storage steps
// Lifecycle's rules are made of. None of them decides anything.
type LifecycleTx interface {
	// Inquiry returns the inquiry with its Recipients and History, and
	// keeps other transactions from changing it until this one ends;
	// ENOTFOUND if there is none.
	Inquiry(ctx context.Context, id string) (*Inquiry, error)
	// SetProgress stores p as the inquiry's progress (its DueAt is left as
	// it is), and remindAt as when its reminder is due unless remindAt is
	// zero.
	SetProgress(ctx context.Context, id string, p Progress, remindAt time.Time) error
	// AddEvent appends e to the inquiry's history.
	AddEvent(ctx context.Context, id string, e Event) error
	// FireTimer marks up to n inquiries that t finds due at now as fired
	// for t, earliest due first, and returns them. Inquiries another
	// transaction is firing are left out.
	FireTimer(ctx context.Context, t TimerRule, now time.Time, n int) ([]*Inquiry, error)
	// RecordPeriod records period for job at now; false if it was
	// recorded already (by this or another instance).
	RecordPeriod(ctx context.Context, job, period string, now time.Time) (bool, error)
	// MarkDead records that owner gave message id up at now for reason;
	// false if it is no longer owner's to give up (sent, dead, or claimed
	// by another since).
	MarkDead(ctx context.Context, owner string, id int64, reason string, now time.Time) (bool, error)
	// MarkSent records that owner delivered message id at now; false if
	// it is no longer owner's (sent, dead, or claimed by another since).
	MarkSent(ctx context.Context, owner string, id int64, now time.Time) (bool, error)
	// Queue stores msgs in the outbox, queued at now.
	Queue(ctx context.Context, msgs []*Message, now time.Time) error
}

// Lifecycle implements Take, MarkAnswered, FireDue, RecordRun, Sent and Dead for
// a store: its DB embeds one.
type Lifecycle struct {
	// Name prefixes errors ("sqlite", "postgres").
	Name string
	// InTx runs fn in one transaction, committed when fn returns nil.
	InTx func(ctx context.Context, fn func(LifecycleTx) error) error
	// Now is the store's clock, for what it records itself.
	Now func() time.Time
}

// Take implements Ownership.
func (l *Lifecycle) Take(ctx context.Context, id string, c Claim) (q *Inquiry, err error) {
	defer Wrap(&err, "%s take %s", l.Name, id)
	err = l.InTx(ctx, func(tx LifecycleTx) error {
		if q, err = tx.Inquiry(ctx, id); err != nil || q.Status != StatusNew {
			return err
		}
		p := Progress{Status: StatusClaimed, ClaimedBy: c.By, ClaimerName: c.Name, ClaimedAt: c.At}
		q, err = record(ctx, tx, id, p, c.RemindAt, Event{At: c.At, Actor: c.By, Action: ActionClaimed, Detail: c.Name})
		return err
	})
	if err != nil {
		return nil, err
	}
	return q, TakeRefusal(q, c.By)
}

// MarkAnswered implements Ownership.
func (l *Lifecycle) MarkAnswered(ctx context.Context, id, by string, at time.Time) (q *Inquiry, err error) {
	defer Wrap(&err, "%s answered %s", l.Name, id)
	changed := false
	err = l.InTx(ctx, func(tx LifecycleTx) error {
		if q, err = tx.Inquiry(ctx, id); err != nil || q.Status == StatusAnswered {
			return err
		}
		p := q.Progress
		p.Status, p.AnsweredAt, p.AnsweredBy = StatusAnswered, at, by
		if p.ClaimedBy == "" { // answered without a claim: whoever answered had it
			p.ClaimedBy = by
		}
		if p.ClaimedAt.IsZero() {
			p.ClaimedAt = at
		}
		q, err = record(ctx, tx, id, p, time.Time{}, Event{At: at, Actor: by, Action: ActionAnswered})
		changed = err == nil
		return err
	})
	if err != nil {
		return nil, err
	}
	if !changed {
		return q, AnsweredRefusal(q)
	}
	return q, nil
}

// record stores p and e for inquiry id and returns the inquiry as it is now.
func record(ctx context.Context, tx LifecycleTx, id string, p Progress, remindAt time.Time, e Event) (*Inquiry, error) {
	if err := tx.SetProgress(ctx, id, p, remindAt); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, id, e); err != nil {
		return nil, err
	}
	return tx.Inquiry(ctx, id)
}

// FireDue implements Timers.
func (l *Lifecycle) FireDue(ctx context.Context, timer string, now time.Time, n int, compose func(*Inquiry) []*Message) (fired int, err error) {
	defer Wrap(&err, "%s fire %s", l.Name, timer)
	t, ok := TimerRules[timer]
	if !ok {
		return 0, Errorf(EINVALID, "unknown timer %q", timer)
	}
	err = l.InTx(ctx, func(tx LifecycleTx) error {
		due, err := tx.FireTimer(ctx, t, now, n)
		if err != nil {
			return err
		}
		for _, q := range due {
			msgs := compose(q)
			if err := tx.Queue(ctx, msgs, now); err != nil {
				return err
			}
			if err := tx.AddEvent(ctx, q.ID, Event{At: now, Actor: ActorPortal, Action: t.Action, Detail: SentTo(msgs)}); err != nil {
				return err
			}
		}
		fired = len(due)
		return nil
	})
	return fired, err
}

// RecordRun implements Timers.
func (l *Lifecycle) RecordRun(ctx context.Context, job, period string, msgs []*Message) (recorded bool, err error) {
	defer Wrap(&err, "%s record run %s %s", l.Name, job, period)
	err = l.InTx(ctx, func(tx LifecycleTx) error {
		now := l.Now()
		if recorded, err = tx.RecordPeriod(ctx, job, period, now); err != nil || !recorded {
			return err
		}
		return tx.Queue(ctx, msgs, now)
	})
	return recorded, err
}

// Dead implements Outbox.
func (l *Lifecycle) Dead(ctx context.Context, owner string, id int64, reason string, notices []*Message) (err error) {
	defer Wrap(&err, "%s dead %d", l.Name, id)
	return l.InTx(ctx, func(tx LifecycleTx) error {
		now := l.Now()
		if ok, err := tx.MarkDead(ctx, owner, id, Truncate(reason, MaxErrorLen), now); err != nil || !ok {
			return err // someone else's claim by now: they decide
		}
		return tx.Queue(ctx, notices, now)
	})
}

// Sent implements Outbox.
func (l *Lifecycle) Sent(ctx context.Context, owner string, id int64, then []*Message) (err error) {
	defer Wrap(&err, "%s sent %d", l.Name, id)
	return l.InTx(ctx, func(tx LifecycleTx) error {
		now := l.Now()
		if ok, err := tx.MarkSent(ctx, owner, id, now); err != nil || !ok || len(then) == 0 {
			return err // someone else's claim by now: their send queues what follows
		}
		return tx.Queue(ctx, then, now)
	})
}

// MaxErrorLen is how many bytes of a delivery error a store keeps.
const MaxErrorLen = 500

// TakeRefusal is the outcome of a claim by by, given the inquiry as it
// stands after the attempt: nil if by has it now, ECONFLICT saying who has
// it and since when, EGONE if it was answered.
func TakeRefusal(q *Inquiry, by string) error {
	switch {
	case q.Status == StatusAnswered:
		return AnsweredRefusal(q)
	case strings.EqualFold(q.ClaimedBy, by):
		return nil
	}
	return Errorf(ECONFLICT, "%s has had this inquiry since %s.", q.Claimer(), FormatStamp(q.ClaimedAt)).Worded("linkTakenBy", q.Claimer(), q.ClaimedAt)
}

// AnsweredRefusal is the EGONE error for an inquiry already answered.
func AnsweredRefusal(q *Inquiry) error {
	return Errorf(EGONE, "This inquiry was marked answered on %s by %s; nothing more needs doing.", FormatStamp(q.AnsweredAt), q.AnsweredBy).Worded("linkAlreadyAnswered", q.AnsweredAt, q.AnsweredBy)
}

// SentTo describes where msgs go, for the history.
func SentTo(msgs []*Message) string {
	if len(msgs) == 0 {
		return "to nobody: site.yaml names no one (escalate_to, contact.coordinators)"
	}
	var to []string
	for _, m := range msgs {
		if !slices.Contains(to, m.Target) { // an inquiry mail and its links
			to = append(to, m.Target)
		}
	}
	return fmt.Sprintf("to %s", strings.Join(to, ", "))
}

// RecipientPurposes are the purposes of the mails whose addresses may use
// an inquiry's links (Inquiry.Recipients): the unit's and the escalation.
var RecipientPurposes = []string{PurposeUnit, PurposeEscalation}
