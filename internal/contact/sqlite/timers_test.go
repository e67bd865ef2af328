package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
)

// TestTimerIndexes: the statements made from contact.TimerRules find due
// inquiries through the partial indexes of migration 003, whose conditions
// they must therefore match word for word (SQLite uses a partial index only
// then). A rule changed in Go without its index would scan every inquiry
// each minute.
func TestTimerIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "contact.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]string{contact.TimerEscalation: "inquiries_escalation_due", contact.TimerReminder: "inquiries_reminder_due"}
	for name, rule := range contact.TimerRules {
		rows, err := db.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+fireSQL[rule], time.Now().UnixMilli(), 100)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(strings.Join(plan, "\n"), want[name]) {
			t.Errorf("timer %s does not use index %s:\n%s", name, want[name], strings.Join(plan, "\n"))
		}
	}
}
