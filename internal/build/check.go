package build

import (
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
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
	tmpl, err := loadTemplates(source, cfg, false)
	errs.Merge(LayoutsDir, err)
	site, err := content.Load(source, cfg)
	errs.Merge(content.Dir, err)
	if tmpl != nil && site != nil {
		// Build checks layouts only for published pages; check sees drafts too,
		// so a draft's mistake is found before it is published.
		for _, p := range site.Pages {
			if p.Layout == "" {
				continue
			}
			if n, _ := tmpl.lookup(layoutFor(p)...); n == "" {
				errs.Add(diag.Errorf(p.File, p.Line("layout"), 0, "unknown layout %q: add %s/_default/%s.html or remove the field", p.Layout, LayoutsDir, p.Layout))
			}
		}
	}
	// Placeholders are warnings here: drafts may hold them, and the build
	// says which published page it refuses.
	errs = append(errs, cfg.Placeholders...)
	if tmpl != nil {
		errs = append(errs, tmpl.placeholders...)
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
