package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uio-partner/portal/internal/contact"
)

// Take implements contact.Ownership. Under READ COMMITTED a concurrent
// UPDATE of the same row waits for the first to commit and then checks
// its WHERE against the new row: the second claim finds the inquiry no
// longer new, so the first claim wins across instances.
func (db *DB) Take(ctx context.Context, id string, c contact.Claim) (_ *contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres take %s", id)
	var q *contact.Inquiry
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE inquiries SET status = 'claimed', claimed_by = $1, claimer_name = $2, claimed_at = $3, remind_at = $4
			WHERE id = $5 AND status = 'new'`, c.By, c.Name, c.At.UnixMilli(), nullTime(c.RemindAt), id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			if err := addEvent(ctx, tx, id, c.At, c.By, contact.ActionClaimed, c.Name); err != nil {
				return err
			}
		}
		q, err = inquiry(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return q, contact.TakeRefusal(q, c.By)
}

// MarkAnswered implements contact.Ownership.
func (db *DB) MarkAnswered(ctx context.Context, id, by string, at time.Time) (_ *contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres answered %s", id)
	var q *contact.Inquiry
	changed := false
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE inquiries SET status = 'answered', answered_at = $1, answered_by = $2,
			claimed_by = coalesce(claimed_by, $2), claimed_at = coalesce(claimed_at, $1)
			WHERE id = $3 AND status <> 'answered'`, at.UnixMilli(), by, id)
		if err != nil {
			return err
		}
		if changed = tag.RowsAffected() == 1; changed {
			if err := addEvent(ctx, tx, id, at, by, contact.ActionAnswered, ""); err != nil {
				return err
			}
		}
		q, err = inquiry(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !changed {
		return q, contact.AnsweredRefusal(q)
	}
	return q, nil
}

func addEvent(ctx context.Context, tx pgx.Tx, id string, at time.Time, actor, action, detail string) error {
	_, err := tx.Exec(ctx, `INSERT INTO inquiry_events (inquiry_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`,
		id, at.UnixMilli(), actor, action, detail)
	return err
}

// timers are the statements that fire each timer, and the history action.
// SKIP LOCKED lets instances fire disjoint batches; a row fired by another
// instance meanwhile fails the re-checked WHERE and is left out.
var timers = map[string]struct{ fire, action string }{
	contact.TimerEscalation: {`UPDATE inquiries SET escalated_at = $1 WHERE id IN (SELECT id FROM inquiries
		WHERE status = 'new' AND escalated_at IS NULL AND NOT spam AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING ` + inquiryColumns, contact.ActionEscalated},
	contact.TimerReminder: {`UPDATE inquiries SET reminded_at = $1 WHERE id IN (SELECT id FROM inquiries
		WHERE status = 'claimed' AND reminded_at IS NULL AND remind_at <= $1 ORDER BY remind_at LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING ` + inquiryColumns, contact.ActionReminded},
}

// FireDue implements contact.Timers.
func (db *DB) FireDue(ctx context.Context, timer string, now time.Time, n int, compose func(*contact.Inquiry) []*contact.Message) (fired int, err error) {
	defer contact.Wrap(&err, "postgres fire %s", timer)
	t, ok := timers[timer]
	if !ok {
		return 0, contact.Errorf(contact.EINVALID, "unknown timer %q", timer)
	}
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, t.fire, now.UnixMilli(), n)
		due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Inquiry, error) { return scanInquiry(row) })
		if err != nil {
			return err
		}
		for _, q := range due {
			msgs := compose(q)
			if err := insertMessages(ctx, tx, msgs, now); err != nil {
				return err
			}
			if err := addEvent(ctx, tx, q.ID, now, contact.ActorPortal, t.action, contact.SentTo(msgs)); err != nil {
				return err
			}
		}
		fired = len(due)
		return nil
	})
	return fired, err
}

// LastRun implements contact.Timers.
func (db *DB) LastRun(ctx context.Context, job string) (period string, err error) {
	defer contact.Wrap(&err, "postgres last run %s", job)
	err = db.pool.QueryRow(ctx, `SELECT coalesce(max(period), '') FROM jobs WHERE job = $1`, job).Scan(&period)
	return period, err
}

// RecordRun implements contact.Timers. The primary key decides between
// instances: the second INSERT waits for the first and then does nothing.
func (db *DB) RecordRun(ctx context.Context, job, period string, msgs []*contact.Message) (recorded bool, err error) {
	defer contact.Wrap(&err, "postgres record run %s %s", job, period)
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		now := db.Now()
		tag, err := tx.Exec(ctx, `INSERT INTO jobs (job, period, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, job, period, now.UnixMilli())
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		recorded = true
		return insertMessages(ctx, tx, msgs, now)
	})
	return recorded, err
}

// Secrets implements contact.Keys.
func (db *DB) Secrets(ctx context.Context, fresh []byte) (current, previous []byte, err error) {
	defer contact.Wrap(&err, "postgres secrets")
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO secrets (id, current) VALUES (1, $1) ON CONFLICT DO NOTHING`, fresh); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT current, previous FROM secrets WHERE id = 1`).Scan(&current, &previous)
	})
	return current, previous, err
}

// RotateSecret implements contact.Keys.
func (db *DB) RotateSecret(ctx context.Context, key []byte) (err error) {
	defer contact.Wrap(&err, "postgres rotate secret")
	_, err = db.pool.Exec(ctx, `INSERT INTO secrets (id, current) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET previous = secrets.current, current = excluded.current`, key)
	return err
}

// Health implements contact.Store.
func (db *DB) Health(ctx context.Context) (h contact.Health, err error) {
	defer contact.Wrap(&err, "postgres health")
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO health (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at`, db.Now().UnixMilli()); err != nil {
			return err
		}
		var oldest *int64
		if err := tx.QueryRow(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL`).Scan(&h.Pending, &oldest); err != nil {
			return err
		}
		h.OldestPending = fromMillis(oldest)
		return tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE purpose = 'ack') FROM outbox WHERE dead_at IS NOT NULL`).Scan(&h.Dead, &h.DeadAcks)
	})
	return h, err
}
