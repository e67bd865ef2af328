package site

// This file is where pictures go: which source file a page's picture names,
// which sizes of it are published, and at which addresses. Every size of a
// picture is published once for all languages, in the folder the source is
// in, named after it: content/case-studies/roche-signing.jpg is
// /case-studies/roche-signing-480.webp, -960.webp, -1600.webp, the fallback
// -960.jpg and the link preview -og.jpg. Names, not content hashes: the
// addresses follow from the file names alone, so the model finds every clash
// before a byte is read, and they stay readable and stable for the
// communications team; a replaced photo is revalidated by browsers through
// its ETag like any page.

import (
	"fmt"
	"image"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
)

// ImageRef is a picture a page names: in a front-matter field of type
// image, or in its Markdown.
type ImageRef struct {
	Page      *content.Page
	Field     string // the front-matter field ("image"), or "" for the text
	Dest      string // as written
	Alt       string
	Line, Col int
	File      string // the source it names, a slash path from the site root
}

// At is the diagnostic position of the reference.
func (r *ImageRef) At(sev diag.Severity, format string, args ...any) *diag.Diagnostic {
	return &diag.Diagnostic{File: r.Page.File, Line: r.Line, Col: r.Col, Severity: sev, Msg: fmt.Sprintf(format, args...)}
}

// Pictures are the pictures the pages show: each reference, and what the
// pipeline read of each source file.
type Pictures struct {
	Refs  []*ImageRef
	Infos map[string]images.Info // by source file; a processed format
	// Sizes are the widths and heights of pictures shown as they are (a GIF
	// or SVG of static/), by source file.
	Sizes map[string]image.Point
}

// ImageFile is the source file a page's picture names: dest relative to
// the page's file (roche-signing.jpg, ../facilities/lab.jpg), or a path of
// the site served from static/ (/images/lab.jpg). external is true for
// another site's address, which is shown as it is. A path that leaves
// content/ and static/ is an error.
func ImageFile(pageFile, dest string) (file string, external bool, err error) {
	u, perr := url.Parse(strings.TrimSpace(dest))
	if perr != nil {
		return "", false, fmt.Errorf("it is not a valid address: %v", perr)
	}
	if u.Scheme != "" || u.Host != "" {
		return "", true, nil
	}
	p := u.Path
	if strings.Contains(p, "\\") {
		return "", false, fmt.Errorf("write the path with / between folders, not \\")
	}
	switch {
	case p == "":
		return "", false, fmt.Errorf("it names no file")
	case strings.HasPrefix(p, "/"):
		file = path.Clean(StaticDir + p)
	default:
		file = path.Clean(path.Join(path.Dir(pageFile), p))
	}
	if !strings.HasPrefix(file, content.Dir+"/") && !strings.HasPrefix(file, StaticDir+"/") {
		return "", false, fmt.Errorf("the path leaves the site's %s/ and %s/ folders: put the picture beside the page and write its name", content.Dir, StaticDir)
	}
	return file, false, nil
}

// ImageSize is one published size of a picture.
type ImageSize struct {
	URL           string
	Width, Height int
	Variant       images.Variant
}

// Image is a source picture with the sizes it is published in.
type Image struct {
	File string
	Info images.Info
	// Sizes are the WebP sizes, narrowest first; Fallback is the JPEG (PNG
	// for a picture that may be transparent) for browsers without WebP.
	Sizes    []ImageSize
	Fallback ImageSize
	// Original is the picture at its full size, when site.yaml publishes
	// originals.
	Original *ImageSize
	// Plain says the picture is shown as it is (a GIF or SVG of static/):
	// Fallback.URL is its address, and it has no sizes.
	Plain bool

	crops []ImageSize // the link-preview crops pages chose
}

// SrcSet is the srcset of the WebP sizes: "/a-480.webp 480w, /a-960.webp 960w".
func (im *Image) SrcSet() string {
	var b strings.Builder
	for i, s := range im.Sizes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %dw", s.URL, s.Width)
	}
	return b.String()
}

// Width and Height are the picture's size as the fallback shows it, for
// <img width height>: the browser keeps its room while it loads.
func (im *Image) Width() int  { return im.Fallback.Width }
func (im *Image) Height() int { return im.Fallback.Height }

// PageImage is a picture as one page shows it: with its alt text, and the
// point crops keep (imageFocus).
type PageImage struct {
	*Image
	Alt string
	// FocusX and FocusY are the point crops keep, from 0 to 1 across and
	// down (0.5, 0.5 is the centre).
	FocusX, FocusY float64
	// OG is the 1200×630 crop for link previews (Open Graph, Twitter).
	OG ImageSize
}

// Focus is the focal point as a CSS position, for object-position: "50% 30%".
func (p *PageImage) Focus() string {
	return fmt.Sprintf("%s%% %s%%", strconv.FormatFloat(p.FocusX*100, 'f', -1, 64), strconv.FormatFloat(p.FocusY*100, 'f', -1, 64))
}

