package storetest

import (
	"context"
	"testing"

	"github.com/uio-partner/portal/internal/contact"
)

// testMisses checks the privacy rules of the searches that found nothing
// through the real store: a query one client sends, however often, is
// never stored; it is from the third different client of a day on; the
// next day counts anew.
func testMisses(t *testing.T, s contact.Store) {
	ctx := context.Background()
	clock := &Clock{now: oslo(2026, 12, 1, 10, 0)}
	c := contact.NewMissCounter(s, osloZone)
	c.Now = clock.Now
	count := func(client, lang, q string) {
		t.Helper()
		if err := c.Count(ctx, client, lang, q); err != nil {
			t.Fatal(err)
		}
	}
	stored := func() map[string]int {
		t.Helper()
		rows, err := s.Misses(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, m := range rows {
			out[m.Day+" "+m.Lang+" "+m.Query] = m.Clients
		}
		return out
	}
	for range 10 {
		count("203.0.113.7/32", "en", "kari nordmann") // one person, their own name
	}
	count("203.0.113.8/32", "en", "microscopes")
	count("203.0.113.9/32", "en", "microscopes")
	if got := stored(); len(got) != 0 {
		t.Fatalf("stored %v before a third client sent a query", got)
	}
	count("2001:db8:1::/64", "en", "microscopes")
	count("2001:db8:1::/64", "en", "microscopes") // the same client again
	count("203.0.113.8/32", "nb", "microscopes")  // another language is another query
	if got := stored(); len(got) != 1 || got["2026-12-01 en microscopes"] != 3 {
		t.Fatalf("after three clients: %v, want en microscopes with 3", got)
	}
	count("203.0.113.10/32", "en", "microscopes")
	clock.Set(oslo(2026, 12, 2, 9, 0))
	count("203.0.113.8/32", "en", "microscopes")
	count("203.0.113.9/32", "en", "microscopes")
	count("203.0.113.7/32", "en", "kari nordmann")
	got := stored()
	if len(got) != 1 || got["2026-12-01 en microscopes"] != 4 {
		t.Fatalf("next day: %v, want only yesterday's row with 4 clients", got)
	}
	if rows, err := s.Misses(ctx, "2026-12-02"); err != nil || len(rows) != 0 {
		t.Errorf("Misses since 2026-12-02 = %v, %v; want none", rows, err)
	}
	sum := contact.SummariseMisses([]contact.Miss{{Day: "2026-12-01", Lang: "en", Query: "a", Clients: 3}, {Day: "2026-12-03", Lang: "en", Query: "a", Clients: 5},
		{Day: "2026-12-02", Lang: "nb", Query: "b", Clients: 9}})
	want := []contact.MissSummary{{Lang: "nb", Query: "b", Clients: 9, Days: 1, Last: "2026-12-02"}, {Lang: "en", Query: "a", Clients: 8, Days: 2, Last: "2026-12-03"}}
	if len(sum) != 2 || sum[0] != want[0] || sum[1] != want[1] {
		t.Errorf("SummariseMisses = %+v, want %+v", sum, want)
	}
}
