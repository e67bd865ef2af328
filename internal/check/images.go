package check

import (
	"context"
	"path/filepath"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/parallel"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/source"
)

// lintImages checks the pictures the pages show, beyond what the build
// refuses (FindImages, in newChecker): each source is decoded once unless
// the cache knows it decodes (a truncated file has a good header), and
// its author is told what the repository holds that the site will not show.
func (c *checker) lintImages(ctx context.Context, l *diag.List) {
	if c.pics == nil {
		return
	}
	files := map[string][]*site.ImageRef{}
	var order []string
	for _, r := range c.pics.Refs {
		if _, ok := c.pics.Infos[r.File]; !ok {
			continue
		}
		if files[r.File] == nil {
			order = append(order, r.File)
		}
		files[r.File] = append(files[r.File], r)
	}
	decodeErrs := make([]error, len(order))
	parallel.For(ctx, len(order), func(i int) {
		decodeErrs[i] = c.pipe.Verify(ctx, order[i], c.pics.Infos[order[i]])
	})
	hero := c.cfg.Images.HeroWidth
	for i, f := range order {
		info := c.pics.Infos[f]
		for _, r := range files[f] {
			if err := decodeErrs[i]; err != nil {
				l.Add(r.At(diag.Error, "image %q: %s: %v", r.Dest, f, err))
				continue
			}
			if info.Bytes > images.MaxFileBytes {
				l.Add(r.At(diag.Error, "image %q: %s is %.0f MB; a picture over %d MB weighs down every clone of the repository: export it smaller (4000 pixels wide is plenty)", r.Dest, f, float64(info.Bytes)/1e6, images.MaxFileBytes>>20))
			}
			if info.GPS {
				l.Add(r.At(diag.Warning, "image %q: %s holds the GPS position where it was taken: the site never shows it, but the repository keeps it for anyone to read; remove it before committing (exiftool -gps:all= %s)", r.Dest, f, filepath.Base(f)))
			}
			if r.Field == site.HeroField && hero > 0 && info.Width < hero {
				l.Add(r.At(diag.Warning, "image %q: %s is %d pixels wide, narrower than the %d the page's picture is shown at on a large screen (images: heroWidth), so it will look blurred: use a larger original", r.Dest, f, info.Width, hero))
			}
		}
	}
}

// openPictures finds the pictures every page shows, drafts included, as
// the build does; its findings are what the build would refuse.
func (c *checker) openPictures(cacheDir string) diag.List {
	pipe, err := source.NewPipeline(c.root, cacheDir, c.cfg)
	if err != nil {
		return diag.List{diag.Errorf(config.FileName, 0, 0, "%v", err)}
	}
	c.pipe = pipe
	pics, errs := source.FindImages(c.cfg, c.all, pipe, c.md)
	c.pics = pics
	return errs
}