// OGWidth and OGHeight are the size of link previews' crop.
const (
	OGWidth  = 1200
	OGHeight = 630
)

// originalQuality is the quality of published originals: as near to the
// source as a re-encoding is while still leaving its metadata behind.
const originalQuality = 90

// imageURL is the address of a size of the source file: its folder under
// content/ or static/, its name made a slug, and what the size adds.
func imageURL(file, suffix string, f images.Format) string {
	dir := path.Dir(file)
	for _, root := range []string{content.Dir, StaticDir} {
		if dir == root {
			dir = ""
		} else if rest, ok := strings.CutPrefix(dir, root+"/"); ok {
			dir = rest
		}
	}
	stem := content.Slugify(strings.TrimSuffix(path.Base(file), path.Ext(file)))
	if stem == "" {
		stem = "image"
	}
	u := "/" + stem + suffix + f.Ext()
	if dir != "" {
		u = "/" + dir + u
	}
	return u
}

// newImage lists the sizes a source is published in: each of widths
// narrower than the picture, and the picture's own width where it is
// narrower than the widest; the fallback at the middle width (960 of 480,
// 960, 1600) or the picture's own.
func newImage(file string, info images.Info, s config.Images) *Image {
	im := &Image{File: file, Info: info}
	height := func(w int) int { return max(1, (info.Height*w+info.Width/2)/info.Width) }
	add := func(w int) {
		im.Sizes = append(im.Sizes, ImageSize{URL: imageURL(file, "-"+strconv.Itoa(w), images.WebP), Width: w, Height: height(w),
			Variant: images.Variant{Width: w, Height: height(w), Format: images.WebP, Quality: s.Quality}})
	}
	for _, w := range s.Widths {
		if w < info.Width {
			add(w)
		}
	}
	if len(s.Widths) > 0 && info.Width <= s.Widths[len(s.Widths)-1] {
		add(info.Width)
	}
	fw := min(s.Widths[len(s.Widths)/2], info.Width)
	ff := images.JPEG
	if info.Alpha {
		ff = images.PNG
	}
	im.Fallback = ImageSize{URL: imageURL(file, "-"+strconv.Itoa(fw), ff), Width: fw, Height: height(fw),
		Variant: images.Variant{Width: fw, Height: height(fw), Format: ff, Quality: s.Quality}}
	if s.PublishOriginals {
		im.Original = &ImageSize{URL: imageURL(file, "", info.Format), Width: info.Width, Height: info.Height,
			Variant: images.Variant{Width: info.Width, Height: info.Height, Format: info.Format, Quality: originalQuality}}
	}
	return im
}

// ogSize is the link-preview crop of a picture around the focal point
// (fx, fy): the largest 1200:630 rectangle it holds, at most 1200×630.
func ogSize(im *Image, fx, fy float64, s config.Images) ImageSize {
	w, h := im.Info.Width, im.Info.Height
	cw, ch := w, w*OGHeight/OGWidth
	if ch > h {
		cw, ch = h*OGWidth/OGHeight, h
	}
	cw, ch = max(cw, 1), max(ch, 1)
	place := func(size, total int, f float64) int {
		return min(max(int(f*float64(total))-size/2, 0), total-size)
	}
	x, y := place(cw, w, fx), place(ch, h, fy)
	// The output's height follows from its width by the preview's ratio,
	// rounded, not from the crop's (whose height was rounded down): a
	// 4032×3024 photo gives 1200×630, not 1200×629.
	ow := min(OGWidth, cw)
	oh := max(1, (ow*OGHeight+OGWidth/2)/OGWidth)
	suffix := "-og"
	if fx != 0.5 || fy != 0.5 {
		suffix = fmt.Sprintf("-og-%d-%d", int(fx*100+0.5), int(fy*100+0.5))
	}
	ff := images.JPEG
	if im.Info.Alpha {
		ff = images.PNG
	}
	return ImageSize{URL: imageURL(im.File, suffix, ff), Width: ow, Height: oh,
		Variant: images.Variant{Width: ow, Height: oh, Crop: image.Rect(x, y, x+cw, y+ch), Format: ff, Quality: s.Quality}}
}

// ParseFocus reads a focal point written as two percentages, across and
// down ("50% 30%"), or as words (top, bottom, left, right, center).
func ParseFocus(s string) (x, y float64, ok bool) {
	x, y = 0.5, 0.5
	s = strings.TrimSpace(s)
	if s == "" {
		return x, y, true
	}
	words := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(words) > 2 {
		return x, y, false
	}
	seenX, seenY := false, false
	for i, w := range words {
		switch strings.ToLower(w) {
		case "left":
			x, seenX = 0, true
		case "right":
			x, seenX = 1, true
		case "top":
			y, seenY = 0, true
		case "bottom":
			y, seenY = 1, true
		case "center", "centre":
		default:
			v, err := strconv.ParseFloat(strings.TrimSuffix(w, "%"), 64)
			if err != nil || !strings.HasSuffix(w, "%") || v < 0 || v > 100 {
				return 0.5, 0.5, false
			}
			if i == 0 && !seenX {
				x, seenX = v/100, true
			} else if !seenY {
				y, seenY = v/100, true
			} else {
				return 0.5, 0.5, false
			}
		}
	}
	return x, y, true
}

