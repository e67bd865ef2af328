package config

import (
	"slices"
	"strconv"
)

// Images are the settings of the picture pipeline (site.yaml's images:).
type Images struct {
	// Widths are the widths of the WebP sizes of every picture, in pixels
	// (default 480, 960 and 1600).
	Widths []int `yaml:"widths"`
	// Quality is the WebP and JPEG quality, 1-100 (default 75).
	Quality int `yaml:"quality"`
	// MaxMegapixels refuses a picture whose header claims more pixels,
	// before it is decoded (default 50).
	MaxMegapixels int `yaml:"maxMegapixels"`
	// HeroWidth is the narrowest picture the page's image: may be (wide
	// enough for the hero on a large screen); portal check warns about a
	// narrower one (default: the largest of widths).
	HeroWidth int `yaml:"heroWidth"`
	// PublishOriginals also publishes each picture at its full size
	// (upright and without metadata, like every size).
	PublishOriginals bool `yaml:"publishOriginals"`
}

// The defaults of images:.
var (
	DefaultImageWidths  = []int{480, 960, 1600}
	DefaultImageQuality = 75
	DefaultMegapixels   = 50
)

// AltField is the field that says what the picture in field shows: imageAlt
// for image.
func AltField(field string) string { return field + "Alt" }

// ImageFields are the front-matter fields of type image, sorted.
func (c *Config) ImageFields() []string {
	var fields []string
	for name, f := range c.Fields {
		if f.Type == TypeImage {
			fields = append(fields, name)
		}
	}
	slices.Sort(fields)
	return fields
}

// FocusField is the field that says which point of the picture in field
// crops keep: imageFocus for image.
func FocusField(field string) string { return field + "Focus" }

func (im *Images) validate(bad func(int, string, ...any), line func(...string) int, skip func(...string) bool) {
	if len(im.Widths) == 0 {
		im.Widths = slices.Clone(DefaultImageWidths)
	} else if !skip("images.widths") {
		for i, w := range im.Widths {
			if w < 16 || w > 8192 {
				bad(line("images", "widths", strconv.Itoa(i)), "images: width %d must be between 16 and 8192 pixels", w)
			}
			if i > 0 && w <= im.Widths[i-1] {
				bad(line("images", "widths", strconv.Itoa(i)), "images: widths must grow from left to right, such as [480, 960, 1600]")
			}
		}
	}
	if im.Quality == 0 {
		im.Quality = DefaultImageQuality
	} else if (im.Quality < 1 || im.Quality > 100) && !skip("images.quality") {
		bad(line("images", "quality"), "images: quality %d must be between 1 and 100 (75 is a good choice for photos)", im.Quality)
	}
	if im.MaxMegapixels == 0 {
		im.MaxMegapixels = DefaultMegapixels
	} else if (im.MaxMegapixels < 1 || im.MaxMegapixels > 1000) && !skip("images.maxMegapixels") {
		bad(line("images", "maxMegapixels"), "images: maxMegapixels %d must be between 1 and 1000", im.MaxMegapixels)
	}
	if im.HeroWidth == 0 && len(im.Widths) > 0 {
		im.HeroWidth = im.Widths[len(im.Widths)-1]
	} else if im.HeroWidth < 0 && !skip("images.heroWidth") {
		bad(line("images", "heroWidth"), "images: heroWidth must be a width in pixels")
	}
}
