// Package postgres implements contact.Store on PostgreSQL with pgx: storage
// only, the rules being contact.SaveRules and contact.Lifecycle, run on its
// transactions. Several endpoint instances may share one database: saves
// of the same content or key are serialised with transaction-scoped
// advisory locks (SaveTx.Serialise), a claim locks the inquiry's row, and
// senders claim outbox rows with FOR UPDATE SKIP LOCKED under a lease.
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

	// rules decide what a save stores; the DB only stores it.
	rules contact.SaveRules
	// Lifecycle implements the Ownership and Timers rules on db's
	// transactions (lifecycleTx).
	contact.Lifecycle
}

var _ contact.Store = (*DB)(nil)

// SetAckLimits implements contact.Saver.
func (db *DB) SetAckLimits(l contact.AckLimits) { db.rules.SetAckLimits(l) }

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
	db.Lifecycle = contact.Lifecycle{Name: "postgres", InTx: db.lifecycleTx, Now: func() time.Time { return db.Now() }}
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

// Save implements contact.Saver. PostgreSQL batches concurrent commits
// itself, so each save is simply its own transaction.
func (db *DB) Save(ctx context.Context, inq *contact.Inquiry, msgs []*contact.Message) (id string, created bool, err error) {
	defer contact.Wrap(&err, "postgres save")
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		id, created, err = db.rules.Save(ctx, saveTx{tx}, inq, msgs, contact.Mailbox(inq.Email))
		return err
	})
	if err != nil {
		return "", false, err
	}
	return id, created, nil
}

// saveTx is a save's transaction as contact.SaveRules sees it.
type saveTx struct{ tx pgx.Tx }

// FindKey implements contact.SaveTx.
func (t saveTx) FindKey(ctx context.Context, key, hash string) (string, error) {
	return foundID(t.tx.QueryRow(ctx, `SELECT id FROM inquiries WHERE idem_key = $1 AND hash = $2`, key, hash))
}

// FindHash implements contact.SaveTx.
func (t saveTx) FindHash(ctx context.Context, hash string, since time.Time) (string, error) {
	return foundID(t.tx.QueryRow(ctx, `SELECT id FROM inquiries WHERE hash = $1 AND created_at >= $2 ORDER BY created_at LIMIT 1`, hash, since.UnixMilli()))
}

// foundID reads the id a lookup found, "" if none.
func foundID(row pgx.Row) (string, error) {
	var id string
	if err := row.Scan(&id); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", err
	}
	return id, nil
}

// Serialise implements contact.SaveTx with a transaction-scoped advisory
// lock, which holds across instances.
func (t saveTx) Serialise(ctx context.Context, key string) (bool, error) {
	_, err := t.tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, key)
	return err == nil, err
}

// ackCondition is the WHERE condition of each scope's acknowledgements,
// given the value as $1; for every acknowledgement, $1 = ” is true.
var ackCondition = map[contact.AckScope]string{
	contact.AckByMailbox: "address = $1",
	contact.AckByClient:  "client = $1",
	contact.AckByAll:     "$1 = ''",
}

// CountAcks implements contact.SaveTx.
func (t saveTx) CountAcks(ctx context.Context, scope contact.AckScope, value string, since time.Time) (n int, err error) {
	err = t.tx.QueryRow(ctx, `SELECT count(*) FROM acknowledgements WHERE `+ackCondition[scope]+` AND at >= $2`, value, since.UnixMilli()).Scan(&n)
	return n, err
}

// NthAck implements contact.SaveTx.
func (t saveTx) NthAck(ctx context.Context, scope contact.AckScope, value string, since time.Time, n int) (time.Time, error) {
	var at int64
	err := t.tx.QueryRow(ctx, `SELECT at FROM acknowledgements WHERE `+ackCondition[scope]+` AND at >= $2 ORDER BY at LIMIT 1 OFFSET $3`,
		value, since.UnixMilli(), n).Scan(&at)
	return time.UnixMilli(at), err
}

// Insert implements contact.SaveTx, in one round trip.
func (t saveTx) Insert(ctx context.Context, inq *contact.Inquiry, msgs []*contact.Message, acks []contact.Ack) error {
	var key *string
	if inq.Key != "" {
		key = &inq.Key
	}
	created := inq.CreatedAt.UnixMilli()
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO inquiries (id, created_at, lang, topic, name, email, email_norm, organisation, message, idem_key, hash, spam_score, spam, status, due_at, extra)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULLIF($16, '')::jsonb)`,
		inq.ID, created, inq.Lang, inq.Topic, inq.Name, inq.Email, contact.EmailKey(inq.Email),
		inq.Organisation, inq.Message, key, inq.Hash, inq.SpamScore, inq.Spam, contact.StatusNew, nullTime(inq.DueAt), inq.ExtraJSON())
	for _, a := range acks {
		b.Queue(`INSERT INTO acknowledgements (inquiry_id, address, client, at) VALUES ($1, $2, $3, $4)`, inq.ID, a.Mailbox, a.Client, a.At.UnixMilli())
	}
	for _, m := range msgs {
		b.Queue(insertOutboxSQL, inq.ID, m.Kind, m.Purpose, m.Target, m.Payload, created, created)
	}
	return t.tx.SendBatch(ctx, b).Close()
}

const insertOutboxSQL = `INSERT INTO outbox (inquiry_id, kind, purpose, target, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// Close implements contact.Store.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}
