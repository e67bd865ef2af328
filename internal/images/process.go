package images

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"runtime"
	"sort"

	"github.com/gen2brain/webp"
	"github.com/kovidgoyal/imaging"
	"github.com/kovidgoyal/imaging/prism/meta/autometa"
	xwebp "golang.org/x/image/webp"
)

// pipelineVersion changes whenever the same source and settings would give
// other bytes: cache entries made by an older pipeline are not used.
const pipelineVersion = "1"

// EncoderID names what makes the bytes of every output, for cache keys:
// libwebp compiled to WebAssembly (the same everywhere), or the system's
// libwebp where gen2brain/webp finds one; Go's JPEG and PNG encoders.
func EncoderID() string {
	w := "libwebp-1.4.0-wasm"
	if webp.Dynamic() == nil {
		w = "libwebp-system"
	}
	return "pipeline " + pipelineVersion + ", " + w + ", " + runtime.Version()
}

// webpMethod is libwebp's speed/size trade-off (0 fastest, 6 smallest).
// Method 2 is a third faster than method 4 (libwebp's default and Hugo's)
// for 3-4% more bytes, still fewer than Hugo's (docs/bench-images.md).
const webpMethod = 2

// Process decodes data (a source Inspect accepted, described by info) once
// and makes every variant of it: upright, in sRGB, with no metadata. The
// results are in the order of vs. The error is a Problem when the file
// cannot be decoded (a truncated JPEG, say).
func Process(data []byte, info Info, vs []Variant) (out [][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, problemf("the picture cannot be processed (a damaged file?): %v", r)
		}
	}()
	src, err := decode(data, info.Format)
	if err != nil {
		return nil, err
	}
	work := prepare(src, info, vs)
	if info.Profile != "" {
		if work, err = toSRGB(data, work); err != nil {
			return nil, problemf("its colour profile (%s) cannot be applied: %v", info.Profile, err)
		}
	}
	type shape struct {
		w, h int
		crop image.Rectangle
	}
	made := map[shape]*image.RGBA{} // variants of one size and crop share their pixels
	// Largest first, so each full-frame size is scaled from the next larger.
	order := make([]int, len(vs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vs[order[a]].Width > vs[order[b]].Width })
	prev := work
	out = make([][]byte, len(vs))
	for _, i := range order {
		v := vs[i]
		k := shape{v.Width, v.Height, v.Crop}
		m := made[k]
		if m == nil {
			if v.Crop.Empty() {
				m = resize(prev, prev.Rect, v.Width, v.Height)
				prev = m
			} else {
				m = resize(work, scaleRect(v.Crop, work.Rect.Dx(), info.Width), v.Width, v.Height)
			}
			made[k] = m
		}
		if out[i], err = encode(m, v, info.Alpha); err != nil {
			return nil, fmt.Errorf("encode %s: %w", v, err)
		}
	}
	return out, nil
}

// Verify decodes data all the way, as Process does, without making
// anything: a truncated file fails here although its header reads.
func Verify(data []byte, info Info) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = problemf("the picture cannot be decoded (a damaged file?): %v", r)
		}
	}()
	_, err = decode(data, info.Format)
	return err
}

func decode(data []byte, f Format) (m image.Image, err error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		m, err = jpeg.Decode(r)
	case PNG:
		m, err = png.Decode(r)
	case WebP:
		m, err = xwebp.Decode(r)
	default:
		return nil, problemf("%s", Refusal(f))
	}
	if err != nil {
		return nil, problemf("the %s picture cannot be decoded (%v): the file is damaged or cut short; export or copy it again", formatName(f), err)
	}
	return m, nil
}

// prepare is the source at the working size, upright: the smallest size
// every variant can be scaled down from.
func prepare(src image.Image, info Info, vs []Variant) *image.RGBA {
	ww := 0
	for _, v := range vs {
		w := v.Width
		if !v.Crop.Empty() {
			w = (v.Width*info.Width + v.Crop.Dx() - 1) / v.Crop.Dx()
		}
		ww = max(ww, w)
	}
	ww = min(max(ww, 1), info.Width)
	wh := max(1, (info.Height*ww+info.Width/2)/info.Width)
	sw, sh := ww, wh // the working size as stored
	if info.Transposed() {
		sw, sh = wh, ww
	}
	m := shrink(src, sw, sh)
	m = resize(m, m.Rect, sw, sh)
	return orient(m, info.Orientation)
}

// scaleRect scales r, in pixels of a picture of width from, to one of width to.
func scaleRect(r image.Rectangle, to, from int) image.Rectangle {
	if from == 0 || to == from {
		return r
	}
	s := func(v int) int { return (v*to + from/2) / from }
	return image.Rect(s(r.Min.X), s(r.Min.Y), s(r.Max.X), s(r.Max.Y))
}

// toSRGB converts the colours of m from the ICC profile embedded in data.
func toSRGB(data []byte, m *image.RGBA) (*image.RGBA, error) {
	md, _, err := autometa.Load(bytes.NewReader(data))
	if err != nil || md == nil {
		return m, err
	}
	p, err := md.ICCProfile()
	if err != nil || p == nil {
		return m, err
	}
	out, err := imaging.ConvertToSRGB(p, imaging.Relative, true, m)
	if err != nil {
		return nil, err
	}
	return toRGBA(out), nil
}

func encode(m *image.RGBA, v Variant, alpha bool) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch v.Format {
	case WebP:
		var in image.Image = m
		if alpha {
			// libwebp reads unpremultiplied colour; RGBA is premultiplied.
			n := image.NewNRGBA(m.Rect)
			draw.Draw(n, n.Rect, m, image.Point{}, draw.Src)
			in = n
		}
		err = webp.Encode(&b, in, webp.Options{Quality: v.Quality, Method: webpMethod})
	case JPEG:
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: v.Quality})
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, m)
	default:
		err = fmt.Errorf("no encoder for %q", v.Format)
	}
	return b.Bytes(), err
}
