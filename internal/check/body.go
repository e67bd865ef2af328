package check

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/site"
)

// lintBody checks a page's Markdown: heading levels, links, anchors, images
// and their alt text.
func (c *checker) lintBody(info *pageInfo, l *diag.List) {
	p := info.page
	prev := 1 // the title is the page's h1
	for _, h := range info.md.Headings {
		line := p.BodyLine + h.Line - 1
		switch {
		case h.Level == 1:
			l.Add(diag.Warnf(p.File, line, 1, "heading level 1 in the text: the title is the page's only level-1 heading; use \"## \" for sections"))
		case h.Level > prev+1:
			l.Add(diag.Warnf(p.File, line, 1, "heading level skips from %d to %d: use %q here", prev, h.Level, strings.Repeat("#", prev+1)+" "))
		}
		prev = h.Level
	}
	for _, link := range info.md.Links {
		c.lintLink(info, link, l)
	}
}

func (c *checker) lintLink(info *pageInfo, link markdown.Link, l *diag.List) {
	p := info.page
	dest := strings.TrimSpace(link.Dest)
	at := func(sev diag.Severity, format string, args ...any) {
		line, col := c.bodyPos(info, link.Line, link.Dest)
		l.Add(&diag.Diagnostic{File: p.File, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...)})
	}
	what := "link"
	if link.Image {
		what = "image"
		if strings.TrimSpace(link.Alt) == "" {
			at(diag.Error, "image %q has no alt text: say what it shows between the brackets, ![A microscope in the imaging lab](%s)", dest, dest)
		}
	}
	if dest == "" || dest == "#" {
		if !link.Image {
			if dest == "" {
				link.Dest = "()" // found in the line, for the column
			}
			at(diag.Warning, "link %q leads nowhere: it is shown as its text alone; give it an address or write no link", dest)
		}
		return
	}
	if !markdown.SafeURL(dest, link.Image) {
		allowed := "http, https, mailto and tel"
		if link.Image {
			allowed = "http and https"
		}
		at(diag.Warning, "%s %q is removed from the page: only %s addresses or site paths are allowed", what, dest, allowed)
		return
	}
	u, err := url.Parse(dest)
	if err != nil {
		at(diag.Error, "%s %q is not a valid address: %v", what, dest, err)
		return
	}
	if !link.Image && strings.Contains(dest, "@") && !strings.ContainsAny(dest, "/#?:") {
		return // an email address made a link by autolinking
	}
	ref := dest // what is resolved; dest stays as written, for messages
	if u.Scheme != "" || u.Host != "" {
		own := c.ownPath(u)
		if own == "" {
			if link.Image {
				at(diag.Warning, "image %q is loaded from another site: the site loads nothing from other sites (a picture can be a tracking pixel); put the file in %s/ and write its site path", dest, site.StaticDir)
			}
			return // another site: not checked (it would make the check slow and flaky)
		}
		ref = own // the site's own address written in full
		if u.Fragment != "" {
			ref += "#" + u.Fragment
		}
		u = &url.URL{Path: own, Fragment: u.Fragment}
	}
	if link.Image {
		return // a picture of the site: FindImages reads it, as the build does (images.go)
	}
	var t target
	switch {
	case strings.HasPrefix(ref, "#"):
		if !info.ids[u.Fragment] && !c.ids[u.Fragment] && u.Fragment != "" {
			at(diag.Error, "broken link %q: this page has no heading with id %q%s", dest, u.Fragment, diag.DidYouMean(u.Fragment, keys(info.ids), "#"))
		}
		return
	case strings.HasSuffix(u.Path, ".md"):
		t = c.resolveMarkdown(p.File, ref)
		if !t.found {
			at(diag.Error, "broken link %q: there is no page content/%s.md%s", dest, t.key, c.suggestPage(t.key, func(k string) string { return "content/" + k + ".md" }))
			return
		}
	default:
		abs := ref
		if !strings.HasPrefix(ref, "/") {
			base, _ := url.Parse(c.pageURL(info))
			r := base.ResolveReference(u)
			abs = r.EscapedPath()
			if r.Fragment != "" {
				abs += "#" + r.Fragment
			}
		}
		t = c.resolveSite(abs)
		if !t.found {
			switch {
			case link.Image:
				at(diag.Error, "image %q not found: add the file %s", dest, t.static)
			case path.Ext(t.sitePath) != "":
				at(diag.Error, "broken link %q: the site has no page or file there (add %s)", dest, t.static)
			default:
				at(diag.Error, "broken link %q: the site has no page at %s%s", dest, t.sitePath, c.suggestURL(t.lang, t.sitePath))
			}
			return
		}
	}
	if sec := c.emptySection(t.sitePath); sec != "" && !p.Draft {
		at(diag.Warning, "link %q goes to the section %q, which has no published page: the section is hidden from the site until it has one, and the link leads to the contact form meanwhile", dest, sec)
	}
	if t.page && !p.Draft {
		if target := c.pageIn(t.key, t.lang); target != nil && target.page.Draft && target.page != p {
			at(diag.Warning, "link %q goes to a draft (%s): it is broken on the site until that page is published", dest, target.page.File)
		}
	}
	if t.frag != "" && t.page {
		target := c.pageIn(t.key, t.lang)
		if target != nil && target.ids != nil && !target.ids[t.frag] && !c.ids[t.frag] {
			at(diag.Error, "broken link %q: %s has no heading with id %q%s", dest, target.page.File, t.frag, diag.DidYouMean(t.frag, keys(target.ids), "#"))
		}
	}
}

