package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/kovidgoyal/imaging/prism/meta"
	"github.com/kovidgoyal/imaging/prism/meta/autometa"
	"github.com/rwcarlsen/goexif/exif"
	"golang.org/x/image/webp"
)

// Problem is why a source cannot be published, in words for its author:
// the build and portal check put it after the page and the picture's name.
type Problem struct{ msg string }

func (p *Problem) Error() string { return p.msg }

func problemf(format string, args ...any) error { return &Problem{fmt.Sprintf(format, args...)} }

// IsProblem reports whether err is about the file itself (a Problem), not
// about reading it from disk.
func IsProblem(err error) bool {
	var p *Problem
	return errors.As(err, &p)
}

// Sniff is the format of data from its first bytes, whatever its name says.
func Sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "avif", "avis":
			return AVIF
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return HEIC
		}
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 1024)], []byte("\uFEFF")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(data[:min(len(data), 4096)], []byte("<svg")) {
		return SVG
	}
	return ""
}

// Refusal is what to tell the author of a picture the site does not read.
func Refusal(f Format) string {
	switch f {
	case HEIC:
		return "it is an iPhone HEIC photo, which browsers cannot show: export it as JPEG (on the iPhone, Settings → Camera → Formats → Most Compatible; on a Mac, Preview → File → Export → JPEG)"
	case AVIF:
		return "AVIF is not read: export it as JPEG"
	case SVG:
		return "an SVG is a program as much as a picture (it can carry script), so it is not accepted from content/: export it as PNG"
	case GIF:
		return "a GIF cannot be turned into the site's sizes without losing its animation: save a still as PNG, or put the GIF in static/ and link it from there"
	}
	return "it is not a JPEG, PNG or WebP picture"
}

// Inspect reads what the pipeline needs of a source from its bytes without
// decoding its pixels: the format (by content, which must agree with name's
// extension), the size upright, EXIF orientation, GPS and camera, the
// colour profile. maxMegapixels refuses a picture whose header claims more
// pixels (0: no limit). The error is a Problem for a file that cannot be
// published as it is.
func Inspect(name string, data []byte, maxMegapixels int) (info Info, err error) {
	defer func() {
		// The metadata readers are given files from anywhere; a panic in
		// one is a damaged file, not a crash of the build.
		if r := recover(); r != nil {
			info, err = Info{}, problemf("its metadata cannot be read (a damaged file?): %v", r)
		}
	}()
	if len(data) == 0 {
		return Info{}, problemf("the file is empty (0 bytes): copy the picture again")
	}
	sum := sha256.Sum256(data)
	info = Info{Hash: hex.EncodeToString(sum[:]), Bytes: int64(len(data)), Orientation: 1}
	got, named := Sniff(data), FormatOfName(name)
	if !got.Processed() {
		if got == "" {
			return info, problemf("it is not a JPEG, PNG or WebP picture (a damaged file, or another kind of file under a picture's name)")
		}
		return info, problemf("%s", Refusal(got))
	}
	if named != got {
		return info, problemf("its name says %s but it holds a %s picture: rename it to %s", formatName(named), formatName(got), strings.TrimSuffix(name, extOf(name))+got.Ext())
	}
	info.Format = got
	var cfg image.Config
	switch got {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case WebP:
		cfg, err = webp.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return info, problemf("the %s picture cannot be read (%v): the file is damaged or cut short; export or copy it again", formatName(got), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return info, problemf("the %s picture has no size: the file is damaged", formatName(got))
	}
	if err := overLimit(cfg.Width, cfg.Height, maxMegapixels); err != nil {
		return info, err
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	info.Alpha = hasAlpha(cfg.ColorModel)
	if got == PNG {
		info.Alpha = pngAlpha(data)
	}
	md, _, err := autometa.Load(bytes.NewReader(data))
	if err == nil && md != nil {
		if err := info.readMetadata(md); err != nil {
			return info, err
		}
	}
	if info.Transposed() {
		info.Width, info.Height = info.Height, info.Width
	}
	return info, nil
}

// readMetadata reads orientation, position, camera and colour profile. An
// EXIF block that cannot be parsed is ignored (the picture stays as
// stored); one larger than any camera writes is refused.
func (info *Info) readMetadata(md *meta.Data) error {
	raw := md.ExifData()
	info.MetadataBytes = len(raw)
	if len(raw) > MaxMetadataBytes {
		return problemf("its EXIF block is %d KB, more than the %d KB a photo's EXIF can hold: the file is damaged or crafted; export the picture again", len(raw)>>10, MaxMetadataBytes>>10)
	}
	if x, err := md.Exif(); err == nil && x != nil {
		if t, err := x.Get(exif.Orientation); err == nil {
			if o, err := t.Int(0); err == nil && o >= 1 && o <= 8 {
				info.Orientation = o
			}
		}
		for _, f := range []exif.FieldName{exif.GPSLatitude, exif.GPSLongitude} {
			if _, err := x.Get(f); err == nil {
				info.GPS = true
			}
		}
		var camera []string
		for _, f := range []exif.FieldName{exif.Make, exif.Model} {
			if t, err := x.Get(f); err == nil {
				if s, err := t.StringVal(); err == nil && strings.TrimSpace(s) != "" {
					camera = append(camera, strings.TrimSpace(s))
				}
			}
		}
		info.Camera = strings.Join(camera, " ")
	}
	if p, err := md.ICCProfile(); err == nil && p != nil && !p.IsSRGB() {
		name, _ := p.Description()
		if name = strings.TrimSpace(name); name == "" {
			name = "an embedded profile"
		}
		info.Profile = name
	}
	return nil
}

// pngAlpha reports whether a PNG can be transparent: grey or colour with
// an alpha channel, or a tRNS chunk (a palette or colour made transparent).
// Go's decoder reports RGB and RGBA files alike, so the header is read.
func pngAlpha(data []byte) bool {
	const colourType = 8 + 8 + 9 // after the signature, the chunk header and IHDR's size and depth
	if len(data) <= colourType {
		return true
	}
	if t := data[colourType]; t == 4 || t == 6 {
		return true
	}
	head := data
	if i := bytes.Index(data, []byte("IDAT")); i >= 0 {
		head = data[:i]
	}
	return bytes.Contains(head, []byte("tRNS"))
}

// hasAlpha reports whether a colour model can be transparent.
func hasAlpha(m color.Model) bool {
	switch m {
	case color.GrayModel, color.Gray16Model, color.YCbCrModel, color.CMYKModel:
		return false
	}
	if p, ok := m.(color.Palette); ok {
		for _, c := range p {
			if _, _, _, a := c.RGBA(); a != 0xffff {
				return true
			}
		}
		return false
	}
	return true
}

func formatName(f Format) string {
	switch f {
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	case WebP:
		return "WebP"
	case "":
		return "no picture format"
	}
	return strings.ToUpper(string(f))
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > strings.LastIndexByte(name, '/') {
		return name[i:]
	}
	return ""
}
