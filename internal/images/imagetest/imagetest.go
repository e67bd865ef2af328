// Package imagetest makes the pictures tests need: photos with the EXIF a
// phone writes (camera, GPS, orientation), a Display P3 profile, and the
// bad inputs the pipeline must refuse (a decompression bomb, a truncated
// JPEG, an oversized EXIF block, an iPhone HEIC). Everything is made in
// code, so no test depends on a file it cannot explain.
package imagetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"
)

// Left and Right are the colours of the two halves of Halves.
var (
	Left  = color.RGBA{220, 30, 30, 255}
	Right = color.RGBA{30, 30, 220, 255}
)

// Halves is a w×h picture, its left half Left and its right half Right,
// with a little texture so encoders have something to do.
func Halves(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := Left
			if x >= w/2 {
				c = Right
			}
			d := uint8((x*7 + y*13) % 9)
			m.SetRGBA(x, y, color.RGBA{c.R - d, c.G + d, c.B - d, 255})
		}
	}
	return m
}

// RotateCCW turns m a quarter turn counter-clockwise: how a phone held
// upright stores a photo it tags with EXIF orientation 6.
func RotateCCW(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.Set(y, b.Dx()-1-x, m.At(x, y))
		}
	}
	return out
}

// EXIF is what a phone writes into a photo.
type EXIF struct {
	Orientation int     // 0: none
	Make, Model string  // the camera
	Lat, Lon    float64 // GPS position; both 0: none
}

// JPEG encodes m at quality 90 with the EXIF block e (when not zero) and
// the ICC profile icc (when not nil), as a camera writes them.
func JPEG(tb testing.TB, m image.Image, e EXIF, icc []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	data := b.Bytes()
	var segs []byte
	if e != (EXIF{}) {
		segs = append(segs, segment(0xe1, append([]byte("Exif\x00\x00"), tiff(e)...))...)
	}
	if icc != nil {
		segs = append(segs, segment(0xe2, append([]byte("ICC_PROFILE\x00\x01\x01"), icc...))...)
	}
	return append(append(append([]byte{}, data[:2]...), segs...), data[2:]...)
}

func segment(marker byte, payload []byte) []byte {
	out := []byte{0xff, marker, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(payload)+2))
	return append(out, payload...)
}

// tiff writes the EXIF block's TIFF structure: IFD0 with make, model and
// orientation, and a GPS IFD with the position after it.
func tiff(e EXIF) []byte {
	var ifd0, gps []entry
	if e.Make != "" {
		ifd0 = append(ifd0, ascii(0x010f, e.Make))
	}
	if e.Model != "" {
		ifd0 = append(ifd0, ascii(0x0110, e.Model))
	}
	if e.Orientation != 0 {
		ifd0 = append(ifd0, short(0x0112, e.Orientation))
	}
	if e.Lat != 0 || e.Lon != 0 {
		gps = []entry{ascii(0x0001, "N"), rationals(0x0002, e.Lat), ascii(0x0003, "E"), rationals(0x0004, e.Lon)}
		ifd0 = append(ifd0, entry{0x8825, 4, 1, make([]byte, 4)})
	}
	const start = 8 // IFD0 right after the header
	gpsAt := start + ifdSize(ifd0)
	if gps != nil {
		binary.LittleEndian.PutUint32(ifd0[len(ifd0)-1].data, uint32(gpsAt))
	}
	out := append([]byte("II*\x00\x08\x00\x00\x00"), encodeIFD(ifd0, start)...)
	if gps != nil {
		out = append(out, encodeIFD(gps, gpsAt)...)
	}
	return out
}

// entry is one TIFF tag.
type entry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func ascii(tag uint16, s string) entry {
	return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
}

func short(tag uint16, v int) entry {
	return entry{tag, 3, 1, binary.LittleEndian.AppendUint16(nil, uint16(v))}
}

// rationals is degrees as the three rationals of degrees, minutes, seconds.
func rationals(tag uint16, deg float64) entry {
	var d []byte
	whole := math.Floor(deg)
	for _, v := range []uint32{uint32(whole), 1, uint32((deg - whole) * 60 * 10000), 10000, 0, 1} {
		d = binary.LittleEndian.AppendUint32(d, v)
	}
	return entry{tag, 5, 3, d}
}

// ifdSize is the bytes an IFD and its out-of-line data take.
func ifdSize(es []entry) int {
	n := 2 + 12*len(es) + 4
	for _, e := range es {
		if len(e.data) > 4 {
			n += len(e.data)
		}
	}
	return n
}

