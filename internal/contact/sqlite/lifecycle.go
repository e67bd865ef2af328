package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/schema"
)

// lifecycleTx is a transaction on the database (not the writer's batches:
// these changes are few, and each must answer on its own) as
// contact.Lifecycle sees it. The transaction takes SQLite's write lock at
// BEGIN (_txlock=immediate), so what it reads stays true until it ends:
// of two claims, the second reads the first's.
type lifecycleTx struct{ tx *sql.Tx }

func (db *DB) lifecycleTx(ctx context.Context, fn func(contact.LifecycleTx) error) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return fn(lifecycleTx{tx}) })
}

// Inquiry implements contact.LifecycleTx.
func (t lifecycleTx) Inquiry(ctx context.Context, id string) (*contact.Inquiry, error) {
	return inquiry(ctx, t.tx, id)
}

// SetProgress implements contact.LifecycleTx.
func (t lifecycleTx) SetProgress(ctx context.Context, id string, p contact.Progress, remindAt time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE inquiries SET status = ?, claimed_by = ?, claimer_name = ?, claimed_at = ?,
		answered_by = ?, answered_at = ?, remind_at = coalesce(?, remind_at) WHERE id = ?`,
		p.Status, nullable(p.ClaimedBy), p.ClaimerName, nullTime(p.ClaimedAt), nullable(p.AnsweredBy), nullTime(p.AnsweredAt), nullTime(remindAt), id)
	return err
}

// AddEvent implements contact.LifecycleTx.
func (t lifecycleTx) AddEvent(ctx context.Context, id string, e contact.Event) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO inquiry_events (inquiry_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`,
		id, e.At.UnixMilli(), e.Actor, e.Action, e.Detail)
	return err
}

// fireSQL fires each timer rule.
var fireSQL = schema.FireStatements(schema.Dialect{Now: "?1", Limit: "?2", NotSpam: "spam = 0"})

// FireTimer implements contact.LifecycleTx.
func (t lifecycleTx) FireTimer(ctx context.Context, r contact.TimerRule, now time.Time, n int) ([]*contact.Inquiry, error) {
	return inquiries(t.tx.QueryContext(ctx, fireSQL[r], now.UnixMilli(), n))
}

// RecordPeriod implements contact.LifecycleTx.
func (t lifecycleTx) RecordPeriod(ctx context.Context, job, period string, now time.Time) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `INSERT INTO jobs (job, period, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, job, period, now.UnixMilli())
	return rowChanged(res, err)
}

// MarkDead implements contact.LifecycleTx.
func (t lifecycleTx) MarkDead(ctx context.Context, owner string, id int64, reason string, now time.Time) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, dead_at = ?, claimed_by = NULL, claimed_until = NULL, last_error = ?
		WHERE id = ? AND claimed_by = ? AND sent_at IS NULL AND dead_at IS NULL`, now.UnixMilli(), reason, id, owner)
	return rowChanged(res, err)
}

// MarkSent implements contact.LifecycleTx.
func (t lifecycleTx) MarkSent(ctx context.Context, owner string, id int64, now time.Time) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
		now.UnixMilli(), id, owner)
	return rowChanged(res, err)
}

