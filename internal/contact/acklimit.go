package contact

import (
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
