package generator

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// Every picture a page's text shows from static/ gets its width and height,
// read from the file, so the page keeps its room while it loads; pictures
// the build cannot read are left without (portal check reports them).
func TestMarkdownImagesGetTheirSize(t *testing.T) {
	root := sitetest.Write(t, testSite,
		"content/about.md", "---\ntitle: About us\n---\n![The lab](/images/lab.png) ![Broken](/images/broken.png) ![Elsewhere](https://cdn.example.com/x.png)\n",
		"static/images/broken.png", "not a picture",
	)
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 640, 480))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "static", "images", "lab.png"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "about/index.html",
		`<img src="/images/lab.png" alt="The lab" width="640" height="480" loading="lazy" decoding="async">`,
		`<img src="/images/broken.png" alt="Broken" loading="lazy" decoding="async">`,
		`<img src="https://cdn.example.com/x.png" alt="Elsewhere" loading="lazy" decoding="async">`)
}
