package perf

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// restore puts the collector back as it was after the test.
func restore(t *testing.T) {
	gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(gc)
	t.Cleanup(func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) })
}

func TestPaceBuild(t *testing.T) {
	restore(t)
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(1 << 40)
	PaceBuild(env(nil))
	if gc := debug.SetGCPercent(100); gc != BuildGCPercent {
		t.Errorf("GOGC after PaceBuild = %d, want %d", gc, BuildGCPercent)
	}
	if limit := debug.SetMemoryLimit(-1); limit != BuildMemoryLimit {
		t.Errorf("memory limit after PaceBuild = %d, want %d", limit, BuildMemoryLimit)
	}
	// The environment wins: the runtime applied it already.
	debug.SetMemoryLimit(1 << 40)
	PaceBuild(env(map[string]string{"GOGC": "100", "GOMEMLIMIT": "1TiB"}))
	if gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); gc != 100 || limit != 1<<40 {
		t.Errorf("with GOGC and GOMEMLIMIT set, PaceBuild changed them to %d and %d", gc, limit)
	}
}

func TestPaceEndpoint(t *testing.T) {
	restore(t)
	debug.SetGCPercent(100)
	PaceEndpoint(env(nil))
	if gc := debug.SetGCPercent(100); gc != EndpointGCPercent {
		t.Errorf("GOGC after PaceEndpoint = %d, want %d", gc, EndpointGCPercent)
	}
	PaceEndpoint(env(map[string]string{"GOGC": "50"}))
	if gc := debug.SetGCPercent(100); gc != 100 {
		t.Errorf("with GOGC set, PaceEndpoint changed it to %d", gc)
	}
}

func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, heap := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "heap.pprof")
	stop, err := StartCPUProfile(cpu)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	if err := WriteHeapProfile(heap); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{cpu, heap} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v, size %v", p, err, fi)
		}
	}
	if stop, err := StartCPUProfile(""); err != nil {
		t.Errorf("no profile asked for: %v", err)
	} else {
		stop()
	}
	if err := WriteHeapProfile(""); err != nil {
		t.Errorf("no heap profile asked for: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the folder, want the two profiles", len(entries))
	}
	if _, err := StartCPUProfile(filepath.Join(dir, "missing", "cpu.pprof")); err == nil {
		t.Error("a profile in a folder that does not exist: no error")
	}
}
