package generator

import (
	"bytes"
	"image"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/uio-partner/portal/internal/sitetest"
)

// Every picture a page's text shows from static/ gets its width and height,
// so the page keeps its room while it loads: a JPEG, PNG or WebP in its
// sizes (<picture>), a GIF as it is (its animation kept), another site's
// picture as written (portal check warns about it).
func TestMarkdownImagesGetTheirSize(t *testing.T) {
	root := sitetest.Write(t, testSite,
		"content/about.md", "---\ntitle: About us\n---\n![The lab](/images/lab.png) ![Moving](/images/moving.gif) ![Elsewhere](https://cdn.example.com/x.png)\n",
	)
	write := func(name string, encode func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := encode(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, "static", "images"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "static", "images", name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lab.png", func(b *bytes.Buffer) error { return png.Encode(b, image.NewGray(image.Rect(0, 0, 640, 480))) })
	write("moving.gif", func(b *bytes.Buffer) error { return gif.Encode(b, image.NewGray(image.Rect(0, 0, 32, 24)), nil) })
	out := buildSite(t, root, Options{NoMinify: true})
	assertContains(t, out, "about/index.html",
		`<picture><source type="image/webp" srcset="/images/lab-480.webp 480w, /images/lab-640.webp 640w" sizes="(min-width: 49rem) 46rem, calc(100vw - 2.5rem)"><img src="/images/lab-640.jpg" alt="The lab" width="640" height="480" loading="lazy" decoding="async"></picture>`,
		`<img src="/images/moving.gif" alt="Moving" width="32" height="24" loading="lazy" decoding="async">`,
		`<img src="https://cdn.example.com/x.png" alt="Elsewhere" loading="lazy" decoding="async">`)
	if !exists(out, "images/moving.gif") || exists(out, "images/lab.png") {
		t.Error("the GIF is published as it is and the PNG in its sizes only")
	}
}
