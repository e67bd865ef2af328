// Package build turns a site (site.yaml, content/, layouts/, static/) into
// the public folder: pages rendered in parallel and streamed to a staging
// folder, lists, taxonomies, feeds, sitemap, search index, all minified, then
// swapped into place only if every step succeeded.
package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/markdown"
)

// Options control one build.
type Options struct {
	Source   string    // site root holding site.yaml
	Out      string    // output folder, replaced atomically on success
	Drafts   bool      // include draft: true pages
	Future   bool      // include pages whose publishDate is in the future
	Expired  bool      // include pages whose expiryDate has passed
	BaseURL  string    // overrides site.yaml baseURL when set
	Now      time.Time // the clock for publishDate/expiryDate; zero means time.Now
	NoMinify bool      // write unminified output (debugging layouts)
	Preview  bool      // the build is for portal serve
	// Index receives every page's text for the search index and writes it
	// into the output; nil builds no index.
	Index Indexer
}

// Indexer collects documents while pages render and writes the index.
type Indexer interface {
	Add(Document)
	Write(dir string) error
}

// Document is a page as the search index sees it.
type Document struct {
	URL, Lang, Section, SectionTitle, Title, Summary string
	Terms                                            map[string][]string
	Text                                             string
}

// Result describes a successful build.
type Result struct {
	Pages    int // source pages rendered (in all their languages)
	Files    int
	Bytes    int64
	Duration time.Duration
	Warnings diag.List
}

// Build builds the site. On failure the error is a diag.List of every problem
// found, and opts.Out is untouched.
func Build(ctx context.Context, opts Options) (res *Result, err error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Source, "public")
	}
	// "public/" (as shells complete it) must name the folder, not its
	// contents: swap moves the old tree aside into filepath.Dir(Out).
	opts.Out = filepath.Clean(opts.Out)
	if err := checkOut(opts.Source, opts.Out); err != nil {
		return nil, err
	}
	cfg, err := config.Load(opts.Source)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, err
		}
	}
	var errs diag.List
	tmpl, err := loadTemplates(opts.Source, cfg)
	errs.Merge(LayoutsDir, err)
	site, err := content.Load(opts.Source, cfg)
	errs.Merge(content.Dir, err)
	if errs.HasErrors() {
		return nil, errs.Err()
	}
	var pages []*content.Page
	for _, p := range site.Pages {
		if p.Published(opts.Now, opts.Drafts, opts.Future, opts.Expired) {
			pages = append(pages, p)
		}
	}
	for _, p := range pages {
		if p.Layout != "" {
			if n, _ := tmpl.lookup(layoutFor(p)...); n == "" {
				errs.Add(diag.Errorf(p.File, p.Line("layout"), 0, "unknown layout %q: add %s/_default/%s.html or remove the field", p.Layout, LayoutsDir, p.Layout))
			}
		}
	}
	if errs.HasErrors() {
		return nil, errs.Err()
	}
	staging, err := stagingDir(opts.Out)
	if err != nil {
		return nil, fmt.Errorf("create staging folder beside %s: %w", opts.Out, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()
	b := &builder{
		opts: opts, cfg: cfg, tmpl: tmpl, md: markdown.New(),
		model: newModel(cfg, pages, opts.Now),
		out:   newOutput(staging, !opts.NoMinify),
	}
	b.site = &SiteView{Config: cfg, BaseURL: cfg.BaseURL, Organisation: cfg.Organisation, Languages: b.model.langs, Preview: opts.Preview}
	if err := b.run(ctx); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := swap(staging, opts.Out); err != nil {
		return nil, fmt.Errorf("replace %s: %w", opts.Out, err)
	}
	return &Result{Pages: b.pages, Files: b.out.files, Bytes: b.out.bytes, Duration: time.Since(start)}, nil
}

// checkOut refuses an output folder whose replacement would destroy the
// site: the source itself, a folder holding it, or one of its inputs.
func checkOut(source, out string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	within := func(p, dir string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(src, dst) {
		return fmt.Errorf("output folder %s holds the site itself: the build replaces the output folder, so choose another, such as %s", out, filepath.Join(source, "public"))
	}
	for _, in := range []string{content.Dir, LayoutsDir, StaticDir} {
		if within(dst, filepath.Join(src, in)) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder, which the build would replace", out, in)
		}
	}
	return nil
}

// builder is the state of one build.
type builder struct {
	opts  Options
	cfg   *config.Config
	tmpl  *templates
	md    *markdown.Renderer
	model *model
	site  *SiteView
	out   *output

	mu    sync.Mutex
	errs  diag.List
	pages int
}

func (b *builder) fail(file string, err error) {
	b.mu.Lock()
	b.errs.Merge(file, err)
	b.mu.Unlock()
}

// run renders everything with one worker per core. Jobs are small closures;
// each writes its own files, so nothing is held in memory longer than a page.
func (b *builder) run(ctx context.Context) error {
	jobs := make(chan func(), 256)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if ctx.Err() == nil {
					job()
				}
			}
		}()
	}
	b.schedule(jobs)
	close(jobs)
	wg.Wait()
	if b.errs.HasErrors() {
		return b.errs.Err()
	}
	// The search index needs every page's text, so it is written last.
	if b.opts.Index != nil {
		if err := b.opts.Index.Write(b.out.dir); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return nil
}

