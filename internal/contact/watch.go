package contact

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SaveFailureWindow is how long a failed save keeps Watched.Health failing
// when no save has succeeded since: long enough for a monitor polling every
// few minutes to see it, short enough that health recovers by itself once
// the cause is mended and nobody has posted.
const SaveFailureWindow = 10 * time.Minute

// Watched is a Store whose Health also fails while real saves fail: the
// last save failed, less than SaveFailureWindow ago, and none succeeded
// since. A probe write proves little about the next inquiry (issue 23,
// property 1: a one-row probe fits in free pages a real inquiry does not),
// but a failed inquiry proves the next one may fail too. Failures of a
// save whose request went away are not counted: the visitor left, the
// store did not fail.
type Watched struct {
	Store
	Now func() time.Time

	mu       sync.Mutex
	failedAt time.Time
	failure  error
}

// Watch returns s watched.
func Watch(s Store) *Watched { return &Watched{Store: s, Now: time.Now} }

// Save implements Store, recording the outcome.
func (w *Watched) Save(ctx context.Context, inq *Inquiry, msgs []*Message) (string, bool, error) {
	id, created, err := w.Store.Save(ctx, inq, msgs)
	if err != nil && ctx.Err() != nil {
		return id, created, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		w.failedAt, w.failure = time.Time{}, nil
	} else if ErrorCode(err) == EINTERNAL {
		w.failedAt, w.failure = w.Now(), err
	}
	return id, created, err
}

// Health implements Store: the store's own checks, then the saves'.
func (w *Watched) Health(ctx context.Context) (Health, error) {
	h, err := w.Store.Health(ctx)
	if err != nil {
		return h, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failure != nil {
		if age := w.Now().Sub(w.failedAt); age < SaveFailureWindow {
			return h, fmt.Errorf("the last inquiry could not be stored, %s ago, and none since: %w", FormatAge(age), w.failure)
		}
	}
	return h, nil
}
