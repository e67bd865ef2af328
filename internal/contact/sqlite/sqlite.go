// Package sqlite implements contact.Store on SQLite (modernc.org/sqlite, pure
// Go): storage only, the rules being contact.SaveRules and
// contact.Lifecycle, run on its transactions. Saves go through one writer goroutine that commits concurrent
// inquiries together (group commit): with synchronous=FULL every commit is an
// fsync, and one fsync per batch instead of per inquiry is what lets a small
// server take thousands of inquiries a second while answering each only after
// it is durable.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// maxBatch bounds one group commit, so one transaction never grows huge.
const maxBatch = 256

// DB is a contact.Store on one SQLite file.
type DB struct {
	db   *sql.DB
	path string
	// Now is the clock for outbox leases; tests replace it.
	Now func() time.Time

	mu     sync.RWMutex // guards closed against Save racing Close
	closed bool
	saves  chan *saveReq
	done   chan struct{}

	stmts stmts

	// rules decide what a save stores; the DB only stores it.
	rules contact.SaveRules
	// Lifecycle implements the Ownership and Timers rules on db's
	// transactions (lifecycleTx).
	contact.Lifecycle
	keyMu sync.Mutex // guards the key file (KeyPath) within the process
}

// SetAckLimits implements contact.Saver.
func (db *DB) SetAckLimits(l contact.AckLimits) { db.rules.SetAckLimits(l) }

// stmts are the writer's statements, prepared once: it runs them for every
// inquiry, and parsing the SQL each time showed in the CPU profile.
type stmts struct {
	key, hash, insert, outbox, ackAddress, ackClient, ack, ackAddressFree, ackClientFree, ackAll, ackAllFree *sql.Stmt
}

const insertOutboxSQL = `INSERT INTO outbox (inquiry_id, kind, purpose, target, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)`

