package parallel

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
)

// Every index is visited exactly once, whatever n is against the cores.
func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 100, 10000} {
		seen := make([]atomic.Int32, n)
		For(context.Background(), n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}

// A cancelled context starts no further call.
func TestForStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	For(ctx, 1000, func(i int) {
		if calls.Add(1) == 1 {
			cancel()
		}
	})
	// At most the call that cancelled and one already begun on each other core.
	if c := calls.Load(); c > int32(runtime.GOMAXPROCS(0)) {
		t.Errorf("%d calls after the context was cancelled at the first", c)
	}
}
