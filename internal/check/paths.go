package check

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/build"
	"github.com/uio-partner/portal/internal/content"
)

// noPage is the key of addresses that are not content pages (feeds, taxonomy lists).
const noPage = "\x00"

// indexPaths records every address the build writes, without the language
// prefix (every page is served in every language, as a fallback if need be).
func (c *checker) indexPaths() {
	c.paths["/"] = "" // the home page's key
	c.paths["/sitemap.xml"] = noPage
	c.paths["/robots.txt"] = noPage
	c.paths["/404.html"] = noPage
	if ep := c.cfg.Contact.Endpoint; ep != "" {
		c.paths[ep] = noPage
	}
	for _, s := range c.cfg.Sections {
		c.paths["/"+s.Name+"/"] = s.Name + "/"
		if s.Feed {
			c.paths["/"+s.Name+"/feed.xml"] = noPage
		}
	}
	for _, t := range c.cfg.Taxonomies {
		if t.Section != "" {
			continue // its terms are the section's pages: no pages of its own
		}
		c.paths["/"+t.Path+"/"] = noPage
		c.terms[t.Path] = map[string]bool{}
	}
	for _, info := range c.infos {
		p := info.page
		switch p.Kind {
		case content.Regular:
			c.paths["/"+p.Section+"/"+p.Slug+"/"] = p.Key()
		case content.Standalone:
			u := "/" + p.Slug + "/"
			if p.URLPath != "" {
				u = p.URLPath
			}
			c.paths[u] = p.Key()
			if p.Layout == "contact" {
				for _, t := range c.cfg.Contact.Topics {
					c.paths[u+t.ID+"/"] = p.Key()
				}
			}
		}
		for _, t := range c.cfg.Taxonomies {
			if t.Section != "" {
				continue
			}
			for _, term := range p.Terms[t.Name] {
				if s := content.Slugify(term); s != "" {
					c.terms[t.Path][s] = true
				}
			}
		}
	}
	for _, t := range c.cfg.Taxonomies {
		if t.Section != "" {
			continue
		}
		for s := range c.terms[t.Path] {
			c.paths["/"+t.Path+"/"+s+"/"] = noPage
		}
	}
}

// target is what a link destination points at.
type target struct {
	sitePath string // the path as the site serves it, without language prefix
	lang     string // the language of the address ("" when not a page address)
	frag     string
	key      string // the page key, when it is a content page
	page     bool   // it is a content page (key is valid)
	found    bool   // the site serves it
	static   string // for paths not found: the static/ file that would serve it
}

// resolveSite looks up an absolute site path such as /nb/offerings/x/#steps.
func (c *checker) resolveSite(dest string) target {
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	t := target{frag: frag, lang: c.def}
	if c.staticExists(p) {
		t.sitePath, t.found = p, true
		return t
	}
	segs := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)
	if len(segs) > 0 && segs[0] != c.def && c.cfg.Language(segs[0]) != nil {
		t.lang = segs[0]
		p = "/"
		if len(segs) > 1 {
			p += segs[1]
		}
	}
	clean := path.Clean(p)
	if path.Ext(clean) == "" && clean != "/" {
		clean += "/"
	}
	// List pages: /offerings/page/2/ is the offerings list.
	if i := strings.LastIndex(strings.TrimSuffix(clean, "/"), "/page/"); i >= 0 && strings.HasSuffix(clean, "/") {
		if n, err := strconv.Atoi(strings.TrimSuffix(clean[i+len("/page/"):], "/")); err == nil && n > 0 {
			clean = clean[:i+1]
		}
	}
	t.sitePath = clean
	if key, ok := c.paths[clean]; ok {
		t.found = true
		if _, isPage := c.byKey[key]; isPage {
			t.key, t.page = key, true
		}
	}
	t.static = build.StaticDir + p
	return t
}

// resolveMarkdown looks up a link to a .md file, relative to the page's file
// or absolute from content/.
func (c *checker) resolveMarkdown(file, dest string) target {
	p, frag, _ := strings.Cut(dest, "#")
	key := build.ResolveMarkdownLink(file, p)
	t := target{frag: frag, lang: c.langOf(file)}
	switch {
	case key == "_index":
		key = ""
	case strings.HasSuffix(key, "/_index"):
		key = strings.TrimSuffix(key, "_index")
	}
	t.key = key
	if _, ok := c.byKey[key]; ok {
		t.found, t.page = true, true
	} else if strings.HasSuffix(key, "/") && c.cfg.Section(strings.TrimSuffix(key, "/")) != nil {
		t.found = true // a section list without an _index.md
	}
	return t
}

// langOf is the language of a content file, from its name.
func (c *checker) langOf(file string) string {
	name := strings.TrimSuffix(path.Base(file), ".md")
	if i := strings.LastIndexByte(name, '.'); i >= 0 && c.cfg.Language(name[i+1:]) != nil {
		return name[i+1:]
	}
	return c.def
}

// pageIn returns the page with key as served in lang: its translation, or
// the original it falls back to.
func (c *checker) pageIn(key, lang string) *pageInfo {
	m := c.byKey[key]
	if p := m[lang]; p != nil {
		return p
	}
	if p := m[c.def]; p != nil {
		return p
	}
	for _, p := range m {
		return p
	}
	return nil
}

// staticExists reports whether static/ holds a file at the site path p.
func (c *checker) staticExists(p string) bool {
	if p == "" || strings.HasSuffix(p, "/") || strings.Contains(p, "..") {
		return false
	}
	c.staticMu.Lock()
	defer c.staticMu.Unlock()
	if ok, seen := c.static[p]; seen {
		return ok
	}
	fi, err := os.Stat(filepath.Join(c.root, build.StaticDir, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
	ok := err == nil && fi.Mode().IsRegular()
	c.static[p] = ok
	return ok
}

// pageURL is the address of a page in its own language, for resolving
// relative links.
func (c *checker) pageURL(info *pageInfo) string {
	p := info.page
	prefix := ""
	if p.Lang != c.def {
		prefix = "/" + p.Lang
	}
	switch p.Kind {
	case content.Home:
		return prefix + "/"
	case content.SectionIndex:
		return prefix + "/" + p.Section + "/"
	case content.Standalone:
		if p.URLPath != "" {
			return prefix + p.URLPath
		}
		return prefix + "/" + p.Slug + "/"
	}
	return prefix + "/" + p.Section + "/" + p.Slug + "/"
}