var stmtSQL = []string{
	`SELECT id FROM inquiries WHERE idem_key = ? AND hash = ?`,
	`SELECT id FROM inquiries WHERE hash = ? AND created_at >= ? ORDER BY created_at LIMIT 1`,
	`INSERT INTO inquiries (id, created_at, lang, topic, name, email, email_norm, organisation, message, idem_key, hash, spam_score, spam, status, due_at, extra)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	insertOutboxSQL,
	`SELECT count(*) FROM acknowledgements WHERE address = ? AND at >= ?`,
	`SELECT count(*) FROM acknowledgements WHERE client = ? AND at >= ?`,
	`INSERT INTO acknowledgements (inquiry_id, address, client, at) VALUES (?, ?, ?, ?)`,
	`SELECT at FROM acknowledgements WHERE address = ? AND at >= ? ORDER BY at LIMIT 1 OFFSET ?`,
	`SELECT at FROM acknowledgements WHERE client = ? AND at >= ? ORDER BY at LIMIT 1 OFFSET ?`,
	`SELECT count(*) FROM acknowledgements WHERE ? = '' AND at >= ?`,
	`SELECT at FROM acknowledgements WHERE ? = '' AND at >= ? ORDER BY at LIMIT 1 OFFSET ?`,
}

// fields lists the statements in stmtSQL's order.
func (s *stmts) fields() []**sql.Stmt {
	return []**sql.Stmt{&s.key, &s.hash, &s.insert, &s.outbox, &s.ackAddress, &s.ackClient, &s.ack, &s.ackAddressFree, &s.ackClientFree, &s.ackAll, &s.ackAllFree}
}

// in returns the statements bound to tx, once per batch: binding per
// inquiry allocated a statement wrapper per call (allocation profile).
func (s *stmts) in(ctx context.Context, tx *sql.Tx) *stmts {
	t := &stmts{}
	dst := t.fields()
	for i, src := range s.fields() {
		*dst[i] = tx.StmtContext(ctx, *src)
	}
	return t
}

var _ contact.Store = (*DB)(nil)

type saveReq struct {
	inq  *contact.Inquiry
	msgs []*contact.Message
	// mailbox is contact.Mailbox of the inquiry's address, computed by
	// the caller's goroutine, not the one writer every save waits for.
	mailbox string
	id      string
	new     bool
	err     error
	done    chan struct{}
}

// Open opens (creating if needed) the database at path and migrates it.
// The database and its -wal and -shm files are the owner's only (0600),
// and so is a folder Open creates (0700): they hold every inquiry.
func Open(ctx context.Context, path string) (_ *DB, err error) {
	defer contact.Wrap(&err, "open sqlite %s", path)
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	// WAL lets exports read while the writer writes; synchronous=FULL makes
	// a commit durable before we answer 2xx; _txlock=immediate takes the
	// write lock at BEGIN so a transaction never fails half-way on SQLITE_BUSY.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite has one writer anyway, and a single connection
	// means no SQLITE_BUSY between our own connections.
	sdb.SetMaxOpenConns(1)
	db := &DB{db: sdb, path: path, Now: time.Now, saves: make(chan *saveReq, 4*maxBatch), done: make(chan struct{})}
	db.Lifecycle = contact.Lifecycle{Name: "sqlite", InTx: db.lifecycleTx, Now: func() time.Time { return db.Now() }}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := db.prepare(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	go db.writer()
	return db, nil
}

// ownerOnly creates the database file, and any folder above it, for the
// owner alone, whatever the umask, and takes read access from others on
// a database and side files that exist already (created by a version
// that left them to the umask). SQLite gives the -wal and -shm files it
// creates the mode of the database file (unix VFS robust_open), so they
// follow.
func ownerOnly(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	err = f.Chmod(0o600) // the umask may have cleared nothing, but a file that existed keeps its mode
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	for _, side := range []string{path + "-wal", path + "-shm", path + "-journal", KeyPath(path)} {
		if err := os.Chmod(side, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil || n > 0 {
		return err
	}
	src, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(src)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES (?)`, name); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) prepare(ctx context.Context) error {
	for i, dst := range db.stmts.fields() {
		st, err := db.db.PrepareContext(ctx, stmtSQL[i])
		if err != nil {
			return err
		}
		*dst = st
	}
	return nil
}

// Save implements contact.Saver. It queues the inquiry for the writer and
// returns once the batch holding it has committed.
func (db *DB) Save(ctx context.Context, inq *contact.Inquiry, msgs []*contact.Message) (string, bool, error) {
	req := &saveReq{inq: inq, msgs: msgs, mailbox: contact.Mailbox(inq.Email), done: make(chan struct{})}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return "", false, contact.Errorf(contact.EINTERNAL, "store closed")
	}
	select {
	case db.saves <- req:
	case <-ctx.Done():
		db.mu.RUnlock()
		return "", false, ctx.Err()
	}
	db.mu.RUnlock()
	select {
	case <-req.done:
		return req.id, req.new, req.err
	case <-ctx.Done():
		// The writer still commits it; a retry with the same key or content
		// gets the same id.
		return "", false, ctx.Err()
	}
}

// writer commits queued saves in batches until Close closes the queue.
func (db *DB) writer() {
	defer close(db.done)
	for req := range db.saves {
		batch := []*saveReq{req}
	fill:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-db.saves:
				if !ok {
					break fill
				}
				batch = append(batch, r)
			default:
				break fill
			}
		}
		db.commit(batch)
	}
}

// commit saves a batch in one transaction and answers each request. If any
// inquiry fails, the batch is rolled back and each inquiry is retried in a
// transaction of its own, so one bad row fails only its own request. (This
// replaced a savepoint per inquiry: two statements fewer per inquiry on the
// serial writer, for a path that is almost never taken.)
func (db *DB) commit(batch []*saveReq) {
	if err := db.saveAll(batch); err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.err = db.saveAll([]*saveReq{r})
		}
	} else if err != nil {
		batch[0].err = err
	}
	for _, r := range batch {
		if r.err != nil {
			r.id, r.new = "", false
		}
		close(r.done)
	}
}

