package check

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/theme"
)

// standaloneLinks are the theme's links to a language's own standalone
// pages: the method a layout calls, and the layout of the page it leads to.
var standaloneLinks = []struct{ method, layout string }{
	{"ContactURL", site.ContactLayout},
	{"SearchURL", site.SearchLayout},
	{"ThanksURL", site.ThanksLayout},
}

// standaloneCall finds a layout's call of one of standaloneLinks' methods.
var standaloneCall = regexp.MustCompile(`\.(ContactURL|SearchURL|ThanksURL)\b`)

// lintStandalone reports a standalone page the theme links to (the contact,
// search or thank-you page) that a language of the site lacks: every page
// of that language would link to an address with nothing behind it. The
// error stands at the first line of the layouts that links to it.
func (c *checker) lintStandalone(out *diag.List) {
	if c.model == nil {
		return
	}
	first := themeCalls(filepath.Join(c.root, theme.LayoutsDir))
	for _, link := range standaloneLinks {
		at, used := first[link.method]
		if !used {
			continue
		}
		for _, lc := range c.cfg.Languages {
			l := c.model.Lang(lc.Code)
			if l == nil || l.StandaloneWith(link.layout) != nil || (link.layout == site.ContactLayout && l.Contact != nil) {
				continue
			}
			file := "content/" + link.layout + ".md"
			if lc.Code != c.def {
				file = "content/" + link.layout + "." + lc.Code + ".md"
			}
			out.Add(diag.Errorf(at.file, at.line, 0, "the theme links to the %s page (.%s), but the site has none in %s (%s): write %s with \"layout: %s\" in its front matter",
				link.layout, link.method, lc.Code, lc.Name, file, link.layout))
		}
	}
}

// place is a file and line in the site.
type place struct {
	file string
	line int
}

// themeCalls returns, for each of standaloneLinks' methods the layouts
// call, the first place that calls it (files in name order).
func themeCalls(dir string) map[string]place {
	first := map[string]place{}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return nil // an unreadable theme is the render's to report
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(filepath.Dir(dir), path)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, len(data)+1)
		for n := 1; sc.Scan(); n++ {
			for _, m := range standaloneCall.FindAllStringSubmatch(sc.Text(), -1) {
				if _, seen := first[m[1]]; !seen {
					first[m[1]] = place{filepath.ToSlash(rel), n}
				}
			}
		}
		return nil
	})
	return first
}
