package check

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/uio-partner/portal/internal/site"
)

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

// resolveSite looks up an absolute site path such as /nb/offerings/x/#steps
// among the site's outputs. Any page of a list counts as the list: the
// number of list pages changes as pages come and go.
func (c *checker) resolveSite(dest string) target {
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	t := target{frag: frag, lang: c.def}
	if c.staticExists(p) {
		t.sitePath, t.found = p, true
		return t
	}
	clean := path.Clean(p)
	if path.Ext(clean) == "" && clean != "/" {
		clean += "/"
	}
	base, _ := site.ListBase(clean)
	// Messages name the address without its language prefix.
	t.lang, t.sitePath = site.SplitLang(c.cfg, base)
	if o, ok := c.model.Lookup(base); ok {
		t.found = true
		if o.Page != nil {
			t.key, t.page = o.Page.Key(), true
		}
	}
	t.static = site.StaticDir + p
	return t
}

// resolveMarkdown looks up a link to a .md file, relative to the page's file
// or absolute from content/.
func (c *checker) resolveMarkdown(file, dest string) target {
	p, frag, _ := strings.Cut(dest, "#")
	key := site.MarkdownLinkKey(file, p)
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
	fi, err := os.Stat(filepath.Join(c.root, site.StaticDir, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
	ok := err == nil && fi.Mode().IsRegular()
	c.static[p] = ok
	return ok
}

// pageURL is the address of a page in its own language, for resolving
// relative links.
func (c *checker) pageURL(info *pageInfo) string { return c.model.URL(info.page) }
