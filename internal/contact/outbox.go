package contact

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Dispatcher drains the outbox: it claims due messages, hands each to the
// Notifier for its kind, and records success or schedules a retry with
// exponential backoff. An SMTP outage therefore delays mail but loses none.
// A message that fails permanently, or MaxAttempts times, is given up as
// dead (kept, and shown by the report and /healthz), and DeadNotices
// composes the notices to queue about it; Then composes the messages that
// follow one once it is sent.
type Dispatcher struct {
	Outbox      Outbox
	Notifiers   map[string]Notifier // by Message.Kind
	Owner       string              // identifies this process in claims
	Logger      *slog.Logger
	DeadNotices func(m *Message, reason string) []*Message // optional
	Then        func(m *Message) []*Message                // optional
	MaxAttempts int                                        // default MaxAttempts

	Batch    int           // messages claimed at once; default 20
	Lease    time.Duration // how long a claim holds; default 2m
	Poll     time.Duration // pause when the outbox is empty; default 1s
	MinDelay time.Duration // first retry delay; default 5s
	MaxDelay time.Duration // cap on retry delay; default 1h
	Now      func() time.Time
}

func (d *Dispatcher) defaults() {
	if d.Batch == 0 {
		d.Batch = 20
	}
	if d.Lease == 0 {
		d.Lease = 2 * time.Minute
	}
	if d.Poll == 0 {
		d.Poll = time.Second
	}
	if d.MinDelay == 0 {
		d.MinDelay = 5 * time.Second
	}
	if d.MaxDelay == 0 {
		d.MaxDelay = time.Hour
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.MaxAttempts == 0 {
		d.MaxAttempts = MaxAttempts
	}
}

// Run dispatches until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) {
	d.defaults()
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil {
			d.Logger.Error("outbox claim failed", "err", err)
		}
		if n == 0 || err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(d.Poll):
			}
		}
	}
}

// RunOnce claims one batch and tries each message once; it returns how many
// it claimed.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.defaults()
	kinds := make([]string, 0, len(d.Notifiers))
	for k := range d.Notifiers {
		kinds = append(kinds, k)
	}
	msgs, err := d.Outbox.Claim(ctx, d.Owner, kinds, d.Batch, d.Lease)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		d.deliver(ctx, m)
	}
	return len(msgs), nil
}

func (d *Dispatcher) deliver(ctx context.Context, m *Message) {
	log := d.Logger.With("message", m.ID, "inquiry", m.InquiryID, "kind", m.Kind, "attempt", m.Attempts+1)
	err := d.Notifiers[m.Kind].Notify(ctx, m) // Claim returned only kinds we have
	if err == nil {
		var then []*Message
		if d.Then != nil {
			then = d.Then(m)
		}
		if err := d.Outbox.Sent(ctx, d.Owner, m.ID, then); err != nil {
			// Delivered but not recorded: the lease expires and it is sent
			// again. At-least-once is the honest guarantee across a crash here.
			log.Error("outbox mark sent failed", "err", err)
		}
		log.Info("notification sent")
		return
	}
	if IsPermanent(err) || m.Attempts+1 >= d.MaxAttempts {
		var notices []*Message
		if d.DeadNotices != nil {
			notices = d.DeadNotices(m, err.Error())
		}
		log.Error("notification given up", "err", err, "permanent", IsPermanent(err), "purpose", m.Purpose)
		if err := d.Outbox.Dead(ctx, d.Owner, m.ID, err.Error(), notices); err != nil {
			log.Error("outbox dead failed", "err", err)
		}
		return
	}
	next := d.Now().Add(Backoff(m.Attempts, d.MinDelay, d.MaxDelay))
	log.Warn("notification failed; will retry", "err", err, "next", next)
	if err := d.Outbox.Retry(ctx, d.Owner, m.ID, next, err.Error()); err != nil {
		log.Error("outbox retry failed", "err", err)
	}
}

// Backoff is the delay before retry number attempts+1: min doubled per
// earlier attempt, capped at max, with up to 20% jitter so many instances
// that failed together do not retry together.
func Backoff(attempts int, min, max time.Duration) time.Duration {
	d := min
	for i := 0; i < attempts && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

// MaxAttempts is how often a message is tried before it is given up as
// dead; with the backoff capped at an hour that is about four days, longer
// than a relay outage over a weekend.
const MaxAttempts = 100

// PermanentError marks a delivery failure that retrying cannot fix, such as
// a relay's 5xx answer: the message goes dead at once instead of being
// retried for ever.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a PermanentError.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err's chain holds a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
