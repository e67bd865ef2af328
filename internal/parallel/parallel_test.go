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

// A cancelled context starts no further call. Calls that other goroutines
// make while cancel() is still running are allowed (they began before the
// context was done); what is counted is calls that begin after cancel() has
// returned, and of those each goroutine may make at most one: the one whose
// ctx.Err() check it passed just before.
func TestForStopsWhenCancelled(t *testing.T) {
	for range 50 {
		ctx, cancel := context.WithCancel(context.Background())
		var calls, late atomic.Int32
		var done atomic.Bool
		For(ctx, 100000, func(i int) {
			if done.Load() {
				late.Add(1)
			}
			if calls.Add(1) == 1 {
				cancel()
				done.Store(true)
			}
		})
		if c := late.Load(); c > int32(runtime.GOMAXPROCS(0)) {
			t.Fatalf("%d calls began after the context was cancelled (of %d in all)", c, calls.Load())
		}
	}
}
