// Package postgres implements contact.Store on PostgreSQL with pgx. Several
// endpoint instances may share one database: saves of the same content or
// key are serialised with transaction-scoped advisory locks, and senders
// claim outbox rows with FOR UPDATE SKIP LOCKED under a lease.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uio-partner/portal/internal/contact"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key held while migrating, so instances
// starting together do not migrate twice.
const migrationLock = 0x706f7274616c // "portal"

// DB is a contact.Store on a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	// Now is the clock for outbox leases; tests replace it.
	Now func() time.Time

	// limits spares a save the count (a round trip) for an address or
	// client this instance knows to be at its acknowledgement limit.
	limits contact.LimitMemo
	// ackLimits is the endpoint-wide cap, set before the first save.
	ackLimits contact.AckLimits
}

var _ contact.Store = (*DB)(nil)

// SetAckLimits implements contact.Store.
func (db *DB) SetAckLimits(l contact.AckLimits) { db.ackLimits = l }

// Open connects to the database at dsn (a postgres:// URL; pgx's pool_*
// parameters apply) and migrates it.
func Open(ctx context.Context, dsn string) (_ *DB, err error) {
	defer contact.Wrap(&err, "open postgres")
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		// pgx defaults to max(4, cores) connections; each save waits on its
		// commit's WAL flush, so more concurrent transactions let PostgreSQL
		// flush many commits at once (its own group commit).
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
			return err
		}
		for _, name := range names {
			tag, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1) ON CONFLICT DO NOTHING`, name)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				continue // applied before
			}
			src, err := fs.ReadFile(migrations, name)
			if err != nil {
				return err
			}
			// No arguments: pgx sends it with the simple protocol, which
			// allows several statements in one string.
			if _, err := tx.Exec(ctx, string(src)); err != nil {
				return fmt.Errorf("migrate %s: %w", name, err)
			}
		}
		return nil
	})
}

// Save implements contact.Store. PostgreSQL batches concurrent commits
// itself, so each save is simply its own transaction.
func (db *DB) Save(ctx context.Context, inq *contact.Inquiry, msgs []*contact.Message) (id string, created bool, err error) {
	defer contact.Wrap(&err, "postgres save")
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// Twins posted to two instances at once must not both be inserted:
		// take the key's lock, then the content's (always in that order).
		for _, k := range []string{inq.Key, inq.Hash} {
			if k == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k); err != nil {
				return err
			}
		}
		id, created, err = db.save(ctx, tx, inq, msgs)
		return err
	})
	if err != nil {
		return "", false, err
	}
	return id, created, nil
}

func (db *DB) save(ctx context.Context, tx pgx.Tx, inq *contact.Inquiry, msgs []*contact.Message) (string, bool, error) {
	var id string
	err := pgx.ErrNoRows
	if inq.Key != "" {
		err = tx.QueryRow(ctx, `SELECT id FROM inquiries WHERE idem_key = $1 AND hash = $2`, inq.Key, inq.Hash).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = tx.QueryRow(ctx, `SELECT id FROM inquiries WHERE hash = $1 AND created_at >= $2 ORDER BY created_at LIMIT 1`,
			inq.Hash, inq.CreatedAt.Add(-contact.DedupWindow).UnixMilli()).Scan(&id)
	}
	switch {
	case err == nil:
		return id, false, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return "", false, err
	}
	var key *string
	if inq.Key != "" {
		key = &inq.Key
	}
	created := inq.CreatedAt.UnixMilli()
	ack := false
	for _, m := range msgs {
		if m.Purpose == contact.PurposeAck {
			if ack, err = db.acknowledge(ctx, tx, inq); err != nil {
				return "", false, err
			}
		}
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO inquiries (id, created_at, lang, topic, name, email, email_norm, organisation, message, idem_key, hash, spam_score, spam, status, due_at, extra)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'new', $14, NULLIF($15, '')::jsonb)`,
		inq.ID, created, inq.Lang, inq.Topic, inq.Name, inq.Email, strings.ToLower(inq.Email),
		inq.Organisation, inq.Message, key, inq.Hash, inq.SpamScore, inq.Spam, nullTime(inq.DueAt), inq.ExtraJSON())
	for _, m := range msgs {
		if m.Purpose == contact.PurposeAck {
			if !ack {
				continue
			}
			b.Queue(`INSERT INTO acknowledgements (inquiry_id, address, client, at) VALUES ($1, $2, $3, $4)`, inq.ID, contact.Mailbox(inq.Email), inq.Client, created)
		}
		b.Queue(insertOutboxSQL, inq.ID, m.Kind, m.Purpose, m.Target, m.Payload, created, created)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return "", false, err
	}
	return inq.ID, true, nil
}

const insertOutboxSQL = `INSERT INTO outbox (inquiry_id, kind, purpose, target, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`

// acknowledge reports whether inq is within the acknowledgement limits; the
// caller records the acknowledgement in the same transaction. Concurrent
// saves for one address or client are serialised with advisory locks,
// taken only while the count is under the limit: a flood naming one
// address locks for its first few posts, and then the limit, remembered,
// costs nothing.
func (db *DB) acknowledge(ctx context.Context, tx pgx.Tx, inq *contact.Inquiry) (bool, error) {
	mailbox := contact.Mailbox(inq.Email)
	type limit struct {
		key, column, value string
		window             time.Duration
		max                int
	}
	limits := []limit{{"ack-address:" + mailbox, "address", mailbox, contact.AckAddressWindow, contact.AckPerAddress}}
	if inq.Client != "" {
		limits = append(limits, limit{"ack-client:" + inq.Client, "client", inq.Client, contact.AckClientWindow, contact.AckPerClient})
	}
	if db.ackLimits.PerHour > 0 {
		// $1 = '' is true: the same queries count every acknowledgement.
		limits = append(limits, limit{"ack-all", "''", "", time.Hour, db.ackLimits.PerHour})
	}
	for _, l := range limits { // the lock order is fixed: address, client, all
		if db.limits.Limited(l.key, inq.CreatedAt) {
			return false, nil
		}
		since := inq.CreatedAt.Add(-l.window).UnixMilli()
		under := func() (bool, error) {
			var n int
			err := tx.QueryRow(ctx, `SELECT count(*) FROM acknowledgements WHERE `+l.column+` = $1 AND at >= $2`, l.value, since).Scan(&n)
			if err != nil || n < l.max {
				return err == nil, err
			}
			// At the limit until the acknowledgement that makes it so
			// leaves the window.
			var at int64
			err = tx.QueryRow(ctx, `SELECT at FROM acknowledgements WHERE `+l.column+` = $1 AND at >= $2 ORDER BY at LIMIT 1 OFFSET $3`, l.value, since, n-l.max).Scan(&at)
			db.limits.Remember(l.key, time.UnixMilli(at).Add(l.window))
			return false, err
		}
		if ok, err := under(); err != nil || !ok {
			return false, err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, l.key); err != nil {
			return false, err
		}
		if ok, err := under(); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// fromMillis reads a nullable time column.
func fromMillis(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

// Close implements contact.Store.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}
