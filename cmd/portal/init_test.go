package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// portal init then portal contact promise, as an office starting a site
// would run them: the help lists what it can start with, the new site
// builds, and its calendar is Sweden's.
func TestInitThenPromise(t *testing.T) {
	code, _, stderr := run(t, "init", "-h")
	for _, want := range []string{"Languages: da, en, nb, sv", "SE (Sweden)", "DK (Denmark)", "GB (United Kingdom)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("portal init -h (exit %d) does not list %q:\n%s", code, want, stderr)
		}
	}
	dir := filepath.Join(t.TempDir(), "ki")
	code, stdout, stderr := run(t, "init", dir, "--name", "Karolinska Institutet", "--languages", "sv,en", "--country", "SE")
	if code != 0 || !strings.Contains(stdout, "wrote ") {
		t.Fatalf("portal init: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := run(t, "build", "--source", dir, "-o", filepath.Join(t.TempDir(), "public")); code != 0 {
		t.Fatalf("portal build of the new site: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "contact", "promise", "--source", dir, "--at", "2027-01-04T10:00")
	if code != 0 || !strings.Contains(stdout, "(Europe/Stockholm, SE)") || !strings.Contains(stdout, "general: 3 working days, answer by Friday 8 January 2027") {
		t.Errorf("portal contact promise: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "init", dir, "--name", "X", "--languages", "en", "--country", "GB"); code == 0 || !strings.Contains(stderr, "is not empty") {
		t.Errorf("portal init into the same folder again: exit %d\n%s", code, stderr)
	}
}
