package check

import (
	"context"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// portal check reports the guide's problems as the build does: here a loop
// and an answer leading nowhere, at their lines.
func TestCheckReportsGuideProblems(t *testing.T) {
	root := sitetest.Fixture(t)
	sitetest.WriteFile(t, root, "content/guide-research.md", "---\ntitle: Q?\nlayout: guide\nurl: /guide/research/\nanswers:\n  - {label: Back, next: guide}\n  - {label: Lost, page: pathways/nope}\n---\n")
	got := Run(context.Background(), Options{Source: root}).Error()
	for _, want := range []string{
		`content/guide-research.md:6:5: the answer "Back" makes a loop`,
		`content/guide-research.md:7:5: the answer "Lost" leads nowhere`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("portal check does not report %s:\n%s", want, got)
		}
	}
}
