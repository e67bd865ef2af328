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
)

// Take implements contact.Ownership. The UPDATE's status condition is the
// claim: SQLite runs one writing transaction at a time, so exactly one
// claim finds the inquiry new.
func (db *DB) Take(ctx context.Context, id string, c contact.Claim) (_ *contact.Inquiry, err error) {
	defer contact.Wrap(&err, "sqlite take %s", id)
	var q *contact.Inquiry
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE inquiries SET status = 'claimed', claimed_by = ?, claimer_name = ?, claimed_at = ?, remind_at = ?
			WHERE id = ? AND status = 'new'`, c.By, c.Name, c.At.UnixMilli(), nullTime(c.RemindAt), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
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
	defer contact.Wrap(&err, "sqlite answered %s", id)
	var q *contact.Inquiry
	changed := false
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE inquiries SET status = 'answered', answered_at = ?, answered_by = ?,
			claimed_by = coalesce(claimed_by, ?), claimed_at = coalesce(claimed_at, ?)
			WHERE id = ? AND status <> 'answered'`, at.UnixMilli(), by, by, at.UnixMilli(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			changed = true
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

func addEvent(ctx context.Context, tx *sql.Tx, id string, at time.Time, actor, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO inquiry_events (inquiry_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`,
		id, at.UnixMilli(), actor, action, detail)
	return err
}

// timers are the statements that fire each timer, and the history action.
var timers = map[string]struct{ fire, action string }{
	contact.TimerEscalation: {`UPDATE inquiries SET escalated_at = ?1 WHERE id IN (SELECT id FROM inquiries
		WHERE status = 'new' AND escalated_at IS NULL AND spam = 0 AND due_at <= ?1 ORDER BY due_at LIMIT ?2)
		RETURNING ` + inquiryColumns, contact.ActionEscalated},
	contact.TimerReminder: {`UPDATE inquiries SET reminded_at = ?1 WHERE id IN (SELECT id FROM inquiries
		WHERE status = 'claimed' AND reminded_at IS NULL AND remind_at <= ?1 ORDER BY remind_at LIMIT ?2)
		RETURNING ` + inquiryColumns, contact.ActionReminded},
}

// FireDue implements contact.Timers.
func (db *DB) FireDue(ctx context.Context, timer string, now time.Time, n int, compose func(*contact.Inquiry) []*contact.Message) (fired int, err error) {
	defer contact.Wrap(&err, "sqlite fire %s", timer)
	t, ok := timers[timer]
	if !ok {
		return 0, contact.Errorf(contact.EINVALID, "unknown timer %q", timer)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, t.fire, now.UnixMilli(), n)
		if err != nil {
			return err
		}
		var due []*contact.Inquiry
		for rows.Next() {
			q, err := scanInquiry(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, q)
		}
		if err := rows.Close(); err != nil {
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
	defer contact.Wrap(&err, "sqlite last run %s", job)
	err = db.db.QueryRowContext(ctx, `SELECT coalesce(max(period), '') FROM jobs WHERE job = ?`, job).Scan(&period)
	return period, err
}

// RecordRun implements contact.Timers.
func (db *DB) RecordRun(ctx context.Context, job, period string, msgs []*contact.Message) (recorded bool, err error) {
	defer contact.Wrap(&err, "sqlite record run %s %s", job, period)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (job, period, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, job, period, now.UnixMilli())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		recorded = true
		return insertMessages(ctx, tx, msgs, now)
	})
	return recorded, err
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

// Health implements contact.Store: a write, the free space on the
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
		return tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(purpose = 'ack'), 0) FROM outbox WHERE dead_at IS NOT NULL`).Scan(&h.Dead, &h.DeadAcks)
	})
	return h, err
}
