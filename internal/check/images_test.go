package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/images/imagetest"
)

// Each lint about a picture, at the page and line that shows it.
func TestImageLints(t *testing.T) {
	photo := func(w, h int, e imagetest.EXIF) string {
		return string(imagetest.JPEG(t, imagetest.Halves(w, h), e, nil))
	}
	page := func(img string) string {
		return "---\ntitle: A\nsummary: S.\nimage: " + img + "\nimageAlt: A picture\n---\nText.\n"
	}
	big := imagetest.JPEG(t, imagetest.Halves(1600, 1200), imagetest.EXIF{}, nil)
	big = append(big, make([]byte, 21<<20)...) // a 21 MB file whose picture reads
	large := imagetest.JPEG(t, imagetest.Halves(1600, 1200), imagetest.EXIF{}, nil)
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"GPS position in the original", []string{"content/offerings/a.md", page("a.jpg"), "content/offerings/a.jpg", photo(1600, 1200, imagetest.EXIF{Lat: 59.9, Lon: 10.7})},
			[]string{`content/offerings/a.md:4:1: warning: image "a.jpg": content/offerings/a.jpg holds the GPS position where it was taken`}},
		{"file over 20 MB", []string{"content/offerings/a.md", page("a.jpg"), "content/offerings/a.jpg", string(big)},
			[]string{`content/offerings/a.md:4:1: error: image "a.jpg": content/offerings/a.jpg is 22 MB; a picture over 20 MB weighs down every clone of the repository`}},
		{"too small for the hero", []string{"content/offerings/a.md", page("a.jpg"), "content/offerings/a.jpg", photo(800, 600, imagetest.EXIF{})},
			[]string{`content/offerings/a.md:4:1: warning: image "a.jpg": content/offerings/a.jpg is 800 pixels wide, narrower than the 1600 the page's picture is shown at`}},
		{"truncated JPEG", []string{"content/offerings/a.md", page("a.jpg"), "content/offerings/a.jpg", string(large[:len(large)-500])},
			[]string{`content/offerings/a.md:4:1: error: image "a.jpg": content/offerings/a.jpg: the JPEG picture cannot be decoded`}},
		{"HEIC", []string{"content/offerings/a.md", page("IMG_1.heic"), "content/offerings/IMG_1.heic", string(imagetest.HEIC())},
			[]string{`content/offerings/IMG_1.heic: error: it is an iPhone HEIC photo, which browsers cannot show: export it as JPEG`, `content/offerings/a.md:4:1: error: image "IMG_1.heic": content/offerings/IMG_1.heic: it is an iPhone HEIC photo`}},
		{"SVG in content", []string{"content/partners/a.md", "---\ntitle: A\n---\n![Logo](logo.svg)\n", "content/partners/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"},
			[]string{`content/partners/a.md:4:9: error: image "logo.svg": content/partners/logo.svg: an SVG is a program as much as a picture (it can carry script)`, `content/partners/logo.svg: error: an SVG is a program as much as a picture`}},
		{"missing alt text in the text", []string{"content/partners/a.md", "---\ntitle: A\n---\n![](/images/lab.png)\n"},
			[]string{`content/partners/a.md:4:5: error: image "/images/lab.png" has no alt text`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := baseSite(t, "")
			for i := 0; i+1 < len(tc.files); i += 2 {
				p := filepath.Join(dir, filepath.FromSlash(tc.files[i]))
				if err := os.WriteFile(p, []byte(tc.files[i+1]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, d := range Run(context.Background(), Options{Source: dir, CacheDir: t.TempDir()}) {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("findings:\n%s\nwant one containing:\n%s", all, w)
				}
			}
		})
	}
}
