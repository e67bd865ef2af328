package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release the binary was built as, set by a release build:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/portal
//
// Without it, portal version shows the module version Go records from the
// checkout (a pseudo-version such as v0.0.0-20260101120000-30891d0c1a2b),
// or "(devel)" when there is none.
var version string

func init() {
	register(&command{name: "version", summary: "print the version, the commit it was built from and the Go version", run: runVersion})
}

// runVersion is `portal version`, also reached as `portal --version`.
func runVersion(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlags("version", "")
	if err := m.parseFlagsOnly(fs, args); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(m.Stdout, versionText(version, info))
	return nil
}

// versionText describes the build: the stamped version, else the module
// version from info, else "(devel)"; the VCS revision, its time and whether
// the tree had uncommitted changes; and the Go toolchain. info may be nil
// (a binary built without module support).
func versionText(stamped string, info *debug.BuildInfo) string {
	v := stamped
	if v == "" && info != nil {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "portal %s\n", v)
	settings := map[string]string{}
	if info != nil {
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision %s", rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if settings["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteByte('\n')
	} else {
		b.WriteString("revision unknown (not built from a git checkout)\n")
	}
	goVersion := runtime.Version()
	if info != nil && info.GoVersion != "" {
		goVersion = info.GoVersion
	}
	fmt.Fprintf(&b, "built with %s for %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
