package generator

// This file has the pipeline make the sizes of the pictures pages show
// (found by source.FindImages), and publishes them.

import (
	"fmt"
	_ "image/gif" // the size of a GIF shown as it is
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/source"
)

// proseSizes is the sizes attribute of a picture in a page's text: the text
// column is 46rem at most, less the page's margins on a phone.
const proseSizes = "(min-width: 49rem) 46rem, calc(100vw - 2.5rem)"

// pictureFinder shows the pictures of page p's text in their sizes.
func (b *builder) pictureFinder(p *content.Page) markdown.ImageFinder {
	return func(dest string) (markdown.Picture, bool) {
		pi := b.model.PageImage(p.File, "", dest)
		if pi == nil {
			return markdown.Picture{}, false
		}
		pic := markdown.Picture{Src: pi.Fallback.URL, Width: pi.Width(), Height: pi.Height()}
		if !pi.Plain {
			pic.SrcSet, pic.Sizes = pi.SrcSet(), proseSizes
		}
		return pic, true
	}
}

// publishImage makes (or finds in the cache) every size of im and stages it.
func (b *builder) publishImage(im *site.Image) error {
	sizes := im.Variants()
	vs := make([]images.Variant, len(sizes))
	for i, s := range sizes {
		vs[i] = s.Variant
	}
	outs, _, err := b.pipe.Make(b.ctx, im.File, im.Info, vs)
	if err != nil {
		if images.IsProblem(err) {
			return b.imageError(im, err)
		}
		return diag.Errorf(im.File, 0, 0, "%v", err)
	}
	for i, o := range outs {
		rel := strings.TrimPrefix(sizes[i].URL, "/")
		if err := b.out.Copy(site.ImageUnit(im.File).String(), rel, im.File, o.File); err != nil {
			return err
		}
	}
	return nil
}

// imageError is a problem found while decoding a source, at every page and
// line that shows it.
func (b *builder) imageError(im *site.Image, err error) error {
	var errs diag.List
	for _, r := range b.pics.Refs {
		if r.File == im.File && b.model.PageImage(r.Page.File, r.Field, r.Dest) != nil {
			errs.Add(r.At(diag.Error, "image %q: %s", r.Dest, source.DescribeProblem(r.File, err)))
		}
	}
	if len(errs) == 0 {
		errs.Add(diag.Errorf(im.File, 0, 0, "%v", err))
	}
	return errs
}

// progress counts the pictures of a build and, on a terminal, shows
// "images 37/120" while they are processed.
type progress struct {
	w           io.Writer // nil: quiet
	total, made atomic.Int64
	mu          sync.Mutex
	last        time.Time
	shown       bool
}

func (p *progress) done() {
	n := p.made.Add(1)
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if total := p.total.Load(); n == total || time.Since(p.last) > 100*time.Millisecond {
		fmt.Fprintf(p.w, "\rimages %d/%d", n, total)
		p.last, p.shown = time.Now(), true
	}
}

// finish clears the progress line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown && p.w != nil {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// saveCache writes the cache's index after a build, and after a full one
// removes what the build no longer uses.
func (b *builder) saveCache(full bool) error {
	if b.pipe == nil {
		return nil
	}
	c := b.pipe.Cache()
	if full {
		if _, err := c.Prune(); err != nil {
			return err
		}
	}
	return c.Save(!full)
}
