package contact

import (
	"context"
	"log/slog"
	"time"

	"github.com/uio-partner/portal/internal/contact/workday"
)

// JobDigest is the weekly digest's job name in Timers.
const JobDigest = "digest"

// DigestPeriod returns the start of the digest period now is in: the last
// Monday 08:00 in the calendar's zone at or before now. The digest for a
// period goes out at its start, about the week before it.
func DigestPeriod(now time.Time, cal *workday.Calendar) time.Time {
	d := cal.Date(now)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, -1)
	}
	start := d.Add(8 * time.Hour)
	if now.Before(start) {
		start = d.AddDate(0, 0, -7).Add(8 * time.Hour)
	}
	return time.Date(start.Year(), start.Month(), start.Day(), 8, 0, 0, 0, cal.Location())
}

// SchedulerStore is what the Scheduler uses: the timers, and the progress
// the digest reports.
type SchedulerStore interface {
	Timers
	ProgressReader
}

// Scheduler fires the lifecycle's timers: escalations of inquiries nobody
// claimed in time, reminders to claimers who have not marked theirs
// answered, and the weekly digest. The timers live in the database, so
// they survive restarts, and the store fires each once across instances:
// every instance may run a Scheduler.
type Scheduler struct {
	Store  SchedulerStore
	Mailer *Mailer
	Logger *slog.Logger
	Now    func() time.Time
	Poll   time.Duration // pause between rounds; default 1m
	Batch  int           // timers fired per transaction; default 100
}

func (s *Scheduler) defaults() {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Poll == 0 {
		s.Poll = time.Minute
	}
	if s.Batch == 0 {
		s.Batch = 100
	}
}

// Run runs rounds until ctx is done.
func (s *Scheduler) Run(ctx context.Context) {
	s.defaults()
	for ctx.Err() == nil {
		if err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("scheduler round failed", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(s.Poll):
		}
	}
}

// RunOnce fires everything due at the clock's now.
func (s *Scheduler) RunOnce(ctx context.Context) (err error) {
	defer Wrap(&err, "scheduler")
	s.defaults()
	if err := s.Mailer.Keys().Refresh(ctx); err != nil {
		return err
	}
	now := s.Now()
	for timer, compose := range map[string]func(*Inquiry) []*Message{
		TimerEscalation: func(q *Inquiry) []*Message { return s.Mailer.Escalation(q, now) },
		TimerReminder:   func(q *Inquiry) []*Message { return s.Mailer.Reminder(q, now) },
	} {
		for {
			n, err := s.Store.FireDue(ctx, timer, now, s.Batch, compose)
			if err != nil {
				return err
			}
			if n > 0 {
				s.Logger.Info("timers fired", "timer", timer, "inquiries", n)
			}
			if n < s.Batch {
				break
			}
		}
	}
	return s.digest(ctx, now)
}

// digest records the current period and sends its digest unless it went
// already. On the very first run the period is recorded without a digest:
// the endpoint was not running the week before, and the first digest is
// the next Monday's.
func (s *Scheduler) digest(ctx context.Context, now time.Time) error {
	period := DigestPeriod(now, s.Mailer.Calendar())
	key := period.Format(time.DateOnly)
	last, err := s.Store.LastRun(ctx, JobDigest)
	if err != nil || last >= key {
		return err
	}
	var msgs []*Message
	if last != "" {
		r, err := loadReport(ctx, s.Store, Filter{}, period.AddDate(0, 0, -7), period, func(t string) string { return s.Mailer.TopicLabel(t, "en") })
		if err != nil {
			return err
		}
		r.Zone = s.Mailer.Calendar().Location()
		msgs = s.Mailer.Digest(r, period)
	}
	sent, err := s.Store.RecordRun(ctx, JobDigest, key, msgs)
	if sent && len(msgs) > 0 {
		s.Logger.Info("digest queued", "period", key, "recipients", len(msgs))
	}
	return err
}
