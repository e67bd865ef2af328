package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/schema"
)

// Inquiries implements contact.InquiryReader.
func (db *DB) Inquiries(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "sqlite inquiries")
	return inquiries(db.db.QueryContext(ctx, `SELECT `+schema.InquiryColumns+` FROM inquiries WHERE created_at >= ? ORDER BY created_at, id`, schema.Since(f)))
}

// inquiries reads the rows of a query of schema.InquiryColumns.
func inquiries(rows *sql.Rows, err error) ([]*contact.Inquiry, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contact.Inquiry
	for rows.Next() {
		q, err := schema.ScanInquiry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Inquiry implements contact.Ownership.
func (db *DB) Inquiry(ctx context.Context, id string) (_ *contact.Inquiry, err error) {
	defer contact.Wrap(&err, "sqlite inquiry %s", id)
	return inquiry(ctx, db.db, id)
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// recipientsSQL reads Inquiry.Recipients: the addresses of the email
// messages of contact.RecipientPurposes.
var recipientsSQL = `SELECT DISTINCT target FROM outbox WHERE inquiry_id = ? AND kind = ? AND purpose IN (?` +
	strings.Repeat(", ?", len(contact.RecipientPurposes)-1) + `) ORDER BY target`

func inquiry(ctx context.Context, db querier, id string) (*contact.Inquiry, error) {
	q, err := schema.ScanInquiry(db.QueryRowContext(ctx, `SELECT `+schema.InquiryColumns+` FROM inquiries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contact.Errorf(contact.ENOTFOUND, "no inquiry %s", id)
	} else if err != nil {
		return nil, err
	}
	args := []any{id, contact.KindEmail}
	for _, p := range contact.RecipientPurposes {
		args = append(args, p)
	}
	rows, err := db.QueryContext(ctx, recipientsSQL, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		q.Recipients = append(q.Recipients, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	events, err := db.QueryContext(ctx, `SELECT at, actor, action, detail FROM inquiry_events WHERE inquiry_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer events.Close()
	for events.Next() {
		var e contact.Event
		var at int64
		if err := events.Scan(&at, &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at).UTC()
		q.History = append(q.History, e)
	}
	return q, events.Err()
}

// Progress implements contact.ProgressReader. A report reads every row, so rows are
// allocated a block at a time and topic names shared: a report over
// 100,000 inquiries spent a fifth of its time allocating them.
func (db *DB) Progress(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "sqlite progress")
	rows, err := db.db.QueryContext(ctx, `SELECT id, created_at, topic, spam, status, due_at, claimed_at, answered_at
		FROM inquiries WHERE created_at >= ?`, schema.Since(f))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contact.Inquiry
	var block []contact.Inquiry
	topics, statuses := map[string]string{}, map[string]string{}
	intern := func(m map[string]string, b sql.RawBytes) string {
		s, ok := m[string(b)] // no allocation for the lookup
		if !ok {
			s = string(b)
			m[s] = s
		}
		return s
	}
	for rows.Next() {
		if len(block) == cap(block) {
			block = make([]contact.Inquiry, 0, 4096)
		}
		block = block[:len(block)+1]
		q := &block[len(block)-1]
		var created int64
		var topic, status sql.RawBytes
		var due, claimed, answered sql.NullInt64
		if err := rows.Scan(&q.ID, &created, &topic, &q.Spam, &status, &due, &claimed, &answered); err != nil {
			return nil, err
		}
		q.Topic, q.Status = intern(topics, topic), intern(statuses, status)
		q.CreatedAt = time.UnixMilli(created).UTC()
		q.DueAt, q.ClaimedAt, q.AnsweredAt = fromMillis(due), fromMillis(claimed), fromMillis(answered)
		out = append(out, q)
	}
	return out, rows.Err()
}

// Purge implements contact.Retention. History, acknowledgements and outbox rows
// go with their inquiry (ON DELETE CASCADE).
func (db *DB) Purge(ctx context.Context, before time.Time) (_ int, err error) {
	defer contact.Wrap(&err, "sqlite purge")
	res, err := db.db.ExecContext(ctx, `DELETE FROM inquiries WHERE created_at < ?`, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	db.rules.Forget()
	n, err := res.RowsAffected()
	return int(n), err
}

// DeleteEmail implements contact.Retention.
func (db *DB) DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error) {
	defer contact.Wrap(&err, "sqlite delete email")
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	norm := contact.EmailKey(email)
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND inquiry_id IN (SELECT id FROM inquiries WHERE email_norm = ?)`, norm).Scan(&pending); err != nil {
		return 0, 0, err
	}
	// Outbox rows, history and acknowledgements go with their inquiry (ON DELETE CASCADE).
	res, err := tx.ExecContext(ctx, `DELETE FROM inquiries WHERE email_norm = ?`, norm)
	if err != nil {
		return 0, 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, 0, err
	}
	defer db.rules.Forget()
	return int(n), pending, tx.Commit()
}

// Claim implements contact.Outbox.
func (db *DB) Claim(ctx context.Context, owner string, kinds []string, n int, lease time.Duration) (_ []*contact.Message, err error) {
	defer contact.Wrap(&err, "sqlite claim")
	now := db.Now()
	args := []any{owner, now.Add(lease).UnixMilli(), now.UnixMilli(), now.UnixMilli()}
	kindFilter := ""
	if kinds != nil {
		kindFilter = "AND kind IN (NULL" + strings.Repeat(", ?", len(kinds)) + ")"
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	rows, err := db.db.QueryContext(ctx, `UPDATE outbox SET claimed_by = ?, claimed_until = ?
		WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) `+kindFilter+`
			ORDER BY id LIMIT ?)
		RETURNING id, coalesce(inquiry_id, ''), kind, purpose, target, payload, attempts`, append(args, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []*contact.Message
	for rows.Next() {
		m := &contact.Message{}
		if err := rows.Scan(&m.ID, &m.InquiryID, &m.Kind, &m.Purpose, &m.Target, &m.Payload, &m.Attempts); err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	// RETURNING gives no order; oldest first is fairest.
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].ID < msgs[j].ID })
	return msgs, rows.Err()
}

// Retry implements contact.Outbox.
func (db *DB) Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) (err error) {
	defer contact.Wrap(&err, "sqlite retry %d", id)
	_, err = db.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, last_error = ?
		WHERE id = ? AND claimed_by = ?`, next.UnixMilli(), contact.Truncate(reason, contact.MaxErrorLen), id, owner)
	return err
}

// DeadMessages implements contact.Outbox.
func (db *DB) DeadMessages(ctx context.Context) (_ []*contact.Message, err error) {
	defer contact.Wrap(&err, "sqlite dead messages")
	rows, err := db.db.QueryContext(ctx, `SELECT id, coalesce(inquiry_id, ''), kind, purpose, target, attempts, coalesce(last_error, ''), dead_at
		FROM outbox WHERE dead_at IS NOT NULL ORDER BY dead_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contact.Message
	for rows.Next() {
		m := &contact.Message{}
		var dead int64
		if err := rows.Scan(&m.ID, &m.InquiryID, &m.Kind, &m.Purpose, &m.Target, &m.Attempts, &m.LastError, &dead); err != nil {
			return nil, err
		}
		m.DeadAt = time.UnixMilli(dead).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// inTx runs fn in a transaction on the database (not the writer's batches:
// these changes are few, and each must answer on its own).
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// AddMiss implements contact.MissStore.
func (db *DB) AddMiss(ctx context.Context, day, lang, query string, clients int) (err error) {
	defer contact.Wrap(&err, "sqlite add search miss")
	_, err = db.db.ExecContext(ctx, `INSERT INTO search_misses (day, lang, query, clients) VALUES (?, ?, ?, ?)
		ON CONFLICT (day, lang, query) DO UPDATE SET clients = clients + excluded.clients`, day, lang, query, clients)
	return err
}

// Misses implements contact.MissStore.
func (db *DB) Misses(ctx context.Context, since string) (_ []contact.Miss, err error) {
	defer contact.Wrap(&err, "sqlite search misses")
	rows, err := db.db.QueryContext(ctx, `SELECT day, lang, query, clients FROM search_misses WHERE day >= ?`, since)
	if err != nil {
		return nil, err
	}
	return scanMisses(rows)
}

// scanMisses reads the rows of a misses query.
func scanMisses(rows *sql.Rows) ([]contact.Miss, error) {
	defer rows.Close()
	var out []contact.Miss
	for rows.Next() {
		var m contact.Miss
		if err := rows.Scan(&m.Day, &m.Lang, &m.Query, &m.Clients); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
