package check

import (
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/source"
)

// FuzzLintLink feeds arbitrary link destinations, as authors write them, to
// the link lint: it must never panic, whatever the address.
func FuzzLintLink(f *testing.F) {
	for _, s := range []string{
		"/offerings/mentoring/#how-it-works", "../offerings/research.md#who-can-apply", "#main", "/nb/", "/nb",
		"/offerings/page/2/", "https://example.org/x/", "mailto:a@b", "javascript:alert(1)", "//cdn", "a@b.c",
		"/images/../../etc/passwd", "%zz", "/sectors/pharma/page/0/", "?q=1", "", "../../../x.md", "/content/partners/roche.md",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	root := baseSite(f, "")
	site, _ := source.Check(root)
	c, err := newChecker(root, "", site)
	if err != nil {
		f.Fatal(err)
	}
	md := markdown.New()
	for _, info := range c.infos {
		info.md = md.Outline(info.page.Body)
		info.ids = map[string]bool{}
		for _, h := range info.md.Headings {
			info.ids[h.ID] = true
		}
	}
	f.Fuzz(func(t *testing.T, dest string, image bool) {
		var l diag.List
		for _, info := range c.infos {
			c.lintLink(info, markdown.Link{Dest: dest, Line: 1, Image: image, Alt: "x"}, &l)
		}
	})
}
