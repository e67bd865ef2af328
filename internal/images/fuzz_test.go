package images_test

import (
	"testing"

	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/images/imagetest"
)

// FuzzInspect feeds the header and metadata readers bytes from anywhere:
// they may refuse them, never panic, and what they accept decodes or is
// refused by Process.
func FuzzInspect(f *testing.F) {
	f.Add(imagetest.JPEG(f, imagetest.Halves(16, 8), imagetest.EXIF{Orientation: 6, Make: "Apple", Lat: 59.9, Lon: 10.7}, imagetest.DisplayP3()))
	f.Add(imagetest.PNG(f, imagetest.Halves(8, 8)))
	f.Add(imagetest.Bomb(40000, 40000))
	f.Add(imagetest.HEIC())
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := images.Inspect("f.jpg", data, 1)
		if err != nil || info.Width > 64 || info.Height > 64 {
			return
		}
		_, _ = images.Process(data, info, []images.Variant{{Width: 4, Height: 4, Format: images.JPEG, Quality: 50}})
	})
}