// saveAll saves reqs in one transaction, filling in their ids.
func (db *DB) saveAll(reqs []*saveReq) error {
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := saveTx{db.stmts.in(ctx, tx)}
	for _, r := range reqs {
		if r.id, r.new, err = db.rules.Save(ctx, st, r.inq, r.msgs, r.mailbox); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite commit: %w", err)
	}
	return nil
}

// saveTx is the batch's transaction as contact.SaveRules sees it.
type saveTx struct{ st *stmts }

// FindKey implements contact.SaveTx.
func (t saveTx) FindKey(ctx context.Context, key, hash string) (string, error) {
	return foundID(t.st.key.QueryRowContext(ctx, key, hash))
}

// FindHash implements contact.SaveTx.
func (t saveTx) FindHash(ctx context.Context, hash string, since time.Time) (string, error) {
	return foundID(t.st.hash.QueryRowContext(ctx, hash, since.UnixMilli()))
}

// foundID reads the id a lookup found, "" if none.
func foundID(row *sql.Row) (string, error) {
	var id string
	if err := row.Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	return id, nil
}

// Serialise implements contact.SaveTx: the one writer runs one batch at a
// time, and the batch's transaction holds SQLite's write lock from BEGIN
// (_txlock=immediate), so nothing else can change what it read.
func (saveTx) Serialise(context.Context, string) (bool, error) { return false, nil }

// ackStmts returns the statements that count and find the
// acknowledgements of scope.
func (t saveTx) ackStmts(scope contact.AckScope) (count, nth *sql.Stmt) {
	switch scope {
	case contact.AckByMailbox:
		return t.st.ackAddress, t.st.ackAddressFree
	case contact.AckByClient:
		return t.st.ackClient, t.st.ackClientFree
	}
	return t.st.ackAll, t.st.ackAllFree
}

// CountAcks implements contact.SaveTx.
func (t saveTx) CountAcks(ctx context.Context, scope contact.AckScope, value string, since time.Time) (n int, err error) {
	count, _ := t.ackStmts(scope)
	err = count.QueryRowContext(ctx, value, since.UnixMilli()).Scan(&n)
	return n, err
}

// NthAck implements contact.SaveTx.
func (t saveTx) NthAck(ctx context.Context, scope contact.AckScope, value string, since time.Time, n int) (time.Time, error) {
	_, nth := t.ackStmts(scope)
	var at int64
	err := nth.QueryRowContext(ctx, value, since.UnixMilli(), n).Scan(&at)
	return time.UnixMilli(at), err
}

// Insert implements contact.SaveTx.
func (t saveTx) Insert(ctx context.Context, inq *contact.Inquiry, msgs []*contact.Message, acks []contact.Ack) error {
	created := inq.CreatedAt.UnixMilli()
	if _, err := t.st.insert.ExecContext(ctx, inq.ID, created, inq.Lang, inq.Topic, inq.Name, inq.Email,
		contact.EmailKey(inq.Email), inq.Organisation, inq.Message, nullable(inq.Key), inq.Hash, inq.SpamScore, inq.Spam, contact.StatusNew, nullTime(inq.DueAt), nullable(inq.ExtraJSON())); err != nil {
		return err
	}
	for _, a := range acks {
		if _, err := t.st.ack.ExecContext(ctx, inq.ID, a.Mailbox, a.Client, a.At.UnixMilli()); err != nil {
			return err
		}
	}
	for _, m := range msgs {
		if _, err := t.st.outbox.ExecContext(ctx, inq.ID, m.Kind, m.Purpose, m.Target, m.Payload, created, created); err != nil {
			return err
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// fromMillis reads a nullable time column.
func fromMillis(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

// Close implements contact.Store: it commits every queued save first.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	close(db.saves)
	db.mu.Unlock()
	<-db.done
	return db.db.Close()
}
