package generator

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/sitetest"
	"github.com/uio-partner/portal/internal/source"
)

// TestBuildReleasesSources: a one-off build drops each page's Markdown and
// front matter once the page is rendered. Head and Body are slices of one
// read of the file, so keeping either keeps the whole file: on 10,000 pages
// that was 50-70 MB of the live heap, and the peak went over 350 MB.
func TestBuildReleasesSources(t *testing.T) {
	root := sitetest.Write(t, testSite)
	l, err := source.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: root, Out: filepath.Join(t.TempDir(), "public"), Now: testNow, NoMinify: true, loaded: l}
	if _, _, err := open(context.Background(), opts, false); err != nil {
		t.Fatal(err)
	}
	rendered := 0
	for _, p := range l.Content.Pages {
		if p.Kind != content.Regular || !p.Published(testNow, false, false, false) {
			continue // the home page and section intros are read by every pager page
		}
		rendered++
		if p.Body != nil || p.Head != nil {
			t.Errorf("%s: after the build Body is %d bytes and Head %d: the file stays in memory", p.File, len(p.Body), len(p.Head))
		}
	}
	if rendered == 0 {
		t.Fatal("no published page in the test site")
	}
}
