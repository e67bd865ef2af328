package contact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// LimitMemo remembers until when an address or a client is known to be at
// its acknowledgement limit, so that a flood naming one address costs a
// store no query per post. Acknowledgements are only ever added, except by
// purge and erasure (which call Forget), so a remembered limit can only
// refuse an acknowledgement the database would refuse too, never let one
// too many through. The zero value is ready to use.
type LimitMemo struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// memoMax bounds the memo: a flood of many addresses clears it.
const memoMax = 10000

// Limited reports whether key is remembered to be at its limit at t.
func (m *LimitMemo) Limited(key string, t time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	until, ok := m.until[key]
	return ok && t.Before(until)
}

// Remember records that key is at its limit until until.
func (m *LimitMemo) Remember(key string, until time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.until == nil || len(m.until) >= memoMax {
		m.until = map[string]time.Time{}
	}
	m.until[key] = until
}

// Forget clears the memo, after acknowledgements were deleted.
func (m *LimitMemo) Forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.until)
}

// ClientHasher turns a client's network into Inquiry.Client: an HMAC under
// a random key that is made in memory, never stored, and replaced every
// UTC day. The stored value therefore cannot be recomputed from any
// address, by anyone with the database, once the day is over or the
// process has stopped (issue 23, property 7). The price: the per-client
// cap restarts at midnight UTC and at a restart, and each instance on a
// shared PostgreSQL counts its own clients. The zero value is ready.
type ClientHasher struct {
	mu    sync.Mutex
	day   int64
	key   []byte
	cache map[string]string // network to key, for today: clients repeat, and an HMAC allocates
}

// Key returns the client key of network at now.
func (c *ClientHasher) Key(network string, now time.Time) string {
	day := now.Unix() / 86400
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == nil || day != c.day || len(c.cache) >= memoMax {
		if c.key == nil || day != c.day {
			c.key, c.day = NewSecret(), day
		}
		c.cache = map[string]string{}
	}
	if k, ok := c.cache[network]; ok {
		return k
	}
	h := hmac.New(sha256.New, c.key)
	h.Write([]byte("client\x00" + network))
	k := hex.EncodeToString(h.Sum(nil)[:12])
	c.cache[network] = k
	return k
}
