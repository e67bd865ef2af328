// Package buildinfo says which build of portal is running: the version a
// release stamped, else what Go recorded from the checkout, and the
// toolchain (`portal version`).
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Text describes the build: the stamped version, else the module
// version from info, else "(devel)"; the VCS revision, its time and whether
// the tree had uncommitted changes; and the Go toolchain. info may be nil
// (a binary built without module support).
func Text(stamped string, info *debug.BuildInfo) string {
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

// Running describes the running binary (Text with what Go recorded in it).
func Running(stamped string) string {
	info, _ := debug.ReadBuildInfo()
	return Text(stamped, info)
}
