// Package images is the picture pipeline of the site: it reads the photos
// pages show (JPEG, PNG and WebP), checks them from their headers before a
// pixel is decoded, and turns each into the sizes the theme shows, upright
// (EXIF orientation applied), in sRGB (an embedded ICC profile such as
// Display P3 honoured), without any of the original's metadata, as WebP with
// a JPEG (or PNG) fallback. Each source is decoded once for all its sizes,
// and a content-addressed cache keeps what was made, so an unchanged photo
// is never processed twice. Where each size is published is package site's.
package images

import (
	"fmt"
	"image"
	"path"
	"strings"
)

// Format is a picture format the pipeline reads or writes.
type Format string

// The formats. GIF and SVG are only recognised, to say what to do with them.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	WebP Format = "webp"
	GIF  Format = "gif"
	SVG  Format = "svg"
	HEIC Format = "heic"
	AVIF Format = "avif"
)

// Ext is the file extension an output of the format gets.
func (f Format) Ext() string {
	if f == JPEG {
		return ".jpg"
	}
	return "." + string(f)
}

// MediaType is the format's media type, for <source type>.
func (f Format) MediaType() string { return "image/" + string(f) }

// Processed reports whether the pipeline makes sizes of a source of the
// format; GIF (animation would be lost) and SVG (no pixels) are shown as
// they are.
func (f Format) Processed() bool { return f == JPEG || f == PNG || f == WebP }

// FormatOfName is the format a file's extension names ("" for none the
// site knows).
func FormatOfName(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return JPEG
	case ".png":
		return PNG
	case ".webp":
		return WebP
	case ".gif":
		return GIF
	case ".svg":
		return SVG
	case ".heic", ".heif":
		return HEIC
	case ".avif":
		return AVIF
	}
	return ""
}

// IsPicture reports whether a file name is a picture's (by its extension):
// content/ holds pictures beside the pages that show them.
func IsPicture(name string) bool { return FormatOfName(name) != "" }

// Info is what the pipeline knows of a source from its header and metadata,
// without decoding its pixels: enough to write <img width height>, choose
// its sizes and lint it. It is cached by the source's bytes.
type Info struct {
	Hash   string `json:"hash"` // SHA-256 of the file, hex
	Bytes  int64  `json:"bytes"`
	Format Format `json:"format"`
	// Width and Height are the picture's size upright, as it is seen.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Orientation is the EXIF orientation (1-8; 1 when there is none):
	// 5-8 store the picture turned a quarter, so the stored size is
	// Height×Width.
	Orientation int `json:"orientation,omitempty"`
	// Alpha says the picture may be transparent (a PNG or WebP with an
	// alpha channel): its fallback is a PNG, not a JPEG.
	Alpha bool `json:"alpha,omitempty"`
	// GPS says the original's metadata holds a position; Camera the
	// camera's make and model. Neither reaches an output.
	GPS    bool   `json:"gps,omitempty"`
	Camera string `json:"camera,omitempty"`
	// Profile names an embedded colour profile other than sRGB (Display
	// P3), whose colours are converted to sRGB.
	Profile string `json:"profile,omitempty"`
	// MetadataBytes is the size of the EXIF block.
	MetadataBytes int `json:"metadataBytes,omitempty"`
	// Decoded says the pixels have been decoded without error once: a
	// truncated file is caught then, not from its header.
	Decoded bool `json:"decoded,omitempty"`
}

// Transposed reports whether the picture is stored a quarter turn from
// upright (EXIF orientations 5-8).
func (i Info) Transposed() bool { return i.Orientation >= 5 && i.Orientation <= 8 }

// Megapixels is the picture's size in millions of pixels.
func (i Info) Megapixels() float64 { return float64(i.Width) * float64(i.Height) / 1e6 }

// Variant is one output made from a source: a size, optionally of a crop
// of it, in one format.
type Variant struct {
	Width, Height int
	// Crop is the part of the upright source shown, in its pixels; the
	// empty rectangle is all of it.
	Crop    image.Rectangle
	Format  Format
	Quality int
}

func (v Variant) String() string {
	s := fmt.Sprintf("%dx%d %s q%d", v.Width, v.Height, v.Format, v.Quality)
	if !v.Crop.Empty() {
		s += " crop " + v.Crop.String()
	}
	return s
}

// Settings are site.yaml's images: what every source's sizes are made with.
type Settings struct {
	// Widths are the widths (CSS pixels at 1x and up) of the WebP sizes;
	// a source narrower than one is published at its own width instead.
	Widths []int
	// Quality is the WebP and JPEG quality, 1-100.
	Quality int
	// MaxMegapixels refuses a source whose header claims more pixels,
	// before it is decoded (a decompression bomb).
	MaxMegapixels int
}

// DefaultSettings are the settings where site.yaml says nothing.
var DefaultSettings = Settings{Widths: []int{480, 960, 1600}, Quality: 75, MaxMegapixels: 50}

// MaxFileBytes is the largest source portal check accepts: bigger files
// weigh down the repository that every clone downloads.
const MaxFileBytes = 20 << 20

// MaxMetadataBytes is the largest EXIF block read. A JPEG's EXIF segment
// holds at most 64 KB; a bigger block is damaged or crafted.
const MaxMetadataBytes = 64 << 10
