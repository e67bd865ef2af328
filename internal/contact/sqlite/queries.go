package sqlite

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// Inquiries implements contact.Store.
func (db *DB) Inquiries(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "sqlite inquiries")
	var since int64
	if !f.Since.IsZero() {
		since = f.Since.UnixMilli()
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, created_at, lang, topic, name, email, organisation, message, coalesce(idem_key, ''), hash, spam_score, spam
		FROM inquiries WHERE created_at >= ? ORDER BY created_at, id`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contact.Inquiry
	for rows.Next() {
		q := &contact.Inquiry{}
		var created int64
		if err := rows.Scan(&q.ID, &created, &q.Lang, &q.Topic, &q.Name, &q.Email, &q.Organisation, &q.Message, &q.Key, &q.Hash, &q.SpamScore, &q.Spam); err != nil {
			return nil, err
		}
		q.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, q)
	}
	return out, rows.Err()
}

// Purge implements contact.Store.
func (db *DB) Purge(ctx context.Context, before time.Time) (_ int, err error) {
	defer contact.Wrap(&err, "sqlite purge")
	res, err := db.db.ExecContext(ctx, `DELETE FROM inquiries WHERE created_at < ?`, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DeleteEmail implements contact.Store.
func (db *DB) DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error) {
	defer contact.Wrap(&err, "sqlite delete email")
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	norm := strings.ToLower(strings.TrimSpace(email))
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND inquiry_id IN (SELECT id FROM inquiries WHERE email_norm = ?)`, norm).Scan(&pending); err != nil {
		return 0, 0, err
	}
	// Outbox rows go with their inquiry (ON DELETE CASCADE).
	res, err := tx.ExecContext(ctx, `DELETE FROM inquiries WHERE email_norm = ?`, norm)
	if err != nil {
		return 0, 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, 0, err
	}
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
		WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) `+kindFilter+`
			ORDER BY id LIMIT ?)
		RETURNING id, inquiry_id, kind, target, payload, attempts`, append(args, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []*contact.Message
	for rows.Next() {
		m := &contact.Message{}
		if err := rows.Scan(&m.ID, &m.InquiryID, &m.Kind, &m.Target, &m.Payload, &m.Attempts); err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	// RETURNING gives no order; oldest first is fairest.
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].ID < msgs[j].ID })
	return msgs, rows.Err()
}

// Sent implements contact.Outbox.
func (db *DB) Sent(ctx context.Context, owner string, id int64) (err error) {
	defer contact.Wrap(&err, "sqlite sent %d", id)
	_, err = db.db.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
		db.Now().UnixMilli(), id, owner)
	return err
}

// Retry implements contact.Outbox.
func (db *DB) Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) (err error) {
	defer contact.Wrap(&err, "sqlite retry %d", id)
	_, err = db.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, last_error = ?
		WHERE id = ? AND claimed_by = ?`, next.UnixMilli(), contact.Truncate(reason, 500), id, owner)
	return err
}
