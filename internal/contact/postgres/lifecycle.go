package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/schema"
)

// lifecycleTx is a transaction as contact.Lifecycle sees it. Its Inquiry
// locks the row (FOR UPDATE): of two claims on one inquiry, on any
// instances, the second waits for the first to commit and then reads it.
type lifecycleTx struct{ tx pgx.Tx }

func (db *DB) lifecycleTx(ctx context.Context, fn func(contact.LifecycleTx) error) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error { return fn(lifecycleTx{tx}) })
}

// Inquiry implements contact.LifecycleTx.
func (t lifecycleTx) Inquiry(ctx context.Context, id string) (*contact.Inquiry, error) {
	return inquiry(ctx, t.tx, id, "FOR UPDATE")
}

// SetProgress implements contact.LifecycleTx.
func (t lifecycleTx) SetProgress(ctx context.Context, id string, p contact.Progress, remindAt time.Time) error {
	_, err := t.tx.Exec(ctx, `UPDATE inquiries SET status = $1, claimed_by = $2, claimer_name = $3, claimed_at = $4,
		answered_by = $5, answered_at = $6, remind_at = coalesce($7, remind_at) WHERE id = $8`,
		p.Status, nullString(p.ClaimedBy), p.ClaimerName, nullTime(p.ClaimedAt), nullString(p.AnsweredBy), nullTime(p.AnsweredAt), nullTime(remindAt), id)
	return err
}

// nullString stores "" as NULL.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// AddEvent implements contact.LifecycleTx.
func (t lifecycleTx) AddEvent(ctx context.Context, id string, e contact.Event) error {
	_, err := t.tx.Exec(ctx, `INSERT INTO inquiry_events (inquiry_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`,
		id, e.At.UnixMilli(), e.Actor, e.Action, e.Detail)
	return err
}

// fireSQL fires each timer rule. SKIP LOCKED lets instances fire
// disjoint batches; a row fired by another instance meanwhile fails the
// re-checked WHERE and is left out.
var fireSQL = schema.FireStatements(schema.Dialect{Now: "$1", Limit: "$2", NotSpam: "NOT spam", Lock: "FOR UPDATE SKIP LOCKED"})

// FireTimer implements contact.LifecycleTx.
func (t lifecycleTx) FireTimer(ctx context.Context, r contact.TimerRule, now time.Time, n int) ([]*contact.Inquiry, error) {
	rows, _ := t.tx.Query(ctx, fireSQL[r], now.UnixMilli(), n)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Inquiry, error) { return schema.ScanInquiry(row) })
}

// RecordPeriod implements contact.LifecycleTx. The primary key decides
// between instances: the second INSERT waits for the first and then does
// nothing.
func (t lifecycleTx) RecordPeriod(ctx context.Context, job, period string, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, `INSERT INTO jobs (job, period, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, job, period, now.UnixMilli())
	return tag.RowsAffected() > 0, err
}

// MarkDead implements contact.LifecycleTx.
func (t lifecycleTx) MarkDead(ctx context.Context, owner string, id int64, reason string, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, dead_at = $1, claimed_by = NULL, claimed_until = NULL, last_error = $2
		WHERE id = $3 AND claimed_by = $4 AND sent_at IS NULL AND dead_at IS NULL`, now.UnixMilli(), reason, id, owner)
	return tag.RowsAffected() > 0, err
}

// MarkSent implements contact.LifecycleTx.
func (t lifecycleTx) MarkSent(ctx context.Context, owner string, id int64, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, `UPDATE outbox SET sent_at = $1, claimed_by = NULL, claimed_until = NULL WHERE id = $2 AND claimed_by = $3`,
		now.UnixMilli(), id, owner)
	return tag.RowsAffected() > 0, err
}

// Queue implements contact.LifecycleTx, in one round trip.
func (t lifecycleTx) Queue(ctx context.Context, msgs []*contact.Message, now time.Time) error {
	b := &pgx.Batch{}
	for _, m := range msgs {
		b.Queue(insertOutboxSQL, nullString(m.InquiryID), m.Kind, m.Purpose, m.Target, m.Payload, now.UnixMilli(), now.UnixMilli())
	}
	return t.tx.SendBatch(ctx, b).Close()
}

// LastRun implements contact.Timers.
func (db *DB) LastRun(ctx context.Context, job string) (period string, err error) {
	defer contact.Wrap(&err, "postgres last run %s", job)
	err = db.pool.QueryRow(ctx, `SELECT coalesce(max(period), '') FROM jobs WHERE job = $1`, job).Scan(&period)
	return period, err
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

// Health implements contact.Prober.
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
		h.OldestPending = schema.Time(oldest)
		return tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE purpose = $1) FROM outbox WHERE dead_at IS NOT NULL`, contact.PurposeAck).Scan(&h.Dead, &h.DeadAcks)
	})
	return h, err
}
