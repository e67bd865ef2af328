package images_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rwcarlsen/goexif/exif"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/images/imagetest"
	xwebp "golang.org/x/image/webp"
)

var phone = imagetest.EXIF{Make: "Apple", Model: "iPhone 14", Lat: 59.9139, Lon: 10.7522}

// variants are one of each kind an output can be: WebP, the JPEG fallback
// and a crop.
func variants(w, h int) []images.Variant {
	return []images.Variant{
		{Width: w / 2, Height: h / 2, Format: images.WebP, Quality: 75},
		{Width: w / 4, Height: h / 4, Format: images.JPEG, Quality: 75},
		{Width: w / 4, Height: h / 8, Crop: image.Rect(0, 0, w, h/2), Format: images.JPEG, Quality: 75},
	}
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	var m image.Image
	var err error
	if bytes.HasPrefix(data, []byte("RIFF")) {
		m, err = xwebp.Decode(bytes.NewReader(data))
	} else {
		m, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return x>>8 < y>>8+40 && y>>8 < x>>8+40 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// A photo taken upright is stored sideways with EXIF orientation 6 (Hugo
// 0.111 publishes it lying on its side): every output comes out upright.
func TestSidewaysPhotoComesOutUpright(t *testing.T) {
	upright := imagetest.Halves(256, 128)
	data := imagetest.JPEG(t, imagetest.RotateCCW(upright), imagetest.EXIF{Orientation: 6}, nil)
	info, err := images.Inspect("photo.jpg", data, 50)
	if err != nil {
		t.Fatal(err)
	}
	if info.Width != 256 || info.Height != 128 || info.Orientation != 6 {
		t.Fatalf("Inspect: %dx%d orientation %d; want the upright 256x128, orientation 6", info.Width, info.Height, info.Orientation)
	}
	outs, err := images.Process(data, info, variants(256, 128))
	if err != nil {
		t.Fatal(err)
	}
	for i, out := range outs {
		m := decode(t, out)
		b := m.Bounds()
		if b.Dx() < b.Dy() {
			t.Errorf("output %d is %dx%d: lying on its side", i, b.Dx(), b.Dy())
		}
		if l, r := m.At(b.Min.X+2, b.Dy()/2), m.At(b.Max.X-3, b.Dy()/2); !near(l, imagetest.Left) || !near(r, imagetest.Right) {
			t.Errorf("output %d: left %v, right %v; want %v on the left and %v on the right", i, l, r, imagetest.Left, imagetest.Right)
		}
	}
}

// No output carries the original's metadata: read back with an EXIF
// parser, none has GPS, camera or any EXIF at all; the WebP files have no
// EXIF, XMP or ICC chunk.
func TestOutputsCarryNoMetadata(t *testing.T) {
	data := imagetest.JPEG(t, imagetest.Halves(200, 100), phone, imagetest.DisplayP3())
	if x, err := exif.Decode(bytes.NewReader(data)); err != nil {
		t.Fatalf("the fixture has no EXIF: %v", err)
	} else if _, err := x.Get(exif.GPSLatitude); err != nil {
		t.Fatal("the fixture has no GPS")
	}
	info, err := images.Inspect("photo.jpg", data, 50)
	if err != nil {
		t.Fatal(err)
	}
	if !info.GPS || info.Camera != "Apple iPhone 14" {
		t.Errorf("Inspect: GPS %v camera %q; want true, Apple iPhone 14", info.GPS, info.Camera)
	}
	outs, err := images.Process(data, info, variants(200, 100))
	if err != nil {
		t.Fatal(err)
	}
	for i, out := range outs {
		if _, err := exif.Decode(bytes.NewReader(out)); err == nil {
			t.Errorf("output %d has EXIF", i)
		}
		for _, s := range []string{"Apple", "iPhone", "Exif", "ICC_PROFILE", "GPS"} {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("output %d contains %q", i, s)
			}
		}
		if bytes.HasPrefix(out, []byte("RIFF")) {
			for _, c := range webpChunks(out) {
				if c == "EXIF" || c == "XMP " || c == "ICCP" {
					t.Errorf("output %d has a %s chunk", i, c)
				}
			}
		}
	}
}

// webpChunks lists the chunk types of a WebP file.
func webpChunks(data []byte) []string {
	var out []string
	for p := 12; p+8 <= len(data); {
		out = append(out, string(data[p:p+4]))
		n := int(binary.LittleEndian.Uint32(data[p+4:]))
		p += 8 + n + n%2
	}
	return out
}

// A Display P3 photo's colours are converted to sRGB, not published with
// their numbers read as sRGB (duller than the photo).
func TestDisplayP3IsConvertedToSRGB(t *testing.T) {
	orange := color.RGBA{200, 100, 50, 255}
	m := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range m.Pix {
		m.Pix[i] = []uint8{orange.R, orange.G, orange.B, 255}[i%4]
	}
	data := imagetest.JPEG(t, m, imagetest.EXIF{}, imagetest.DisplayP3())
	info, err := images.Inspect("p3.jpg", data, 50)
	if err != nil {
		t.Fatal(err)
	}
	if info.Profile != "Display P3" {
		t.Fatalf("Inspect: profile %q, want Display P3", info.Profile)
	}
	outs, err := images.Process(data, info, []images.Variant{{Width: 32, Height: 32, Format: images.JPEG, Quality: 95}})
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := decode(t, outs[0]).At(16, 16).RGBA()
	if r>>8 < uint32(orange.R)+10 || b>>8 > uint32(orange.B) {
		t.Errorf("P3 %v came out as sRGB (%d, %d, %d): more saturated in sRGB numbers (red up, blue down) was expected", orange, r>>8, g>>8, b>>8)
	}
}

// The same source and variants give the same bytes, however many are
// processed at once.
func TestOutputsAreDeterministic(t *testing.T) {
	data := imagetest.JPEG(t, imagetest.Halves(300, 200), phone, nil)
	info, err := images.Inspect("photo.jpg", data, 50)
	if err != nil {
		t.Fatal(err)
	}
	want, err := images.Process(data, info, variants(300, 200))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := images.Process(data, info, variants(300, 200))
			if err != nil {
				t.Error(err)
				return
			}
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Errorf("output %d differs between runs", i)
				}
			}
		})
	}
	wg.Wait()
}

