// Package perf holds how portal's commands pace the Go runtime's collector
// and write the profiles BENCHMARKS.md reads. Each command's pacing was
// measured for its own load; GOGC and GOMEMLIMIT in the environment always
// win, so a measurement can try others.
package perf

import (
	"os"
	"runtime/debug"
	"runtime/pprof"
)

// Build's pacing: a 10,000-page build on a small machine may wait longer
// between collections than by default (GOGC 200: the 100-140 MB a build
// keeps would otherwise mean about 35 collections), and a soft memory limit
// holds the peak near 320 MB all the same. Together 6-8% faster than Go's
// defaults with the limit alone.
const (
	BuildMemoryLimit = 300 << 20
	BuildGCPercent   = 200
)

// EndpointGCPercent is the contact endpoint's GOGC. Its live heap is about
// 1 MB, so the default GOGC=100 collects every ~3 MB allocated: 8-9
// collections a second under load, up to 13% of CPU in gctrace. 400 halves
// the collections for a few MB of memory.
const EndpointGCPercent = 400

// PaceBuild sets the collector for a build, unless getenv (os.Getenv) has
// GOMEMLIMIT or GOGC, which the runtime has applied already.
func PaceBuild(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(BuildMemoryLimit)
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(BuildGCPercent)
	}
}

// PaceEndpoint sets the collector for the contact endpoint, unless getenv
// has GOGC.
func PaceEndpoint(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(EndpointGCPercent)
	}
}

// StartCPUProfile writes a CPU profile to path until stop is called; with
// no path (no --cpuprofile) stop does nothing. A file rather than
// net/http/pprof, whose import would add debug handlers to
// http.DefaultServeMux for every command of the binary.
func StartCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// WriteHeapProfile writes the allocations so far to path, if there is one
// (--memprofile).
func WriteHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
