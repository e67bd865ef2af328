package site

import (
	"testing"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/images"
)

// The link preview is exactly 1200×630 for every photo at least that large,
// whatever its shape, and keeps the ratio for a smaller one.
func TestOGSize(t *testing.T) {
	for _, tc := range []struct{ w, h, wantW, wantH int }{
		{4032, 3024, 1200, 630}, // a phone photo: the crop's height is rounded down
		{3024, 4032, 1200, 630}, // upright
		{1600, 1000, 1200, 630},
		{6000, 1000, 1200, 630}, // a panorama: cropped across
		{800, 600, 800, 420},    // smaller than a preview: not enlarged
	} {
		im := &Image{File: "content/x/a.jpg", Info: images.Info{Width: tc.w, Height: tc.h, Format: images.JPEG}}
		got := ogSize(im, 0.5, 0.5, config.Images{Quality: 75})
		if got.Width != tc.wantW || got.Height != tc.wantH {
			t.Errorf("%d×%d: preview %d×%d, want %d×%d", tc.w, tc.h, got.Width, got.Height, tc.wantW, tc.wantH)
		}
		if c := got.Variant.Crop; c.Min.X < 0 || c.Min.Y < 0 || c.Max.X > tc.w || c.Max.Y > tc.h {
			t.Errorf("%d×%d: crop %v leaves the picture", tc.w, tc.h, c)
		}
	}
}
