package generator

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/publish"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitefiles"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/theme"
)

// Session is a built site with its inputs kept in memory, so that Update redoes
// only the jobs a change touches: an edited page re-renders that page (in
// every language it is served in); a change to its front matter also redoes
// the lists, term pages, feeds, sitemap and pages that show it. A change to
// site.yaml or layouts/ rebuilds everything. Update is not safe for
// concurrent use.
type Session struct {
	opts    Options
	cfg     *config.Config
	tmpl    *theme.Theme
	md      *markdown.Renderer       // parses the pages' text, with the theme's ids reserved
	pages   map[string]*content.Page // every loaded page by File, published or not
	model   *site.Site
	outputs map[string][]string // unit (site.Unit.String) -> files it wrote
	deps    *depGraph
	index   *search.Index // nil without search

	static   []string       // static/'s files, as slash paths under it
	indexing sync.WaitGroup // the background write of the search index
	indexErr error

	pipe *images.Pipeline // the picture pipeline and its cache
	pics *site.Pictures   // the pictures the published pages show
}

// depGraph records, per unit, the page keys it looked up, and the reverse.
type depGraph struct {
	mu    sync.Mutex
	users map[string]map[site.Unit]bool // page key -> units that looked it up
}

func newDepGraph() *depGraph { return &depGraph{users: map[string]map[site.Unit]bool{}} }

func (g *depGraph) record(job site.Unit, keys []string) {
	if len(keys) == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range keys {
		if g.users[k] == nil {
			g.users[k] = map[site.Unit]bool{}
		}
		g.users[k][job] = true
	}
}

