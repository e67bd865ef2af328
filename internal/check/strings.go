package check

import (
	"strings"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/theme"
)

// themeStrings returns the theme strings portal check reads: the loaded
// theme's, or, when a layout does not parse and the theme did not load,
// the strings read on their own, so that their gaps are reported in the
// same run as the layout's error rather than after it is fixed. nil when
// the strings themselves cannot be read (the render reports why).
func (c *checker) themeStrings() *theme.Strings {
	c.stringsOnce.Do(func() {
		if c.theme != nil {
			c.strs = c.theme.Strings()
			return
		}
		c.strs, _ = theme.LoadStrings(c.root, c.cfg)
	})
	return c.strs
}

// lintStrings reports what the theme strings lack (theme.Strings.Gaps):
// a build shows the default language's text in its place, so only check
// says so.
func (c *checker) lintStrings(out *diag.List) {
	if s := c.themeStrings(); s != nil {
		*out = append(*out, s.Gaps()...)
	}
}

// lintMailTexts reports each language of a site with contact topics whose
// theme strings lack the texts the contact endpoint writes with: its mails
// (contact.MailKeys) and its own pages (contact.PageKeys). Its visitors'
// acknowledgement and problem texts (or, for the default language, every
// unit's mail and link page) would be written in another language, or not
// at all.
func (c *checker) lintMailTexts(out *diag.List) {
	if len(c.cfg.Contact.Topics) == 0 {
		return
	}
	s := c.themeStrings()
	if s == nil {
		return // the strings' own errors are reported by the render
	}
	for _, l := range c.cfg.Languages {
		file := theme.LayoutsDir + "/i18n/" + l.Code + ".yaml"
		for _, set := range []struct {
			texts, what string // "has no <texts>", "writes its <what>"
			keys        []string
		}{
			{"mail texts", "mails", contact.MailKeys},
			{"texts for the contact endpoint's pages", "pages", contact.PageKeys},
		} {
			var missing []string
			for _, k := range set.keys {
				if !s.Own(l.Code, k) {
					missing = append(missing, k)
				}
			}
			switch {
			case len(missing) == len(set.keys):
				out.Add(diag.Errorf(file, 0, 0, "%s (%s) has no %s: the contact endpoint writes its %s with the theme strings %s", l.Code, l.Name, set.texts, set.what, strings.Join(set.keys, ", ")))
			case len(missing) > 0:
				out.Add(diag.Errorf(file, 0, 0, "the contact endpoint's %s need the theme strings %s in %s (%s)", set.what, strings.Join(missing, ", "), l.Code, l.Name))
			}
		}
	}
}
