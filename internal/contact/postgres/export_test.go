package postgres

import "context"

// Truncate empties the tables, for tests that share one database.
func (db *DB) Truncate(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `TRUNCATE inquiries, outbox, inquiry_events, acknowledgements, jobs, secrets, health RESTART IDENTITY`)
	return err
}

// Exec runs sql on the database, for tests that break it on purpose.
func (db *DB) Exec(ctx context.Context, sql string) error {
	_, err := db.pool.Exec(ctx, sql)
	return err
}