// rowChanged reports whether a statement changed a row.
func rowChanged(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Queue implements contact.LifecycleTx.
func (t lifecycleTx) Queue(ctx context.Context, msgs []*contact.Message, now time.Time) error {
	for _, m := range msgs {
		if _, err := t.tx.ExecContext(ctx, insertOutboxSQL, nullable(m.InquiryID), m.Kind, m.Purpose, m.Target, m.Payload, now.UnixMilli(), now.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}

// LastRun implements contact.Timers.
func (db *DB) LastRun(ctx context.Context, job string) (period string, err error) {
	defer contact.Wrap(&err, "sqlite last run %s", job)
	err = db.db.QueryRowContext(ctx, `SELECT coalesce(max(period), '') FROM jobs WHERE job = ?`, job).Scan(&period)
	return period, err
}

// KeyPath is where the link keys of the database at path live when no
// PORTAL_SECRET or --secret-file gives them: a file beside it, owner-only
// like the database, but not in it, so a copy of the database (a backup,
// a file sent for debugging) holds nothing that forges claim links.
func KeyPath(path string) string { return path + ".linkkey" }

// Secrets implements contact.Keys with the file at KeyPath: the current key
// on its first line, the previous one on its second, in hex. A key an
// older version kept in the secrets table moves to the file on first use,
// and is erased from the database.
func (db *DB) Secrets(ctx context.Context, fresh []byte) (current, previous []byte, err error) {
	defer contact.Wrap(&err, "sqlite secrets")
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	path := KeyPath(db.path)
	if current, previous, err = readKeys(path); !errors.Is(err, fs.ErrNotExist) {
		return current, previous, err
	}
	err = db.db.QueryRowContext(ctx, `SELECT current, previous FROM secrets WHERE id = 1`).Scan(&current, &previous)
	if errors.Is(err, sql.ErrNoRows) {
		current, previous, err = fresh, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := writeKeys(path, current, previous, false); errors.Is(err, fs.ErrExist) {
		return readKeys(path) // another process on this database was first
	} else if err != nil {
		return nil, nil, err
	}
	// secure_delete overwrites the row's bytes instead of leaving them in
	// a free page of the file.
	_, err = db.db.ExecContext(ctx, `PRAGMA secure_delete = ON; DELETE FROM secrets; PRAGMA secure_delete = OFF`)
	return current, previous, err
}

// RotateSecret implements contact.Keys: key becomes current in the file,
// the current key previous.
func (db *DB) RotateSecret(ctx context.Context, key []byte) (err error) {
	defer contact.Wrap(&err, "sqlite rotate secret")
	cur, _, err := db.Secrets(ctx, key)
	if err != nil {
		return err
	}
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	if string(cur) == string(key) {
		return nil // the first key: nothing to rotate from
	}
	return writeKeys(KeyPath(db.path), key, cur, true)
}

// readKeys reads a key file.
func readKeys(path string) (current, previous []byte, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if current, err = hex.DecodeString(strings.TrimSpace(lines[0])); err != nil || len(current) == 0 {
		return nil, nil, fmt.Errorf("%s: line 1 is not a key in hex", path)
	}
	if len(lines) > 1 {
		if previous, err = hex.DecodeString(strings.TrimSpace(lines[1])); err != nil {
			return nil, nil, fmt.Errorf("%s: line 2 is not a key in hex", path)
		}
	}
	return current, previous, nil
}

// writeKeys writes a key file, 0600, through a temporary file: renamed over
// path when replace is set, else linked to it, which fails if it exists
// (the first process to make a key wins).
func writeKeys(path string, current, previous []byte, replace bool) error {
	text := hex.EncodeToString(current) + "\n"
	if previous != nil {
		text += hex.EncodeToString(previous) + "\n"
	}
	place := os.Link
	if replace {
		place = os.Rename
	}
	return contact.PlacePrivateFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	}, place)
}

// MinFree is the free space below which Health fails. The largest inquiry
// the form takes is about 43 KB of UTF-8 (its fields' declared max, 4 bytes a
// character at worst); it is stored in its row and in each of its outbox
// messages (two per unit recipient, the webhook), and written twice, to
// the WAL and at the checkpoint to the database: a few hundred KB for a
// topic with a few recipients. A one-row probe write fits in free pages
// that such an inquiry does not (issue 23, property 1), so free space is
// what health measures.
const MinFree = 1 << 20

// Health implements contact.Prober: a write, the free space on the
// database's file system (MinFree), and the outbox's figures.
func (db *DB) Health(ctx context.Context) (h contact.Health, err error) {
	defer contact.Wrap(&err, "sqlite health")
	if free, ok := freeSpace(filepath.Dir(db.path)); ok && free < MinFree {
		return h, fmt.Errorf("%d KB free on the database's file system: an inquiry may need up to %d KB", free>>10, MinFree>>10)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO health (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at`, db.Now().UnixMilli()); err != nil {
			return err
		}
		var oldest sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL`).Scan(&h.Pending, &oldest); err != nil {
			return err
		}
		h.OldestPending = fromMillis(oldest)
		return tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(purpose = ?), 0) FROM outbox WHERE dead_at IS NOT NULL`, contact.PurposeAck).Scan(&h.Dead, &h.DeadAcks)
	})
	return h, err
}
