// Package schema is what the sqlite and postgres stores share of their
// tables, so it is written once: the columns an inquiry is read from, how
// such a row becomes a contact.Inquiry, how times are kept, and the
// statements that fire the timers of contact.TimerRules. Each store gives
// what its dialect spells differently (Dialect). Nothing here decides
// anything: the rules are in package contact.
package schema

import (
	"fmt"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// InquiryColumns are read by ScanInquiry, in its order. The extra fields
// (JSON: TEXT in SQLite, jsonb in PostgreSQL) are read as text in both.
const InquiryColumns = `id, created_at, lang, topic, name, email, organisation, message, coalesce(idem_key, ''), hash, spam_score, spam,
	status, due_at, coalesce(claimed_by, ''), coalesce(claimer_name, ''), claimed_at, coalesce(answered_by, ''), answered_at,
	coalesce(CAST(extra AS TEXT), '')`

// Scanner is a row of either driver (database/sql, pgx).
type Scanner interface{ Scan(dest ...any) error }

// ScanInquiry reads a row of InquiryColumns. Times are kept as Unix
// milliseconds, nullable ones as NULL for the zero time.
func ScanInquiry(row Scanner) (*contact.Inquiry, error) {
	q := &contact.Inquiry{}
	var created int64
	var extra string
	var due, claimed, answered *int64
	err := row.Scan(&q.ID, &created, &q.Lang, &q.Topic, &q.Name, &q.Email, &q.Organisation, &q.Message, &q.Key, &q.Hash, &q.SpamScore, &q.Spam,
		&q.Status, &due, &q.ClaimedBy, &q.ClaimerName, &claimed, &q.AnsweredBy, &answered, &extra)
	if err == nil {
		err = q.SetExtraJSON(extra)
	}
	q.CreatedAt = time.UnixMilli(created).UTC()
	q.DueAt, q.ClaimedAt, q.AnsweredAt = Time(due), Time(claimed), Time(answered)
	return q, err
}

// Time reads a nullable time column: NULL is the zero time.
func Time(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

// Since is the created_at a filter starts at.
func Since(f contact.Filter) int64 {
	if f.Since.IsZero() {
		return 0
	}
	return f.Since.UnixMilli()
}

// Dialect is what a store's SQL spells its own way in the statements
// made here.
type Dialect struct {
	// Now and Limit are the placeholders of a timer statement's time and
	// batch size.
	Now, Limit string
	// NotSpam is the condition that an inquiry is not spam.
	NotSpam string
	// Lock is the clause, if any, that locks the rows a timer fires.
	Lock string
}

// clockColumns are the columns of each clock: its time, and when a timer
// fired on it.
var clockColumns = map[contact.Clock][2]string{
	contact.ClockDue:    {"due_at", "escalated_at"},
	contact.ClockRemind: {"remind_at", "reminded_at"},
}

// FireStatements returns the statement that fires each of
// contact.TimerRules: it marks the due inquiries fired and returns them
// (InquiryColumns). The rule's conditions are written in as constants, not
// parameters, so that the database uses the partial index its migrations
// made on the same condition.
func FireStatements(d Dialect) map[contact.TimerRule]string {
	out := map[contact.TimerRule]string{}
	for _, r := range contact.TimerRules {
		cols := clockColumns[r.Clock]
		cond := []string{"status = " + quote(r.Status), cols[1] + " IS NULL"}
		if !r.Spam {
			cond = append(cond, d.NotSpam)
		}
		cond = append(cond, cols[0]+" <= "+d.Now)
		out[r] = fmt.Sprintf(`UPDATE inquiries SET %s = %s WHERE id IN (SELECT id FROM inquiries WHERE %s ORDER BY %s LIMIT %s %s) RETURNING %s`,
			cols[1], d.Now, strings.Join(cond, " AND "), cols[0], d.Limit, d.Lock, InquiryColumns)
	}
	return out
}

// quote is s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
