package source

// This file finds the pictures pages show and has the picture pipeline read
// each source once.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the size of a GIF shown as it is
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/parallel"
	"github.com/uio-partner/portal/internal/site"
)

// CacheEnv names the environment variable that moves the image cache, as
// --cache-dir does.
const CacheEnv = "PORTAL_CACHE_DIR"

// NewPipeline opens the image cache of the site and returns its pipeline.
// The cache is in cacheDir, or in .cache under the site root when that is
// empty.
func NewPipeline(source, cacheDir string, cfg *config.Config) (*images.Pipeline, error) {
	if cacheDir == "" {
		cacheDir = filepath.Join(source, images.CacheDirName)
	}
	c, err := images.OpenCache(cacheDir)
	if err != nil {
		return nil, err
	}
	s := images.Settings{Widths: cfg.Images.Widths, Quality: cfg.Images.Quality, MaxMegapixels: cfg.Images.MaxMegapixels}
	return images.NewPipeline(source, c, s), nil
}

// FindImages lists the pictures the pages show, in front-matter fields of
// type image and in their text, and reads each source file once (from the
// pipeline's cache when it has not changed). Every picture that cannot be
// shown is an error at the page and line that names it. md parses the text.
func FindImages(cfg *config.Config, pages []*content.Page, pipe *images.Pipeline, md *markdown.Renderer) (*site.Pictures, diag.List) {
	fields := cfg.ImageFields()
	refs := make([][]*site.ImageRef, len(pages))
	parallel.For(context.Background(), len(pages), func(i int) { refs[i] = PageImageRefs(pages[i], fields, md) })
	pics := &site.Pictures{Infos: map[string]images.Info{}, Sizes: map[string]image.Point{}}
	var errs diag.List
	var files []string
	seen := map[string]bool{}
	for _, list := range refs {
		for _, r := range list {
			file, external, err := site.ImageFile(r.Page.File, r.Dest)
			switch {
			case external:
				continue // shown from there; portal check warns
			case err != nil:
				errs.Add(r.At(diag.Error, "image %q: %v", r.Dest, err))
				continue
			}
			r.File = file
			pics.Refs = append(pics.Refs, r)
			if !seen[file] {
				seen[file] = true
				files = append(files, file)
			}
		}
	}
	sort.Strings(files)
	problems := make([]error, len(files))
	infos := make([]images.Info, len(files))
	sizes := make([]image.Point, len(files))
	parallel.For(context.Background(), len(files), func(i int) {
		f := files[i]
		if format := images.FormatOfName(f); (format == images.GIF || format == images.SVG) && strings.HasPrefix(f, site.StaticDir+"/") {
			sizes[i], problems[i] = plainSize(pipe, f)
			return
		}
		infos[i], problems[i] = pipe.Inspect(f)
	})
	byFile := map[string]error{}
	for i, f := range files {
		switch {
		case problems[i] != nil:
			byFile[f] = problems[i]
		case images.FormatOfName(f) == images.GIF || images.FormatOfName(f) == images.SVG:
			if sizes[i] != (image.Point{}) {
				pics.Sizes[f] = sizes[i]
			}
		default:
			pics.Infos[f] = infos[i]
		}
	}
	var kept []*site.ImageRef
	for _, r := range pics.Refs {
		if err := byFile[r.File]; err != nil {
			errs.Add(r.At(diag.Error, "image %q: %s", r.Dest, DescribeProblem(r.File, err)))
			continue
		}
		kept = append(kept, r)
	}
	pics.Refs = kept
	errs.Sort()
	return pics, errs
}

// DescribeProblem says what is wrong with a source file, for a message
// that names the page and the picture.
func DescribeProblem(file string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("not found: add the file %s (names are case-sensitive)", file)
	case images.IsProblem(err):
		return fmt.Sprintf("%s: %v", file, err)
	}
	return fmt.Sprintf("%s cannot be read: %v", file, err)
}

// plainSize is the size of a GIF or SVG shown as it is (none for an SVG,
// which has no pixels).
func plainSize(pipe *images.Pipeline, file string) (image.Point, error) {
	data, err := os.ReadFile(filepath.Join(pipe.Root(), filepath.FromSlash(file)))
	if err != nil {
		return image.Point{}, err
	}
	if images.FormatOfName(file) == images.SVG {
		return image.Point{}, nil
	}
	c, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return image.Point{}, fmt.Errorf("its width and height cannot be read (%v)", err)
	}
	return image.Pt(c.Width, c.Height), nil
}

// PageImageRefs are the pictures page p names: in its front-matter fields
// of type image, and in its text. Only a text that holds "![" is parsed:
// most pages have no picture, and a 10,000-page build must not parse them
// twice.
func PageImageRefs(p *content.Page, fields []string, md *markdown.Renderer) []*site.ImageRef {
	var refs []*site.ImageRef
	for _, f := range fields {
		if dest := strings.TrimSpace(p.String(f)); dest != "" {
			refs = append(refs, &site.ImageRef{Page: p, Field: f, Dest: dest, Alt: p.String(config.AltField(f)), Line: p.Line(f), Col: 1})
		}
	}
	if md == nil || !bytes.Contains(p.Body, []byte("![")) {
		return refs
	}
	for _, l := range md.Outline(p.Body).Links {
		if !l.Image || strings.TrimSpace(l.Dest) == "" || !markdown.SafeURL(l.Dest, true) {
			continue
		}
		line, col := p.BodyPos(l.Line, l.Dest)
		refs = append(refs, &site.ImageRef{Page: p, Dest: l.Dest, Alt: l.Alt, Line: line, Col: col})
	}
	return refs
}
