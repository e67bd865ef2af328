package postgres

import "context"

// Truncate empties the tables, for tests that share one database.
func (db *DB) Truncate(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `TRUNCATE inquiries, outbox RESTART IDENTITY`)
	return err
}