// schedule sends every render job: pages first (the bulk of the work), then
// lists, taxonomies, feeds, sitemap and static files.
func (b *builder) schedule(jobs chan<- func()) {
	// Group the language variants of each source page so its Markdown is
	// rendered once, even when it also serves as a fallback elsewhere.
	type variants struct {
		page *content.Page
		refs []*PageRef
	}
	byPage := map[*content.Page]*variants{}
	var order []*variants
	for _, l := range b.model.langs {
		for _, list := range [][]*PageRef{l.Pages, l.Standalone} {
			for _, r := range list {
				v := byPage[r.Page]
				if v == nil {
					v = &variants{page: r.Page}
					byPage[r.Page] = v
					order = append(order, v)
				}
				v.refs = append(v.refs, r)
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i].page.File < order[j].page.File })
	b.pages = len(order)
	for _, v := range order {
		v := v
		jobs <- func() { b.renderPage(v.page, v.refs) }
	}
	for _, l := range b.model.langs {
		l := l
		jobs <- func() { b.renderHome(l) }
		jobs <- func() { b.render404(l) }
		for _, s := range l.Sections {
			s := s
			b.paginate(jobs, s.Pages, s.URL, func(items []*PageRef, pg *Pager) error { return b.renderSection(l, s, items, pg) })
			if s.Config.Feed {
				jobs <- func() { b.fail(s.URL, b.writeFeed(l, s)) }
			}
		}
		for _, t := range l.Taxonomies {
			t := t
			jobs <- func() { b.fail(t.URL, b.renderTerms(l, t)) }
			for _, term := range t.Terms {
				term := term
				b.paginate(jobs, term.Pages, term.URL, func(items []*PageRef, pg *Pager) error { return b.renderTerm(l, t, term, items, pg) })
			}
		}
	}
	jobs <- func() { b.fail("sitemap.xml", b.writeSitemap()) }
	jobs <- func() { b.fail("robots.txt", b.writeRobots()) }
	b.scheduleStatic(jobs)
}

// paginate sends one job per page of a list.
func (b *builder) paginate(jobs chan<- func(), items []*PageRef, base string, render func([]*PageRef, *Pager) error) {
	per := b.cfg.Paginate
	total := b.pagerPages(len(items))
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*per, n*per
		if hi > len(items) {
			hi = len(items)
		}
		pg := newPager(base, n, total)
		chunk := items[lo:hi]
		jobs <- func() { b.fail(pagerURL(base, n), render(chunk, pg)) }
	}
}
