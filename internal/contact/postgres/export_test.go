package postgres

import "context"

// Truncate empties the tables, for tests that share one database.
func (db *DB) Truncate(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `TRUNCATE inquiries, outbox, inquiry_events, acknowledgements, jobs, secrets, health RESTART IDENTITY`)
	return err
}
