package postgres_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/postgres"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

// MustOpenDB opens the database named by PORTAL_TEST_POSTGRES (see
// scripts/with-postgres.sh) and empties it. Without it the test is skipped,
// except under CI, where a silent skip would hide the PostgreSQL path.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	dsn := os.Getenv("PORTAL_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("PORTAL_TEST_POSTGRES is unset under CI: run the tests through scripts/with-postgres.sh")
		}
		tb.Skip("PORTAL_TEST_POSTGRES unset; run through scripts/with-postgres.sh to test PostgreSQL")
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Truncate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) contact.Store { return MustOpenDB(t) })
}

// TestTwoInstances runs two stores (as two endpoint processes would) on one
// database: twins posted to both are stored once, and concurrent claims
// never hand the same message to both.
func TestTwoInstances(t *testing.T) {
	a, b := MustOpenDB(t), MustOpenDB(t)
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	now := time.Now()
	const n = 30
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := []*postgres.DB{a, b}[i%2]
			q := storetest.NewInquiry(i/2, now) // i and i+1 are twins
			if _, _, err := db.Save(ctx, q, contact.Notifications(q, "L", []string{"x@example.org"}, "")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if all, _ := a.Inquiries(ctx, contact.Filter{}); len(all) != n {
		t.Fatalf("stored %d, want %d", len(all), n)
	}
	claimed := make(chan int64, 2*n)
	for _, db := range []*postgres.DB{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				msgs, err := db.Claim(ctx, fmt.Sprint(db), nil, 2, time.Minute)
				if err != nil || len(msgs) == 0 {
					return
				}
				for _, m := range msgs {
					claimed <- m.ID
				}
			}
		}()
	}
	wg.Wait()
	close(claimed)
	seen := map[int64]bool{}
	for id := range claimed {
		if seen[id] {
			t.Errorf("message %d claimed twice", id)
		}
		seen[id] = true
	}
	if len(seen) != n {
		t.Errorf("claimed %d messages, want %d", len(seen), n)
	}
}
