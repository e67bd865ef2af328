package sqlite

import (
	"context"
	"fmt"
)

// Dump returns every cell of every table, as text, for tests that look
// for what the database gives away.
func (db *DB) Dump(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	var cells []string
	for _, table := range tables {
		rows, err := db.db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			return nil, err
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
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
