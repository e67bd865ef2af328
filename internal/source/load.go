// Package source reads a site's inputs from its folder: site.yaml, the
// theme (layouts/), every content file, and the pictures and documents its
// pages name. The build (generator), portal check and the preview all read
// a site through it, once, so none of them depends on another to load one.
package source

import (
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/theme"
)

// Loaded is a site as read from its folder: site.yaml, the theme and every
// content file. The build and portal check read a site once, through Load.
type Loaded struct {
	Config  *config.Config
	Theme   *theme.Theme        // nil when the layouts could not be read
	Content *content.Collection // nil when content/ could not be read

	// LoadErr is what reading the site reported, kept by Check so that
	// rendering the same site (portal check's second half) returns it
	// rather than read the site again.
	LoadErr error
}

// Load reads the site in folder dir; minify, when not nil, minifies the
// layouts for rendering (the build passes publish.LayoutMinifier's). The error lists every problem found; Loaded is returned
// whenever site.yaml could be read, holding what did load, so portal check
// can go on linting the pages that are fine.
func Load(dir string, minify theme.Minifier) (*Loaded, error) {
	if dir == "" {
		dir = "."
	}
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Config: cfg}
	var errs diag.List
	l.Theme, err = theme.Load(dir, cfg, minify)
	errs.Merge(theme.Dir, err)
	l.Content, err = content.Load(dir, cfg)
	errs.Merge(content.Dir, err)
	return l, errs.Err()
}

// Check loads the site as Build does and reports every problem Build would
// reject before rendering, without writing anything: the first half of
// portal check. Drafts are checked too, so a draft's mistake is found before
// it is published; placeholders and front-matter warnings are warnings here.
func Check(dir string) (*Loaded, error) {
	l, err := Load(dir, nil)
	if l == nil {
		return nil, err
	}
	l.LoadErr = err
	var errs diag.List
	errs.Merge(content.Dir, err)
	if l.Theme != nil && l.Content != nil {
		for _, p := range l.Content.Pages {
			if d := l.Theme.CheckLayout(p); d != nil {
				errs.Add(d)
			}
		}
	}
	errs = append(errs, l.Config.Placeholders...)
	if l.Theme != nil {
		errs = append(errs, l.Theme.Placeholders()...)
	}
	if l.Content != nil {
		for _, list := range [][]*content.Page{l.Content.Pages, l.Content.Rejected} {
			for _, p := range list {
				errs = append(errs, p.Placeholders...)
				errs = append(errs, p.Warnings...)
			}
		}
	}
	errs.Sort()
	if len(errs) > 0 {
		return l, errs
	}
	return l, nil
}
