package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	goLine := "built with go1.26.8 for " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	checkout := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/uio-partner/portal", Version: "v0.0.0-20261201064548-ff67a5e425f5+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "ff67a5e425f5e737951a684ceae95e0948c80d8e"},
			{Key: "vcs.time", Value: "2026-12-01T06:45:48Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	clean := *checkout
	clean.Settings = append(append([]debug.BuildSetting{}, checkout.Settings[:3]...), debug.BuildSetting{Key: "vcs.modified", Value: "false"})
	for _, tt := range []struct {
		name, stamped string
		info          *debug.BuildInfo
		want          string
	}{
		{"checkout with changes", "", checkout,
			"portal v0.0.0-20261201064548-ff67a5e425f5+dirty\nrevision ff67a5e425f5e737951a684ceae95e0948c80d8e (2026-12-01T06:45:48Z), with uncommitted changes\n" + goLine},
		{"release", "v1.2.0", &clean,
			"portal v1.2.0\nrevision ff67a5e425f5e737951a684ceae95e0948c80d8e (2026-12-01T06:45:48Z)\n" + goLine},
		{"no VCS", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"portal (devel)\nrevision unknown (not built from a git checkout)\n" + goLine},
		{"no build info", "", nil,
			"portal (devel)\nrevision unknown (not built from a git checkout)\nbuilt with " + runtime.Version() + " for " + runtime.GOOS + "/" + runtime.GOARCH + "\n"},
	} {
		if got := Text(tt.stamped, tt.info); got != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
	}
}