// encodeIFD encodes an IFD that starts at offset at of the TIFF block.
func encodeIFD(es []entry, at int) []byte {
	extra := at + 2 + 12*len(es) + 4
	out := binary.LittleEndian.AppendUint16(nil, uint16(len(es)))
	var tail []byte
	for _, e := range es {
		out = binary.LittleEndian.AppendUint16(out, e.tag)
		out = binary.LittleEndian.AppendUint16(out, e.typ)
		out = binary.LittleEndian.AppendUint32(out, e.count)
		if len(e.data) <= 4 {
			out = append(out, append(append([]byte{}, e.data...), make([]byte, 4-len(e.data))...)...)
			continue
		}
		out = binary.LittleEndian.AppendUint32(out, uint32(extra+len(tail)))
		tail = append(tail, e.data...)
	}
	out = append(out, 0, 0, 0, 0)
	return append(out, tail...)
}

// PNG encodes m.
func PNG(tb testing.TB, m image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// Bomb is a PNG of a few hundred bytes whose header claims w×h pixels: a
// decoder that believed it would allocate w×h×4 bytes.
func Bomb(w, h int) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	out = chunk(out, "IHDR", ihdr)
	out = chunk(out, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return chunk(out, "IEND", nil)
}

// WithPNGChunk inserts a chunk of type typ after a PNG's header chunk.
func WithPNGChunk(data []byte, typ string, payload []byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := append([]byte{}, data[:afterIHDR]...)
	out = chunk(out, typ, payload)
	return append(out, data[afterIHDR:]...)
}

func chunk(out []byte, typ string, payload []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(payload)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, payload...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// BigEXIF is an EXIF block of n bytes: a valid TIFF header and padding.
func BigEXIF(n int) []byte {
	out := append([]byte("II*\x00\x08\x00\x00\x00"), 0, 0, 0, 0, 0, 0)
	return append(out, make([]byte, n-len(out))...)
}

// HEIC is the start of an iPhone HEIC file: its ftyp box.
func HEIC() []byte {
	return append([]byte{0, 0, 0, 0x18}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
}

// DisplayP3 is an ICC profile of the Display P3 colour space (the one
// iPhones tag their photos with): its primaries, the D50 white point and
// the sRGB tone curve, as a matrix/TRC monitor profile.
func DisplayP3() []byte {
	s15 := func(v float64) []byte { return binary.BigEndian.AppendUint32(nil, uint32(int32(math.Round(v*65536)))) }
	xyz := func(x, y, z float64) []byte {
		return append(append(append([]byte("XYZ \x00\x00\x00\x00"), s15(x)...), s15(y)...), s15(z)...)
	}
	trc := []byte("para\x00\x00\x00\x00\x00\x03\x00\x00")
	for _, v := range []float64{2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045} {
		trc = append(trc, s15(v)...)
	}
	desc := []byte("desc\x00\x00\x00\x00")
	desc = binary.BigEndian.AppendUint32(desc, uint32(len("Display P3")+1))
	desc = append(desc, "Display P3\x00"...)
	desc = append(desc, make([]byte, 4+4+2+1+67)...)
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", desc},
		{"wtpt", xyz(0.9642, 1, 0.8249)},
		{"rXYZ", xyz(0.515121, 0.241196, -0.001053)},
		{"gXYZ", xyz(0.291977, 0.692245, 0.041885)},
		{"bXYZ", xyz(0.157104, 0.066574, 0.784073)},
		{"rTRC", trc}, {"gTRC", trc}, {"bTRC", trc},
	}
	table := binary.BigEndian.AppendUint32(nil, uint32(len(tags)))
	var body []byte
	offset := 128 + 4 + 12*len(tags)
	for _, t := range tags {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		table = append(table, t.sig...)
		table = binary.BigEndian.AppendUint32(table, uint32(offset+len(body)))
		table = binary.BigEndian.AppendUint32(table, uint32(len(t.data)))
		body = append(body, t.data...)
	}
	header := make([]byte, 128)
	binary.BigEndian.PutUint32(header[0:], uint32(128+len(table)+len(body)))
	binary.BigEndian.PutUint32(header[8:], 0x02100000) // version 2.1
	copy(header[12:], "mntrRGB XYZ ")
	copy(header[36:], "acsp")
	copy(header[68:], append(append(s15(0.9642), s15(1)...), s15(0.8249)...))
	return append(append(header, table...), body...)
}
