// Package parallel spreads independent work over the machine's cores: the
// content loader, the picture finder and the checker each run one call per
// item, and results keep their items' order because each call writes only
// its own index.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i in [0, n) on GOMAXPROCS goroutines and returns
// when all calls have returned. Once ctx is done no further call starts.
func For(ctx context.Context, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}
