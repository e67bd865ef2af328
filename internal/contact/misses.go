package contact

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sort"
	"sync"
	"time"
)

// The searches that found nothing. The search page reports a query that
// found nothing (normalised, with its language and day) once the visitor
// has stopped typing; the communications team reads the list in portal
// contact report and turns it into pages or glossary entries.
//
// Privacy: nothing that identifies a visitor is stored, and a query that
// one person typed (their own name, say) is never stored at all. Each
// report is counted under a keyed hash of the client's network, the
// language and the query, with a key made at random for the day and kept
// in memory only; the hashes live in memory for the day too. A query is
// written to the database only when the third different client of the day
// sends it, and from then on each further client adds one. When the day
// changes (in the site's zone), key and hashes are dropped, so no one can later tell
// whether an address sent a query, not even from the process's memory.

// MissThreshold is how many different clients must send a query on one
// day before it is stored.
const MissThreshold = 3

// maxMissClients bounds the day's hashes, so a flood from many addresses
// cannot grow memory without end; reports beyond it are not counted.
const maxMissClients = 200_000

// Miss is one stored query that found nothing: how many different clients
// sent it on a day.
type Miss struct {
	Day     string `json:"day"` // YYYY-MM-DD in the site's zone
	Lang    string `json:"lang"`
	Query   string `json:"query"`
	Clients int    `json:"clients"`
}

// MissStore keeps the searches that found nothing.
type MissStore interface {
	MissRecorder
	// Misses returns the rows from day since on ("" for all), in no
	// particular order.
	Misses(ctx context.Context, since string) ([]Miss, error)
}

// MissRecorder records searches that found nothing: what MissCounter
// writes with.
type MissRecorder interface {
	// AddMiss adds clients to the count of query in lang on day, creating
	// its row. Only EINTERNAL errors.
	AddMiss(ctx context.Context, day, lang, query string, clients int) error
}

// MissCounter counts the clients of each query per day, and stores a query
// once MissThreshold different clients sent it (see above).
type MissCounter struct {
	Store MissRecorder
	Zone  *time.Location // where a day starts and ends
	Now   func() time.Time

	mu      sync.Mutex
	day     string
	key     []byte
	seen    map[[16]byte]bool // hashes of (client, lang, query) seen today
	clients map[string]int    // lang and query -> different clients today
}

// NewMissCounter returns a counter storing into store, its days those of
// zone (the site's).
func NewMissCounter(store MissRecorder, zone *time.Location) *MissCounter {
	return &MissCounter{Store: store, Zone: zone, Now: time.Now}
}

// MissDay is the day a time falls on in loc, the site's zone, as misses
// are counted.
func MissDay(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// Count records that client (a network, never stored) sent query in lang:
// once per client, query and day.
func (c *MissCounter) Count(ctx context.Context, client, lang, query string) error {
	day := MissDay(c.Now(), c.Zone)
	c.mu.Lock()
	if day != c.day {
		c.day, c.key = day, make([]byte, 32)
		_, _ = rand.Read(c.key) // crypto/rand.Read never fails (Go 1.24+)
		c.seen, c.clients = map[[16]byte]bool{}, map[string]int{}
	}
	mac := hmac.New(sha256.New, c.key)
	for _, s := range []string{client, lang, query} {
		mac.Write([]byte(s))
		mac.Write([]byte{0})
	}
	var h [16]byte
	copy(h[:], mac.Sum(nil))
	if c.seen[h] || len(c.seen) >= maxMissClients {
		c.mu.Unlock()
		return nil
	}
	c.seen[h] = true
	k := lang + "\x00" + query
	c.clients[k]++
	n := c.clients[k]
	c.mu.Unlock()
	switch {
	case n < MissThreshold:
		return nil
	case n == MissThreshold:
		return c.Store.AddMiss(ctx, day, lang, query, MissThreshold)
	}
	return c.Store.AddMiss(ctx, day, lang, query, 1)
}

// MissSummary is one query of the miss report: how many clients sent it,
// on how many days, the last of them.
type MissSummary struct {
	Lang    string `json:"lang"`
	Query   string `json:"query"`
	Clients int    `json:"clients"`
	Days    int    `json:"days"`
	Last    string `json:"last_day"`
}

// SummariseMisses adds up the rows per query, most clients first, then by
// language and query.
func SummariseMisses(rows []Miss) []MissSummary {
	by := map[[2]string]*MissSummary{}
	for _, m := range rows {
		k := [2]string{m.Lang, m.Query}
		s := by[k]
		if s == nil {
			s = &MissSummary{Lang: m.Lang, Query: m.Query}
			by[k] = s
		}
		s.Clients += m.Clients
		s.Days++
		s.Last = max(s.Last, m.Day)
	}
	out := make([]MissSummary, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Clients != b.Clients {
			return a.Clients > b.Clients
		}
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.Query < b.Query
	})
	return out
}
