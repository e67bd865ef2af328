package build

import (
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/theme"
)

// Check loads site.yaml, layouts/ and content/ exactly as Build does and
// reports every problem Build would reject before rendering, without writing
// anything. It is the first half of `portal check`.
//
// The site is returned whenever site.yaml could be read, even when the error
// is not nil, so callers can go on linting the pages that did load; it is nil
// only when site.yaml or content/ could not be read at all.
func Check(source string) (*content.Site, error) {
	if source == "" {
		source = "."
	}
	cfg, err := config.Load(source)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	tmpl, err := theme.Load(source, cfg, false)
	errs.Merge(theme.Dir, err)
	site, err := content.Load(source, cfg)
	errs.Merge(content.Dir, err)
	if tmpl != nil && site != nil {
		// Build checks layouts only for published pages; check sees drafts too,
		// so a draft's mistake is found before it is published.
		for _, p := range site.Pages {
			if d := tmpl.CheckLayout(p); d != nil {
				errs.Add(d)
			}
		}
	}
	// Placeholders are warnings here: drafts may hold them, and the build
	// says which published page it refuses.
	errs = append(errs, cfg.Placeholders...)
	if tmpl != nil {
		errs = append(errs, tmpl.Placeholders()...)
	}
	if site != nil {
		for _, list := range [][]*content.Page{site.Pages, site.Rejected} {
			for _, p := range list {
				errs = append(errs, p.Placeholders...)
				errs = append(errs, p.Warnings...)
			}
		}
	}
	errs.Sort()
	if len(errs) > 0 {
		return site, errs
	}
	return site, nil
}