// linkImages gives the pages their pictures and lists the pictures'
// outputs with add. Two source files whose sizes would be published at one
// address are an error at the page that shows the second.
func (s *Site) linkImages(pics *Pictures, add func(Output)) diag.List {
	var errs diag.List
	s.images = map[string]*Image{}
	s.pageImages = map[string]*PageImage{}
	if pics == nil {
		return nil
	}
	cfg := s.Config.Images
	byURL := map[string]*ImageRef{} // the first reference publishing each address
	claim := func(u string, r *ImageRef) bool {
		if prev, ok := byURL[u]; ok && prev.File != r.File {
			errs.Add(r.At(diag.Error, "image %q: %s and %s (shown by %s) would both be published as %s: rename one of them", r.Dest, r.File, prev.File, prev.Page.File, u))
			return false
		}
		byURL[u] = r
		return true
	}
	refs := append([]*ImageRef(nil), pics.Refs...)
	sort.SliceStable(refs, func(i, j int) bool {
		if refs[i].Page.File != refs[j].Page.File {
			return refs[i].Page.File < refs[j].Page.File
		}
		return refs[i].Line < refs[j].Line
	})
	for _, r := range refs {
		im := s.images[r.File]
		if im == nil {
			if info, ok := pics.Infos[r.File]; ok {
				im = newImage(r.File, info, cfg)
			} else if size, ok := pics.Sizes[r.File]; ok {
				u := "/" + strings.TrimPrefix(r.File, StaticDir+"/")
				im = &Image{File: r.File, Plain: true, Fallback: ImageSize{URL: u, Width: size.X, Height: size.Y}}
			} else {
				continue // not readable: reported where it was read
			}
			sizes := append([]ImageSize{im.Fallback}, im.Sizes...)
			if im.Original != nil {
				sizes = append(sizes, *im.Original)
			}
			ok := true
			for _, sz := range sizes {
				if !im.Plain {
					ok = claim(sz.URL, r) && ok
				}
			}
			if !ok {
				continue
			}
			s.images[r.File] = im
			if !im.Plain {
				for _, sz := range sizes {
					add(Output{URL: sz.URL, Kind: ImageOutput, Owner: r.File, Unit: ImageUnit(im.File), Image: im})
				}
			}
		}
		pi := &PageImage{Image: im, Alt: r.Alt, FocusX: 0.5, FocusY: 0.5}
		if r.Field != "" && !im.Plain {
			field := config.FocusField(r.Field)
			if fx, fy, ok := ParseFocus(r.Page.String(field)); ok {
				pi.FocusX, pi.FocusY = fx, fy
			} else {
				errs.Add(diag.Errorf(r.Page.File, r.Page.Line(field), 1, "front matter: %s %q must be two percentages, across and down, such as \"50%% 30%%\" (or top, bottom, left, right)", field, r.Page.String(field)))
			}
			pi.OG = ogSize(im, pi.FocusX, pi.FocusY, cfg)
			if prev, seen := byURL[pi.OG.URL]; (!seen || prev.File != r.File) && claim(pi.OG.URL, r) {
				add(Output{URL: pi.OG.URL, Kind: ImageOutput, Owner: r.File, Unit: ImageUnit(im.File), Image: im})
				im.crops = append(im.crops, pi.OG)
			}
		}
		s.pageImages[imageKey(r.Page.File, r.Field, r.Dest)] = pi
	}
	return errs
}

func imageKey(pageFile, field, dest string) string { return pageFile + "\x00" + field + "\x00" + dest }

// PageImage is the picture the page in file shows in its front-matter
// field, or, with field "", at dest in its text; nil when it shows none
// there that the site can publish.
func (s *Site) PageImage(file, field, dest string) *PageImage {
	return s.pageImages[imageKey(file, field, dest)]
}

// Processed reports whether the source file (static/images/lab.jpg) is a
// picture pages show in its sizes: it is not published as it is.
func (s *Site) Processed(file string) bool {
	im := s.images[file]
	return im != nil && !im.Plain
}

// Images are the source pictures the site publishes, by source file.
func (s *Site) Images() []*Image {
	out := make([]*Image, 0, len(s.images))
	for _, im := range s.images {
		if !im.Plain {
			out = append(out, im)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Variants are every output of a source: its sizes, fallback, original
// and the link-preview crops its pages chose, each once.
func (im *Image) Variants() []ImageSize {
	out := append(append([]ImageSize{}, im.Sizes...), im.Fallback)
	if im.Original != nil {
		out = append(out, *im.Original)
	}
	return append(out, im.crops...)
}