// Update applies changed files (slash paths relative to the site root, as
// reported by a file watcher; deleted files included) to the output folder.
// On error the output folder and the Session are unchanged.
func (s *Session) Update(ctx context.Context, changed []string) (res *Result, err error) {
	start := time.Now()
	var contentFiles, staticFiles, pictureFiles []string
	for _, c := range changed {
		c = path.Clean(filepath.ToSlash(c))
		switch {
		case c == config.FileName || strings.HasPrefix(c, theme.Dir+"/") || c == theme.Dir:
			return s.rebuild(ctx)
		case strings.HasPrefix(c, content.Dir+"/") && images.IsPicture(c):
			// A picture beside a page: it alone is processed again, and
			// the pages that show it are rendered with its new size.
			pictureFiles = append(pictureFiles, c)
		case strings.HasPrefix(c, content.Dir+"/") && !strings.HasSuffix(c, ".md"):
			// A document beside a page (or a file that does not belong):
			// rare enough to check and copy with a full build.
			return s.rebuild(ctx)
		case strings.HasPrefix(c, content.Dir+"/"):
			if info, err := os.Stat(filepath.Join(s.opts.Source, filepath.FromSlash(c))); err == nil && info.IsDir() {
				return s.rebuild(ctx) // a new folder: a new section, or a mistake to report
			}
			contentFiles = append(contentFiles, c)
		case strings.HasPrefix(c, site.StaticDir+"/"):
			staticFiles = append(staticFiles, c)
			if images.IsPicture(c) {
				pictureFiles = append(pictureFiles, c)
			}
		case c == content.Dir || c == site.StaticDir:
			return s.rebuild(ctx) // a whole folder appeared or went
		}
	}
	pages, only, bodyOnly, err := s.reload(contentFiles, s.showing(pictureFiles))
	if err != nil {
		return nil, err
	}
	if only == nil {
		return s.rebuild(ctx)
	}
	for _, f := range pictureFiles {
		only[site.ImageUnit(f)] = true
	}
	var m *site.Site
	if bodyOnly {
		// Nothing any list or other page shows has changed, so the linked
		// model stands; it only needs to point at the re-read pages.
		// Relinking 13,000 pages would cost more than rendering the page.
		repl := map[*content.Page]*content.Page{}
		for _, f := range contentFiles {
			repl[s.pages[f]] = pages[f]
		}
		undo := s.model.SwapSources(repl)
		defer func() {
			if err != nil {
				undo()
			}
		}()
		m = s.model
	} else {
		published, err := publishable(s.opts, s.tmpl, sortedPages(pages))
		if err != nil {
			return nil, err
		}
		if len(staticFiles) > 0 {
			// A file of static/ came or went: it may clash with a page.
			if s.static, err = listStatic(s.opts.Source); err != nil {
				return nil, err
			}
		}
		pics, errs := source.FindImages(s.cfg, published, s.pipe, s.md)
		docs, derrs := source.FindDocuments(s.opts.Source, published)
		errs = append(errs, derrs...)
		m, err = site.New(s.cfg, published, s.static, pics)
		errs.Merge(content.Dir, err)
		if m != nil {
			errs = append(errs, m.LinkDocuments(docs)...)
		}
		if err := errs.Err(); err != nil {
			return nil, err
		}
		if !sameSections(s.model, m) {
			// A section gained its first published page or lost its last:
			// the menu on every page changes, and the header and footer
			// are rendered once for all of them.
			return s.rebuild(ctx)
		}
		defer func() {
			if err == nil {
				s.pics = pics
			}
		}()
		// Cards show front matter: forget the cards of the changed pages, in
		// every language, so the lists that run now render them anew.
		for _, mm := range []*site.Site{s.model, m} {
			for _, l := range mm.Langs {
				for _, f := range contentFiles {
					for _, p := range []*content.Page{s.pages[f], pages[f]} {
						if p == nil {
							continue
						}
						if r := l.Ref(p.Key()); r != nil {
							s.tmpl.ForgetCards(r.URL)
						}
					}
				}
			}
		}
	}
	out := publish.InMemory(s.opts.Out, !s.opts.NoMinify)
	s.indexing.Wait() // the index is shared with the previous update's writer
	b := newBuilder(s.opts, s.cfg, s.tmpl, s.md, m, out)
	b.only, b.deps, b.index, b.pipe, b.pics = only, newDepGraph(), s.index, s.pipe, s.pics
	if s.index != nil {
		// Pages re-rendered now are added to the index again as they render.
		var stale []string
		for _, l := range s.model.Langs {
			for _, list := range [][]*site.Page{l.Pages, l.Standalone} {
				for _, r := range list {
					if only[site.PageUnit(r.Key())] {
						stale = append(stale, r.URL)
					}
				}
			}
		}
		s.index.Remove(stale...)
	}
	if len(only) > 0 {
		if err := b.render(ctx); err != nil {
			return nil, err
		}
	}
	for _, f := range staticFiles {
		if m.Processed(f) {
			continue // a picture pages show: published in its sizes
		}
		if err := s.updateStatic(out, f); err != nil {
			return nil, err
		}
	}
	// Files no job writes any more go: those of the jobs that ran and wrote
	// less than last time.
	written := out.ByJob()
	for unit := range only {
		job := unit.String()
		kept := map[string]bool{}
		for _, rel := range written[job] {
			kept[rel] = true
		}
		for _, rel := range s.outputs[job] {
			if !kept[rel] {
				out.Remove(rel)
			}
		}
	}
	// Everything rendered: now touch the disk, in one commit.
	if err := out.Commit(s.opts.SwapLock); err != nil {
		return nil, err
	}
	for unit := range only {
		job := unit.String()
		if len(written[job]) > 0 {
			s.outputs[job] = written[job]
		} else {
			delete(s.outputs, job)
		}
	}
	if s.index != nil && len(only) > 0 {
		// Encoding the index for every page takes longer than the rest of an
		// edit, so it is written after Update returns and the browser has
		// reloaded; search results catch up a moment later. WaitIndex waits.
		s.indexing.Add(1)
		go func() {
			defer s.indexing.Done()
			s.indexErr = updateIndex(s.index, s.opts.Out)
		}()
	}
	s.pages, s.model = pages, m
	s.mergeDeps(b.deps, only)
	if err := b.saveCache(false); err != nil {
		return nil, err
	}
	return &Result{Pages: b.pages, Files: out.Files(), Bytes: out.Bytes(), Duration: time.Since(start)}, nil
}

// WaitIndex waits for the search index of the last Update to be written and
// returns the error writing it, if any.
func (s *Session) WaitIndex() error {
	s.indexing.Wait()
	return s.indexErr
}

// writeIndex writes the search index of a full build through its
// publisher, each language's files in its index folder
// (site.SearchIndexURL) and the stemmers at their address, staged with
// every other file.
func writeIndex(ix *search.Index, out *publish.Output) error {
	return ix.WriteTo(func(lang, name string, data []byte) error {
		rel, owner := name, "search stemmers" // lang "": the stemmers, name a path from the root
		if lang != "" {
			rel, owner = strings.TrimPrefix(site.SearchIndexURL(lang), "/")+name, site.SearchIndexOwner(lang)
		}
		// Encoded and compressed already: nothing for the minifier.
		return out.WriteMinified(site.SearchUnit.String(), rel, owner, data)
	})
}