// emptySection returns the name of the section whose list is at the site
// path p (without its language prefix, a list's first page), if the section
// has no published page (the build hides it), or "".
func (c *checker) emptySection(p string) string {
	c.emptyOnce.Do(func() {
		published := map[string]bool{}
		now := time.Now()
		for _, pg := range c.site.Pages {
			if pg.Section != "" && pg.Kind == content.Regular && pg.Published(now, false, false, false) {
				published[pg.Section] = true
			}
		}
		c.empty = map[string]bool{}
		for _, s := range c.cfg.Sections {
			if !published[s.Name] {
				c.empty[s.Name] = true
			}
		}
	})
	for name := range c.empty {
		if p == site.SectionURL("", name) {
			return name
		}
	}
	return ""
}

// suggestURL proposes the nearest address of a page in lang to the broken
// site path p (both without the language's prefix), among the pages in the
// same folder: the addresses the model gives them, url: overrides included.
func (c *checker) suggestURL(lang, p string) string {
	c.urlsOnce.Do(func() {
		c.urlsByDir = map[string][]string{}
		if c.model == nil {
			return
		}
		for _, o := range c.model.Outputs() {
			if !o.Kind.IsPage() || o.Topic != nil {
				continue // pages only, not the contact page's copy per topic
			}
			l, rest := site.SplitLang(c.cfg, o.URL)
			k := l + " " + path.Dir(strings.TrimSuffix(rest, "/"))
			c.urlsByDir[k] = append(c.urlsByDir[k], rest)
		}
	})
	best := diag.Closest(p, c.urlsByDir[lang+" "+path.Dir(strings.TrimSuffix(p, "/"))])
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", best)
}

// bodyPos is info's page's BodyPos.
func (c *checker) bodyPos(info *pageInfo, mdLine int, needle string) (line, col int) {
	return info.page.BodyPos(mdLine, needle)
}

// suggestPage proposes the nearest existing page key to a broken one, within
// the same section, formatted by show.
func (c *checker) suggestPage(key string, show func(string) string) string {
	best := diag.Closest(key, c.keysIn(path.Dir(key)))
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", show(best))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// keysIn returns the keys of the pages in a section ("." for pages outside
// sections), computed once.
func (c *checker) keysIn(dir string) []string {
	c.keysOnce.Do(func() {
		c.keysByDir = map[string][]string{}
		for k := range c.byKey {
			if k != "" && !strings.HasSuffix(k, "/") {
				d := path.Dir(k)
				c.keysByDir[d] = append(c.keysByDir[d], k)
			}
		}
		for _, ks := range c.keysByDir {
			sort.Strings(ks)
		}
	})
	return c.keysByDir[dir]
}

// ownPath returns the site path of an absolute URL on the site's own host
// (baseURL), or "" for other sites.
func (c *checker) ownPath(u *url.URL) string {
	base, err := url.Parse(c.cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.EqualFold(u.Host, base.Host) {
		return ""
	}
	p := "/" + strings.TrimPrefix(u.Path, "/")
	if prefix := strings.TrimSuffix(base.Path, "/"); prefix != "" {
		if !strings.HasPrefix(p, prefix+"/") {
			return ""
		}
		p = strings.TrimPrefix(p, prefix)
	}
	return p
}
