package main

import (
	"context"
	"fmt"

	"github.com/uio-partner/portal/internal/buildinfo"
)

// version is the release the binary was built as, set by a release build:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/portal
//
// Without it, portal version shows the module version Go records from the
// checkout (a pseudo-version such as v0.0.0-20260101120000-30891d0c1a2b),
// or "(devel)" when there is none.
var version string

// runVersion is `portal version`, also reached as `portal --version`.
func (m *Main) runVersion(ctx context.Context, args []string) error {
	fs := m.Flags("version", "")
	if err := m.ParseOnly(fs, args); err != nil {
		return err
	}
	fmt.Fprint(m.Stdout, buildinfo.Running(version))
	return nil
}