// Every bad input is refused with a message for its author, from the
// header where that is enough, without a panic.
func TestBadInputs(t *testing.T) {
	good := imagetest.JPEG(t, imagetest.Halves(64, 48), imagetest.EXIF{}, nil)
	png := imagetest.PNG(t, imagetest.Halves(64, 48))
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string // in the message of Inspect, or of Process when Inspect accepts it
	}{
		{"zero bytes", "a.jpg", nil, "the file is empty"},
		{"truncated JPEG", "a.jpg", good[:len(good)/2], "cut short"},
		{"JPEG cut short after its header", "a.jpg", good[:len(good)-200], "cut short"},
		{"corrupt JPEG", "a.jpg", append(append([]byte{}, good[:20]...), bytes.Repeat([]byte{0x55}, 200)...), "damaged"},
		{"decompression bomb", "bomb.png", imagetest.Bomb(40000, 40000), "claims 40000×40000 pixels (1600 megapixels), more than the 50 megapixels"},
		{"name lies about the type", "photo.jpg", png, "its name says JPEG but it holds a PNG picture: rename it to photo.png"},
		{"1 MB EXIF block", "a.png", imagetest.WithPNGChunk(png, "eXIf", imagetest.BigEXIF(1<<20)), "its EXIF block is 1024 KB"},
		{"iPhone HEIC", "IMG_0001.heic", imagetest.HEIC(), "export it as JPEG"},
		{"HEIC named JPEG", "IMG_0001.jpg", imagetest.HEIC(), "export it as JPEG"},
		{"SVG", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "can carry script"},
		{"not a picture", "a.jpg", []byte("hello"), "not a JPEG, PNG or WebP picture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, err := images.Inspect(tc.file, tc.data, 50)
			if err == nil {
				_, err = images.Process(tc.data, info, variants(64, 48))
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want an error containing %q", err, tc.want)
			}
			if !images.IsProblem(err) {
				t.Errorf("%v is not a Problem", err)
			}
		})
	}
}

// The cache: a miss makes the outputs, a hit makes nothing, a changed
// setting makes only what it changes, and pruning removes what no build
// uses any more.
func TestCacheHitMissAndInvalidation(t *testing.T) {
	root, dir := t.TempDir(), t.TempDir()
	data := imagetest.JPEG(t, imagetest.Halves(400, 300), phone, nil)
	if err := os.WriteFile(filepath.Join(root, "a.jpg"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(vs []images.Variant) (made bool, c *images.Cache) {
		t.Helper()
		c, err := images.OpenCache(dir)
		if err != nil {
			t.Fatal(err)
		}
		p := images.NewPipeline(root, c, images.DefaultSettings)
		info, err := p.Inspect("a.jpg")
		if err != nil {
			t.Fatal(err)
		}
		outs, made, err := p.Make(context.Background(), "a.jpg", info, vs)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if fi, err := os.Stat(o.File); err != nil || fi.Size() == 0 {
				t.Fatalf("%s: %v", o.File, err)
			}
		}
		if _, err := c.Prune(); err != nil {
			t.Fatal(err)
		}
		if err := c.Save(false); err != nil {
			t.Fatal(err)
		}
		return made, c
	}
	vs := variants(400, 300)
	if made, c := run(vs); !made || c.Made() != 3 {
		t.Fatalf("cold: made %v (%d outputs); want the 3 outputs made", made, c.Made())
	}
	if made, _ := run(vs); made {
		t.Fatal("warm: something was made again")
	}
	// A new quality changes the WebP size only.
	vs[0].Quality = 60
	if made, c := run(vs); !made || c.Made() != 1 {
		t.Fatalf("after a change of one setting: %d outputs made; want 1", c.Made())
	}
	files := 0
	_ = filepath.WalkDir(filepath.Join(dir, "images"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".webp") {
			files++
		}
		return nil
	})
	if files != 1 {
		t.Errorf("%d WebP files in the cache after pruning; want 1 (the quality-75 one is stale)", files)
	}
}

// A megapixel limit lowered in site.yaml applies to a source the cache has
// already read.
func TestLimitAppliesToCachedInfo(t *testing.T) {
	root, dir := t.TempDir(), t.TempDir()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 2000, 1000)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "a.jpg"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{50, 1} {
		c, _ := images.OpenCache(dir)
		p := images.NewPipeline(root, c, images.Settings{Widths: []int{480}, Quality: 75, MaxMegapixels: limit})
		_, err := p.Inspect("a.jpg")
		if (err != nil) != (limit == 1) {
			t.Errorf("limit %d: %v", limit, err)
		}
		_ = c.Save(false)
	}
}