// updateIndex writes the search index of an update through the publisher:
// each language's index folder (site.SearchIndexURL) under out is staged
// beside the one it replaces and swapped into place whole (publish.Stage),
// so the search page never reads a mix of old and new shards.
func updateIndex(ix *search.Index, out string) (err error) {
	var mu sync.Mutex
	staged := map[string]*publish.Output{}
	defer func() {
		if err != nil {
			for _, o := range staged {
				o.Abort()
			}
		}
	}()
	err = ix.WriteTo(func(lang, name string, data []byte) error {
		if lang == "" {
			// The stemmers' script (name is its path from the root): one
			// file, replaced atomically before the indexes that use it.
			return publish.WriteFile(filepath.Join(out, filepath.FromSlash(name)), data)
		}
		mu.Lock()
		o := staged[lang]
		if o == nil {
			var serr error
			if o, serr = publish.Stage(filepath.Join(out, filepath.FromSlash(site.SearchIndexURL(lang))), false); serr != nil {
				mu.Unlock()
				return serr
			}
			staged[lang] = o
		}
		mu.Unlock()
		return o.WriteMinified(site.SearchUnit.String(), name, site.SearchIndexOwner(lang), data)
	})
	if err != nil {
		return err
	}
	langs := make([]string, 0, len(staged))
	for l := range staged {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		// On an error the deferred Abort removes what is left staged (a
		// committed folder's staging path is gone already).
		if err = staged[l].Commit(nil); err != nil {
			return err
		}
	}
	return nil
}

// rebuild is a full build that replaces the Session's state.
func (s *Session) rebuild(ctx context.Context) (*Result, error) {
	s.indexing.Wait()
	n, res, err := Open(ctx, s.opts)
	if err != nil {
		return nil, err
	}
	s.opts, s.cfg, s.tmpl, s.pages, s.model = n.opts, n.cfg, n.tmpl, n.pages, n.model
	s.outputs, s.deps, s.index, s.indexErr = n.outputs, n.deps, n.index, nil
	s.pipe, s.pics = n.pipe, n.pics
	return res, nil
}

// sameImages reports whether two versions of a page show the same pictures
// in their text: a new picture must join the model (and be processed), so
// an edit that adds one is more than a body edit. (PageImageRefs parses
// only a text that holds "![".)
func (s *Session) sameImages(old, cur *content.Page) bool {
	dests := func(p *content.Page) []string {
		var out []string
		for _, r := range source.PageImageRefs(p, nil, s.md) {
			out = append(out, r.Dest)
		}
		return out
	}
	return slices.Equal(dests(old), dests(cur))
}

// showing returns the files of the pages that show any of the picture
// files: their front matter is as good as changed (the picture's size is in
// their cards), so they and the lists that show them are rendered again.
func (s *Session) showing(files []string) []string {
	if len(files) == 0 || s.pics == nil {
		return nil
	}
	changed := map[string]bool{}
	for _, f := range files {
		changed[f] = true
	}
	var pages []string
	fields := s.cfg.ImageFields()
	for _, p := range s.pages {
		// A reference that was not readable before (a missing file now
		// added) is not in s.pics: look at what every page names.
		for _, r := range source.PageImageRefs(p, fields, s.md) {
			if f, _, err := site.ImageFile(p.File, r.Dest); err == nil && changed[f] {
				pages = append(pages, p.File)
				break
			}
		}
	}
	sort.Strings(pages)
	return pages
}

