package postgres

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/schema"
)

// Inquiries implements contact.InquiryReader.
func (db *DB) Inquiries(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres inquiries")
	rows, _ := db.pool.Query(ctx, `SELECT `+schema.InquiryColumns+` FROM inquiries WHERE created_at >= $1 ORDER BY created_at, id`, schema.Since(f))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Inquiry, error) { return schema.ScanInquiry(row) })
}

// querier is the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Inquiry implements contact.Ownership.
func (db *DB) Inquiry(ctx context.Context, id string) (_ *contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres inquiry %s", id)
	return inquiry(ctx, db.pool, id, "")
}

// inquiry reads inquiry id with its recipients and history; lock is ""
// or a locking clause for its row ("FOR UPDATE").
func inquiry(ctx context.Context, db querier, id, lock string) (*contact.Inquiry, error) {
	q, err := schema.ScanInquiry(db.QueryRow(ctx, `SELECT `+schema.InquiryColumns+` FROM inquiries WHERE id = $1 `+lock, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, contact.Errorf(contact.ENOTFOUND, "no inquiry %s", id)
	} else if err != nil {
		return nil, err
	}
	rows, _ := db.Query(ctx, `SELECT DISTINCT target FROM outbox WHERE inquiry_id = $1 AND kind = $2 AND purpose = ANY ($3) ORDER BY target`,
		id, contact.KindEmail, contact.RecipientPurposes)
	if q.Recipients, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, err
	}
	rows, _ = db.Query(ctx, `SELECT at, actor, action, detail FROM inquiry_events WHERE inquiry_id = $1 ORDER BY id`, id)
	q.History, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (contact.Event, error) {
		var e contact.Event
		var at int64
		err := row.Scan(&at, &e.Actor, &e.Action, &e.Detail)
		e.At = time.UnixMilli(at).UTC()
		return e, err
	})
	return q, err
}

// Progress implements contact.ProgressReader.
func (db *DB) Progress(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres progress")
	rows, _ := db.pool.Query(ctx, `SELECT id, created_at, topic, spam, status, due_at, claimed_at, answered_at
		FROM inquiries WHERE created_at >= $1`, schema.Since(f))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Inquiry, error) {
		q := &contact.Inquiry{}
		var created int64
		var due, claimed, answered *int64
		err := row.Scan(&q.ID, &created, &q.Topic, &q.Spam, &q.Status, &due, &claimed, &answered)
		q.CreatedAt = time.UnixMilli(created).UTC()
		q.DueAt, q.ClaimedAt, q.AnsweredAt = schema.Time(due), schema.Time(claimed), schema.Time(answered)
		return q, err
	})
}

// Purge implements contact.Retention. History, acknowledgements and outbox rows
// go with their inquiry (ON DELETE CASCADE).
func (db *DB) Purge(ctx context.Context, before time.Time) (_ int, err error) {
	defer contact.Wrap(&err, "postgres purge")
	tag, err := db.pool.Exec(ctx, `DELETE FROM inquiries WHERE created_at < $1`, before.UnixMilli())
	db.rules.Forget()
	return int(tag.RowsAffected()), err
}

// DeleteEmail implements contact.Retention.
func (db *DB) DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error) {
	defer contact.Wrap(&err, "postgres delete email")
	norm := contact.EmailKey(email)
	// One statement: the CTE deletes the inquiries (outbox rows, history and
	// acknowledgements cascade) and counts the unsent messages that go with
	// them, from the same snapshot.
	err = db.pool.QueryRow(ctx, `WITH gone AS (DELETE FROM inquiries WHERE email_norm = $1 RETURNING id)
		SELECT (SELECT count(*) FROM gone),
		       (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND inquiry_id IN (SELECT id FROM gone))`, norm).Scan(&inquiries, &pending)
	db.rules.Forget()
	return inquiries, pending, err
}

// Claim implements contact.Outbox. SKIP LOCKED lets instances claim
// disjoint batches at once without waiting on each other.
func (db *DB) Claim(ctx context.Context, owner string, kinds []string, n int, lease time.Duration) (_ []*contact.Message, err error) {
	defer contact.Wrap(&err, "postgres claim")
	now := db.Now()
	rows, _ := db.pool.Query(ctx, `UPDATE outbox SET claimed_by = $1, claimed_until = $2
		WHERE id IN (SELECT id FROM outbox
			WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3)
				AND ($5::text[] IS NULL OR kind = ANY ($5))
			ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING id, coalesce(inquiry_id, ''), kind, purpose, target, payload, attempts`,
		owner, now.Add(lease).UnixMilli(), now.UnixMilli(), n, kinds)
	msgs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Message, error) {
		m := &contact.Message{}
		err := row.Scan(&m.ID, &m.InquiryID, &m.Kind, &m.Purpose, &m.Target, &m.Payload, &m.Attempts)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	// RETURNING gives no order; oldest first is fairest.
	slices.SortFunc(msgs, func(a, b *contact.Message) int { return cmp.Compare(a.ID, b.ID) })
	return msgs, nil
}

// Retry implements contact.Outbox.
func (db *DB) Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) (err error) {
	defer contact.Wrap(&err, "postgres retry %d", id)
	_, err = db.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, claimed_by = NULL, claimed_until = NULL, last_error = $2
		WHERE id = $3 AND claimed_by = $4`, next.UnixMilli(), contact.Truncate(reason, contact.MaxErrorLen), id, owner)
	return err
}

// DeadMessages implements contact.Outbox.
func (db *DB) DeadMessages(ctx context.Context) (_ []*contact.Message, err error) {
	defer contact.Wrap(&err, "postgres dead messages")
	rows, _ := db.pool.Query(ctx, `SELECT id, coalesce(inquiry_id, ''), kind, purpose, target, attempts, coalesce(last_error, ''), dead_at
		FROM outbox WHERE dead_at IS NOT NULL ORDER BY dead_at, id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Message, error) {
		m := &contact.Message{}
		var dead int64
		err := row.Scan(&m.ID, &m.InquiryID, &m.Kind, &m.Purpose, &m.Target, &m.Attempts, &m.LastError, &dead)
		m.DeadAt = time.UnixMilli(dead).UTC()
		return m, err
	})
}

// AddMiss implements contact.MissStore.
func (db *DB) AddMiss(ctx context.Context, day, lang, query string, clients int) (err error) {
	defer contact.Wrap(&err, "postgres add search miss")
	_, err = db.pool.Exec(ctx, `INSERT INTO search_misses (day, lang, query, clients) VALUES ($1, $2, $3, $4)
		ON CONFLICT (day, lang, query) DO UPDATE SET clients = search_misses.clients + excluded.clients`, day, lang, query, clients)
	return err
}

// Misses implements contact.MissStore.
func (db *DB) Misses(ctx context.Context, since string) (_ []contact.Miss, err error) {
	defer contact.Wrap(&err, "postgres search misses")
	rows, _ := db.pool.Query(ctx, `SELECT day, lang, query, clients FROM search_misses WHERE day >= $1`, since)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (contact.Miss, error) {
		var m contact.Miss
		err := row.Scan(&m.Day, &m.Lang, &m.Query, &m.Clients)
		return m, err
	})
}
