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

// Watched is a Saver and a Prober whose Health also fails while real saves fail: the
// last save failed, less than SaveFailureWindow ago, and none succeeded
// since. A probe write proves little about the next inquiry (issue 23,
// property 1: a one-row probe fits in free pages a real inquiry does not),
// but a failed inquiry proves the next one may fail too. Failures of a
// save whose request went away are not counted: the visitor left, the
// store did not fail.
type Watched struct {
	Saver
	Prober Prober
	Now    func() time.Time

	mu       sync.Mutex
	failedAt time.Time
	failure  error
}

// watchedStore is what Watch watches.
type watchedStore interface {
	Saver
	Prober
}

// Watch returns s watched: give the result to the form's handler and the
// health check, so the one sees what the other saved.
func Watch(s watchedStore) *Watched { return &Watched{Saver: s, Prober: s, Now: time.Now} }

// Save implements Saver, recording the outcome.
func (w *Watched) Save(ctx context.Context, inq *Inquiry, msgs []*Message) (string, bool, error) {
	id, created, err := w.Saver.Save(ctx, inq, msgs)
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

// Health implements Prober: the store's own checks, then the saves'.
func (w *Watched) Health(ctx context.Context) (Health, error) {
	h, err := w.Prober.Health(ctx)
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
