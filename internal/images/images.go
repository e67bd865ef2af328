// Package images reads the pictures a site's pages show. Today it tells
// their size, so every <img> the build writes has a width and a height and
// the page does not jump while it loads.
package images

import (
	"fmt"
	"image"
	_ "image/gif" // the formats Size reads
	_ "image/jpeg"
	_ "image/png"
	"os"
	"sync"
)

// Size returns the width and height of the JPEG, PNG or GIF file at path,
// reading only its header.
func Size(path string) (width, height int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	c, format, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0, fmt.Errorf("not a JPEG, PNG or GIF picture that can be read: %w", err)
	}
	if c.Width <= 0 || c.Height <= 0 {
		return 0, 0, fmt.Errorf("the %s picture has no size", format)
	}
	return c.Width, c.Height, nil
}

// Sizes remembers the sizes of files already read: a picture shown on many
// pages is read once per build.
type Sizes struct {
	m sync.Map // path -> result
}

type result struct {
	w, h int
	err  error
}

// Size is the package's Size, once per path.
func (s *Sizes) Size(path string) (width, height int, err error) {
	if r, ok := s.m.Load(path); ok {
		r := r.(result)
		return r.w, r.h, r.err
	}
	w, h, err := Size(path)
	s.m.Store(path, result{w, h, err})
	return w, h, err
}
