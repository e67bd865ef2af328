package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

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

// Dump returns every cell of every table, as text, for tests that look
// for what the database gives away.
func (db *DB) Dump(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		return nil, err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var cells []string
	for _, table := range tables {
		rows, err := db.pool.Query(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				rows.Close()
				return nil, err
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				cells = append(cells, fmt.Sprint(v))
			}
		}
		rows.Close()
	}
	return cells, nil
}