// reload re-reads the changed content files and works out which units of
// the render plan they affect, asking the model (site.SourceUnit,
// Site.ShownBy) and the lookups the last render recorded (deps). A nil
// unit set means the change needs a full rebuild.
func (s *Session) reload(files, touched []string) (pages map[string]*content.Page, only map[site.Unit]bool, bodyOnly bool, err error) {
	pages = make(map[string]*content.Page, len(s.pages))
	for k, v := range s.pages {
		pages[k] = v
	}
	var errs diag.List
	only = map[site.Unit]bool{}
	frontMatter := map[string]bool{} // keys whose front matter changed
	sharedChanged := false
	for _, f := range files {
		old := s.pages[f]
		var cur *content.Page
		if _, err := os.Stat(filepath.Join(s.opts.Source, filepath.FromSlash(f))); err == nil {
			p, err := content.LoadFile(s.opts.Source, s.cfg, f)
			if err != nil {
				errs.Merge(f, err)
				continue
			}
			cur = p
			pages[f] = p
		} else {
			delete(pages, f)
		}
		for _, p := range []*content.Page{old, cur} {
			if p == nil {
				continue
			}
			if p.Kind == content.Standalone && (p.Layout == site.ContactLayout || p.URLPath != "") {
				return nil, nil, false, nil // writes several addresses; simplest done in full
			}
			only[site.SourceUnit(p)] = true
		}
		if old != nil && cur != nil && reflect.DeepEqual(old.Params, cur.Params) && s.sameImages(old, cur) {
			continue // a body edit: only the page itself changes
		}
		// The front matter changed, or the page came or went: everything that
		// lists or shows it, in every language.
		for _, p := range []*content.Page{old, cur} {
			if p != nil {
				frontMatter[p.Key()] = true
			}
		}
	}
	for _, f := range touched {
		if p := pages[f]; p != nil {
			frontMatter[p.Key()] = true
			only[site.PageUnit(p.Key())] = true
		}
	}
	// The source pages before and after the change, for the model to look
	// through (Site.ShownBy).
	var all []*content.Page
	if len(frontMatter) > 0 {
		all = make([]*content.Page, 0, len(s.pages)+len(pages))
		for _, set := range []map[string]*content.Page{s.pages, pages} {
			for _, p := range set {
				all = append(all, p)
			}
		}
	}
	// A page's translations matter too: a new translation replaces a
	// fallback whose terms may differ.
	for _, set := range []map[string]*content.Page{s.pages, pages} {
		for _, p := range set {
			if !frontMatter[p.Key()] {
				continue
			}
			if s.tmpl.SharedRef(p.Key()) {
				sharedChanged = true
			}
			for job := range s.deps.users[p.Key()] {
				only[job] = true
			}
			for _, u := range s.model.ShownBy(p, all) {
				only[u] = true
			}
		}
	}
	if only[site.HomeUnit] {
		// The search page lists a section's pages (the pathways, in its
		// no-results box) as the home page does: it goes when the home does.
		for _, p := range pages {
			if p.Layout == site.SearchLayout {
				only[site.PageUnit(p.Key())] = true
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, false, err
	}
	if _, err := content.Link(s.cfg, sortedPages(pages)); err != nil {
		return nil, nil, false, err
	}
	if sharedChanged {
		return pages, nil, false, nil
	}
	return pages, only, len(frontMatter) == 0, nil
}

// mergeDeps replaces the lookups of the jobs that ran with what they looked
// up this time.
func (s *Session) mergeDeps(fresh *depGraph, ran map[site.Unit]bool) {
	for _, jobs := range s.deps.users {
		for job := range jobs {
			if ran[job] {
				delete(jobs, job)
			}
		}
	}
	for key, jobs := range fresh.users {
		if s.deps.users[key] == nil {
			s.deps.users[key] = map[site.Unit]bool{}
		}
		for job := range jobs {
			s.deps.users[key][job] = true
		}
	}
}

// updateStatic stages a changed file of static/ in out, or its removal.
func (s *Session) updateStatic(out *publish.Output, rel string) error {
	src := filepath.Join(s.opts.Source, filepath.FromSlash(rel))
	dst := strings.TrimPrefix(rel, site.StaticDir+"/")
	info, err := os.Stat(src)
	if err != nil {
		out.Remove(dst)
		return nil
	}
	if info.IsDir() || sitefiles.Ignored(info.Name()) {
		return nil
	}
	if err := out.Copy(site.StaticUnit.String(), dst, rel, src); err != nil {
		return diag.Errorf(rel, 0, 0, "%v", err)
	}
	return nil
}

func sortedPages(m map[string]*content.Page) []*content.Page {
	out := make([]*content.Page, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// sameSections reports whether a and b show the same sections in every
// language (see site.Lang.Empty).
func sameSections(a, b *site.Site) bool {
	for i, l := range a.Langs {
		if len(l.Sections) != len(b.Langs[i].Sections) {
			return false
		}
		for j, sec := range l.Sections {
			if b.Langs[i].Sections[j].Name != sec.Name {
				return false
			}
		}
	}
	return true
}
