package postgres

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uio-partner/portal/internal/contact"
)

// Inquiries implements contact.Store.
func (db *DB) Inquiries(ctx context.Context, f contact.Filter) (_ []*contact.Inquiry, err error) {
	defer contact.Wrap(&err, "postgres inquiries")
	var since int64
	if !f.Since.IsZero() {
		since = f.Since.UnixMilli()
	}
	rows, _ := db.pool.Query(ctx, `SELECT id, created_at, lang, topic, name, email, organisation, message, coalesce(idem_key, ''), hash, spam_score, spam
		FROM inquiries WHERE created_at >= $1 ORDER BY created_at, id`, since)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*contact.Inquiry, error) {
		q := &contact.Inquiry{}
		var ms int64
		err := row.Scan(&q.ID, &ms, &q.Lang, &q.Topic, &q.Name, &q.Email, &q.Organisation, &q.Message, &q.Key, &q.Hash, &q.SpamScore, &q.Spam)
		q.CreatedAt = time.UnixMilli(ms).UTC()
		return q, err
	})
}

// Purge implements contact.Store.
func (db *DB) Purge(ctx context.Context, before time.Time) (_ int, err error) {
	defer contact.Wrap(&err, "postgres purge")
	tag, err := db.pool.Exec(ctx, `DELETE FROM inquiries WHERE created_at < $1`, before.UnixMilli())
	return int(tag.RowsAffected()), err
}

// DeleteEmail implements contact.Store.
func (db *DB) DeleteEmail(ctx context.Context, email string) (inquiries, pending int, err error) {
	defer contact.Wrap(&err, "postgres delete email")
	norm := strings.ToLower(strings.TrimSpace(email))
	// One statement: the CTE deletes the inquiries (outbox rows cascade) and
	// counts the unsent messages that go with them, from the same snapshot.
	err = db.pool.QueryRow(ctx, `WITH gone AS (DELETE FROM inquiries WHERE email_norm = $1 RETURNING id)
		SELECT (SELECT count(*) FROM gone),
		       (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND inquiry_id IN (SELECT id FROM gone))`, norm).Scan(&inquiries, &pending)
	return inquiries, pending, err
}

// Claim implements contact.Outbox. SKIP LOCKED lets instances claim
// disjoint batches at once without waiting on each other.
func (db *DB) Claim(ctx context.Context, owner string, kinds []string, n int, lease time.Duration) (_ []*contact.Message, err error) {
	defer contact.Wrap(&err, "postgres claim")
	now := db.Now()
	rows, _ := db.pool.Query(ctx, `UPDATE outbox SET claimed_by = $1, claimed_until = $2
		WHERE id IN (SELECT id FROM outbox
			WHERE sent_at IS NULL AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3)
				AND ($5::text[] IS NULL OR kind = ANY ($5))
			ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING id, inquiry_id, kind, target, payload, attempts`,
		owner, now.Add(lease).UnixMilli(), now.UnixMilli(), n, kinds)
	// RETURNING lists Message's fields in declaration order.
	msgs, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByPos[contact.Message])
	if err != nil {
		return nil, err
	}
	// RETURNING gives no order; oldest first is fairest.
	slices.SortFunc(msgs, func(a, b *contact.Message) int { return cmp.Compare(a.ID, b.ID) })
	return msgs, nil
}

// Sent implements contact.Outbox.
func (db *DB) Sent(ctx context.Context, owner string, id int64) (err error) {
	defer contact.Wrap(&err, "postgres sent %d", id)
	_, err = db.pool.Exec(ctx, `UPDATE outbox SET sent_at = $1, claimed_by = NULL, claimed_until = NULL WHERE id = $2 AND claimed_by = $3`,
		db.Now().UnixMilli(), id, owner)
	return err
}

// Retry implements contact.Outbox.
func (db *DB) Retry(ctx context.Context, owner string, id int64, next time.Time, reason string) (err error) {
	defer contact.Wrap(&err, "postgres retry %d", id)
	_, err = db.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, claimed_by = NULL, claimed_until = NULL, last_error = $2
		WHERE id = $3 AND claimed_by = $4`, next.UnixMilli(), contact.Truncate(reason, 500), id, owner)
	return err
}
