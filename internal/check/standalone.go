package check

import (
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
)

// standaloneLinks are the theme's links to a language's own standalone
// pages: the method a layout calls, and the layout of the page it leads to.
var standaloneLinks = []struct{ method, layout string }{
	{"ContactURL", site.ContactLayout},
	{"SearchURL", site.SearchLayout},
	{"ThanksURL", site.ThanksLayout},
}

// lintStandalone reports a standalone page the theme links to (the contact,
// search or thank-you page) that a language of the site lacks: every page
// of that language would link to an address with nothing behind it. The
// error stands at the first line of the layouts that links to it. A theme
// that did not load is the render's to report.
func (c *checker) lintStandalone(out *diag.List) {
	if c.model == nil || c.theme == nil {
		return
	}
	for _, link := range standaloneLinks {
		file, line, used := c.theme.FirstCall(link.method)
		if !used {
			continue
		}
		for _, lc := range c.cfg.Languages {
			l := c.model.Lang(lc.Code)
			if l == nil || l.StandaloneWith(link.layout) != nil || (link.layout == site.ContactLayout && l.Contact != nil) {
				continue
			}
			page := "content/" + link.layout + ".md"
			if lc.Code != c.def {
				page = "content/" + link.layout + "." + lc.Code + ".md"
			}
			out.Add(diag.Errorf(file, line, 0, "the theme links to the %s page (.%s), but the site has none in %s (%s): write %s with \"layout: %s\" in its front matter",
				link.layout, link.method, lc.Code, lc.Name, page, link.layout))
		}
	}
}
