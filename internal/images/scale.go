package images

// This file makes the pixels of the sizes: a source is shrunk by halves
// with a box filter while it is at least twice the size needed, then scaled
// the rest of the way with Catmull-Rom, as libvips does (shrink, then
// reduce). A 4032-pixel photo is halved once to 2016, so the cubic filter
// reads a quarter of the pixels it would from the original; the result is
// as sharp, since the box filter at exactly 2:1 is a proper average.

import (
	"image"
	"image/draw"

	"github.com/kovidgoyal/imaging"
	xdraw "golang.org/x/image/draw"
)

// halveYCbCr averages each 2×2 block of every plane of src (each plane on
// its own, so any chroma subsampling is kept); an odd last row or column is
// averaged with itself.
func halveYCbCr(src *image.YCbCr) *image.YCbCr {
	b := src.Rect
	dst := image.NewYCbCr(image.Rect(0, 0, (b.Dx()+1)/2, (b.Dy()+1)/2), src.SubsampleRatio)
	cw, ch := chromaSize(src)
	dcw, dch := chromaSize(dst)
	halvePlane(dst.Y, dst.YStride, dst.Rect.Dx(), dst.Rect.Dy(), src.Y, src.YStride, b.Dx(), b.Dy())
	halvePlane(dst.Cb, dst.CStride, dcw, dch, src.Cb, src.CStride, cw, ch)
	halvePlane(dst.Cr, dst.CStride, dcw, dch, src.Cr, src.CStride, cw, ch)
	return dst
}

// chromaSize is the size of the chroma planes of m.
func chromaSize(m *image.YCbCr) (w, h int) {
	w, h = m.Rect.Dx(), m.Rect.Dy()
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// halvePlane writes the 2×2 box average of the sw×sh plane src (with
// stride ss) into the dw×dh plane dst.
func halvePlane(dst []byte, ds, dw, dh int, src []byte, ss, sw, sh int) {
	for y := 0; y < dh; y++ {
		r0 := src[2*y*ss:]
		r1 := r0
		if 2*y+1 < sh {
			r1 = src[(2*y+1)*ss:]
		}
		d := dst[y*ds : y*ds+dw]
		for x := range d {
			x0, x1 := 2*x, 2*x+1
			if x1 >= sw {
				x1 = x0
			}
			d[x] = uint8((uint(r0[x0]) + uint(r0[x1]) + uint(r1[x0]) + uint(r1[x1]) + 2) >> 2)
		}
	}
}

// halveRGBA averages each 2×2 block of src.
func halveRGBA(src *image.RGBA) *image.RGBA {
	b := src.Rect
	w, h := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, (w+1)/2, (h+1)/2))
	for y := 0; y < dst.Rect.Dy(); y++ {
		r0 := src.Pix[2*y*src.Stride:]
		r1 := r0
		if 2*y+1 < h {
			r1 = src.Pix[(2*y+1)*src.Stride:]
		}
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*dst.Rect.Dx()]
		for x := 0; x < len(d); x += 4 {
			x0, x1 := 2*x, 2*x+4
			if x1 >= 4*w {
				x1 = x0
			}
			for c := 0; c < 4; c++ {
				d[x+c] = uint8((uint(r0[x0+c]) + uint(r0[x1+c]) + uint(r1[x0+c]) + uint(r1[x1+c]) + 2) >> 2)
			}
		}
	}
	return dst
}

// shrink halves m while it is at least twice w×h, and returns it as RGBA.
func shrink(m image.Image, w, h int) *image.RGBA {
	if y, ok := m.(*image.YCbCr); ok {
		for y.Rect.Dx() >= 2*w && y.Rect.Dy() >= 2*h {
			y = halveYCbCr(y)
		}
		m = y
	}
	rgba := toRGBA(m)
	for rgba.Rect.Dx() >= 2*w && rgba.Rect.Dy() >= 2*h {
		rgba = halveRGBA(rgba)
	}
	return rgba
}

// toRGBA returns m as an *image.RGBA with its origin at 0,0.
func toRGBA(m image.Image) *image.RGBA {
	if r, ok := m.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := m.Bounds()
	r := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(r, r.Rect, m, b.Min, draw.Src)
	return r
}

// resize scales the part r of src to w×h with Catmull-Rom, halving first
// where it is at least twice as big.
func resize(src *image.RGBA, r image.Rectangle, w, h int) *image.RGBA {
	if r.Dx() == w && r.Dy() == h {
		if r == src.Rect {
			return src
		}
		return toRGBA(src.SubImage(r))
	}
	for r.Dx() >= 2*w && r.Dy() >= 2*h {
		src = halveRGBA(toRGBA(src.SubImage(r)))
		r = src.Rect
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Rect, src, r, xdraw.Src, nil)
	return dst
}

// orient turns a picture stored with EXIF orientation o upright.
func orient(m *image.RGBA, o int) *image.RGBA {
	var out image.Image
	switch o {
	case 2:
		out = imaging.FlipH(m)
	case 3:
		out = imaging.Rotate180(m)
	case 4:
		out = imaging.FlipV(m)
	case 5:
		out = imaging.Transpose(m)
	case 6:
		out = imaging.Rotate270(m) // a quarter turn clockwise
	case 7:
		out = imaging.Transverse(m)
	case 8:
		out = imaging.Rotate90(m)
	default:
		return m
	}
	return toRGBA(out)
}
