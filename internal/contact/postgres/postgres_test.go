package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/contact/postgres"
	"github.com/uio-partner/portal/internal/contact/postgres/pgtest"
	"github.com/uio-partner/portal/internal/contact/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustOpenDB opens the package's own test database (pgtest) and empties it.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.DSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Truncate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) contact.Store {
		db := MustOpenDB(t)
		if now != nil {
			db.Now = now
		}
		return db
	})
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
			if _, _, err := db.Save(ctx, q, storetest.Messages(t, q)); err != nil {
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
	if len(seen) != 2*n { // the unit's mail and the acknowledgement (the links follow the unit's mail when it is sent)
		t.Errorf("claimed %d messages, want %d", len(seen), 2*n)
	}
}

// TestTwoInstancesClaimOneInquiry: people clicking "I'll take it" at once on
// two instances: exactly one claim wins, the others are told who has it,
// and the history has one claim.
func TestTwoInstancesClaimOneInquiry(t *testing.T) {
	a, b := MustOpenDB(t), MustOpenDB(t)
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	for round := range 5 {
		q := storetest.NewInquiry(round, time.Now())
		if _, _, err := a.Save(ctx, q, storetest.Messages(t, q)); err != nil {
			t.Fatal(err)
		}
		const n = 8
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				db := []*postgres.DB{a, b}[i%2]
				_, errs[i] = db.Take(ctx, q.ID, contact.Claim{By: fmt.Sprintf("p%d@example.org", i), At: time.Now()})
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch contact.ErrorCode(err) {
			case "":
				wins++
			case contact.ECONFLICT:
			default:
				t.Fatalf("Take: %v", err)
			}
		}
		full, err := b.Inquiry(ctx, q.ID)
		if wins != 1 || err != nil || len(full.History) != 1 {
			t.Errorf("round %d: %d claims won, history %+v (%v); want exactly one", round, wins, full.History, err)
		}
	}
}

// TestTwoInstancesFireOnce: both instances' schedulers fire the same
// escalations and record the same digest period at once; each goes out
// once.
func TestTwoInstancesFireOnce(t *testing.T) {
	a, b := MustOpenDB(t), MustOpenDB(t)
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	now := time.Now()
	const n = 40
	for i := range n {
		q := storetest.NewInquiry(i, now.Add(-100*time.Hour))
		q.DueAt = now.Add(-time.Hour)
		if _, _, err := a.Save(ctx, q, nil); err != nil {
			t.Fatal(err)
		}
	}
	mailer := storetest.Mailer(t)
	var wg sync.WaitGroup
	fired := make([]int, 2)
	recorded := make([]bool, 2)
	for i, db := range []*postgres.DB{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k, err := db.FireDue(ctx, contact.TimerEscalation, now, 3, func(q *contact.Inquiry) []*contact.Message { return mailer.Escalation(q, now) })
				if err != nil {
					t.Error(err)
					return
				}
				fired[i] += k
				if k == 0 {
					break
				}
			}
			var err error
			recorded[i], err = db.RecordRun(ctx, contact.JobDigest, "2026-11-30", mailer.Digest(contact.NewReport(nil, nil, now, now, func(s string) string { return s }), now))
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if fired[0]+fired[1] != n {
		t.Errorf("fired %d + %d escalations, want %d in all", fired[0], fired[1], n)
	}
	if recorded[0] == recorded[1] {
		t.Errorf("digest recorded by %v; want exactly one instance", recorded)
	}
	msgs, err := a.Claim(ctx, "count", nil, 1000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	perPurpose := map[string]int{}
	for _, m := range msgs {
		perPurpose[m.Purpose]++
	}
	if perPurpose[contact.PurposeEscalation] != 2*n || perPurpose[contact.PurposeDigest] != 2 {
		t.Errorf("queued %v; want %d escalations (two coordinators each) and 2 digests", perPurpose, 2*n)
	}
}

// TestHealthFailsWhileSavesFail is issue 23's property 1 on PostgreSQL,
// whose disk the endpoint cannot measure: while every inquiry fails (here
// a constraint refuses every row, as a full disk or a lost grant would),
// the health probe still writes its row, so only the watched saves can
// tell; health recovers with the first inquiry stored.
func TestHealthFailsWhileSavesFail(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	w := contact.Watch(db)
	if _, err := w.Health(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `ALTER TABLE inquiries ADD CONSTRAINT nothing_fits CHECK (false) NOT VALID`); err != nil {
		t.Fatal(err)
	}
	q := storetest.NewInquiry(1, time.Now())
	if _, _, err := w.Save(ctx, q, storetest.Messages(t, q)); err == nil {
		t.Fatal("stored despite the constraint")
	}
	if _, err := db.Health(ctx); err != nil {
		t.Fatalf("the probe alone fails too (%v): the test shows nothing", err)
	}
	if _, err := w.Health(ctx); err == nil {
		t.Error("health is ok while inquiries cannot be stored")
	}
	if err := db.Exec(ctx, `ALTER TABLE inquiries DROP CONSTRAINT nothing_fits`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Save(ctx, q, storetest.Messages(t, q)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Health(ctx); err != nil {
		t.Errorf("health after an inquiry was stored again: %v", err)
	}
}

// TestClientNotRecoverable is issue 23's property 7 on PostgreSQL.
func TestClientNotRecoverable(t *testing.T) {
	open := func(t *testing.T, now func() time.Time) contact.Store {
		db := MustOpenDB(t)
		if now != nil {
			db.Now = now
		}
		return db
	}
	storetest.ClientNotRecoverable(t, open, func(s contact.Store) []string {
		cells, err := s.(*postgres.DB).Dump(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return cells
	})
}
