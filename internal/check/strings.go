package check

import (
	"strings"

	"github.com/uio-partner/portal/internal/contact"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/theme"
)

// lintStrings reports what the theme strings lack (theme.CheckStrings):
// a build shows the default language's text in its place, so only check
// says so.
func (c *checker) lintStrings(out *diag.List) {
	for _, d := range theme.CheckStrings(c.root, c.cfg) {
		out.Add(d)
	}
}

// lintMailTexts reports each language of a site with contact topics whose
// theme strings lack the texts the contact endpoint's mails are written
// with: its visitors' acknowledgement (or, for the default language, every
// unit's mail) would be written in another language, or not at all.
func (c *checker) lintMailTexts(out *diag.List) {
	if len(c.cfg.Contact.Topics) == 0 {
		return
	}
	s, err := theme.LoadStrings(c.root, c.cfg)
	if err != nil {
		return // the theme's own errors are reported by the render
	}
	for _, l := range c.cfg.Languages {
		var missing []string
		for _, k := range contact.MailKeys {
			if !s.Own(l.Code, k) {
				missing = append(missing, k)
			}
		}
		file := theme.LayoutsDir + "/i18n/" + l.Code + ".yaml"
		switch {
		case len(missing) == len(contact.MailKeys):
			out.Add(diag.Errorf(file, 0, 0, "%s (%s) has no mail texts: the contact endpoint writes its mails with the theme strings %s", l.Code, l.Name, strings.Join(contact.MailKeys, ", ")))
		case len(missing) > 0:
			out.Add(diag.Errorf(file, 0, 0, "the contact endpoint's mails need the theme strings %s in %s (%s)", strings.Join(missing, ", "), l.Code, l.Name))
		}
	}
}
