// Package generator turns a site (site.yaml, content/, layouts/, static/) into
// the public folder: pages rendered in parallel and streamed to a staging
// folder, lists, taxonomies, feeds, sitemap, search index, all minified, then
// swapped into place only if every step succeeded.
package generator

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/publish"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/theme"
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
	// SwapLock, when set, is held while the output folder is replaced, and
	// only then: the preview's server waits for the swap, not the build.
	SwapLock sync.Locker
	// AllowPlaceholders publishes pages that still hold the placeholder
	// marker (the preview, where editors see what is left to write);
	// otherwise each occurrence is an error.
	AllowPlaceholders bool
	// NoSearch leaves out the search index (quicker layout work).
	NoSearch bool
	// Timings, when set, receives the time each phase of the build ended.
	Timings io.Writer
	// CacheDir holds what the picture pipeline made (default .cache under
	// Source); PORTAL_CACHE_DIR and --cache-dir set it.
	CacheDir string
	// Progress, when set (a terminal), shows "images 37/120" while
	// pictures are processed.
	Progress io.Writer

	// dryRun renders every page and discards the output, without making
	// pictures: portal check (Render).
	dryRun bool
	// loaded, when set, is the site as Check read it: not read again.
	loaded *source.Loaded
}

// phaseTimer returns a function that writes the time since start and the
// phase that just ended to w; without w it does nothing.
func phaseTimer(w io.Writer, start time.Time) func(phase string) {
	return func(phase string) {
		if w != nil {
			fmt.Fprintf(w, "%7.3fs  %s\n", time.Since(start).Seconds(), phase)
		}
	}
}

// Result describes a successful build.
type Result struct {
	Pages    int // source pages rendered (in all their languages)
	Files    int
	Bytes    int64
	Duration time.Duration
	Warnings diag.List // about the published pages: unknown fields and the like
	// Fallbacks are the pages served in another language's text, because
	// they have no translation into the language of the address.
	Fallbacks []site.Fallback
	// Images are the source pictures published; ImagesMade the outputs
	// that were not in the cache and had to be made.
	Images, ImagesMade int
}

// Build builds the site. On failure the error is a diag.List of every problem
// found, and opts.Out is untouched.
func Build(ctx context.Context, opts Options) (*Result, error) {
	_, res, err := open(ctx, opts, false)
	return res, err
}

// Open builds the site like Build and keeps what it loaded, so that Update
// can later redo only what a change touches (the preview server).
func Open(ctx context.Context, opts Options) (*Session, *Result, error) {
	return open(ctx, opts, true)
}

func open(ctx context.Context, opts Options, keep bool) (sess *Session, res *Result, err error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Source == "" {
		opts.Source = "."
	}
	opts.Out = opts.OutDir()
	// "public/" (as shells complete it) must name the folder, not its
	// contents: swap moves the old tree aside into filepath.Dir(Out).
	opts.Out = filepath.Clean(opts.Out)
	// An output folder that is a symbolic link (public -> /var/www/site)
	// stays one: the tree it points to is what gets replaced, with the
	// staging folder beside it, on its file system.
	if real, err := filepath.EvalSymlinks(opts.Out); err == nil {
		opts.Out = real
	}
	if err := checkOut(opts.Source, opts.Out); err != nil {
		return nil, nil, err
	}
	tr := phaseTimer(opts.Timings, start)
	site0 := opts.loaded
	if site0 == nil {
		var minify theme.Minifier
		if !opts.NoMinify {
			minify = publish.LayoutMinifier()
		}
		if site0, err = source.Load(opts.Source, minify); err != nil {
			return nil, nil, err
		}
	}
	cfg, tmpl, loaded := site0.Config, site0.Theme, site0.Content
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, nil, err
		}
	}
	tr("load site.yaml, layouts/ and content/")
	pages, err := publishable(opts, tmpl, loaded.Pages)
	if !opts.AllowPlaceholders {
		// site.yaml and the theme are on every page.
		var unfinished diag.List
		unfinished.Merge(config.FileName, refusePlaceholders(cfg.Placeholders))
		unfinished.Merge(theme.Dir, refusePlaceholders(tmpl.Placeholders()))
		unfinished.Merge("", err)
		err = unfinished.Err()
	}
	if err != nil {
		return nil, nil, err
	}
	var out *publish.Output
	if opts.dryRun {
		out = publish.Discard()
	} else if out, err = publish.Stage(opts.Out, !opts.NoMinify); err != nil {
		return nil, nil, fmt.Errorf("create staging folder beside %s: %w", opts.Out, err)
	}
	defer func() {
		if err != nil {
			out.Abort()
		}
	}()
	static, err := listStatic(opts.Source)
	if err != nil {
		return nil, nil, err
	}
	pipe, err := source.NewPipeline(opts.Source, opts.CacheDir, cfg)
	if err != nil {
		return nil, nil, err
	}
	md := markdown.New(markdown.ReservedIDs(tmpl.IDs()...))
	pics, perrs := source.FindImages(cfg, pages, pipe, md)
	docs, derrs := source.FindDocuments(opts.Source, pages)
	perrs = append(perrs, derrs...)
	m, err := site.New(cfg, pages, static, pics)
	perrs.Merge(content.Dir, err)
	if m != nil {
		perrs = append(perrs, m.LinkDocuments(docs)...)
	}
	if err := perrs.Err(); err != nil {
		return nil, nil, err
	}
	tr("read the pictures pages show")
	b := newBuilder(opts, cfg, tmpl, md, m, out)
	b.static, b.pipe, b.pics = static, pipe, pics
	if opts.dryRun {
		b.pipe = nil // no pictures made
	}
	if keep {
		b.deps = newDepGraph()
	} else {
		b.releaseSources = true
	}
	tr("build the site model")
	b.phase = tr
	if err := b.run(ctx); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if opts.dryRun {
		out.Abort()
		return nil, nil, nil
	}
	if err := out.Commit(opts.SwapLock); err != nil {
		return nil, nil, fmt.Errorf("replace %s: %w", opts.Out, err)
	}
	tr("swap the output folder into place")
	if err := b.saveCache(true); err != nil {
		return nil, nil, fmt.Errorf("the image cache %s: %w", pipe.Cache().Dir(), err)
	}
	res = &Result{Pages: b.pages, Files: out.Files(), Bytes: out.Bytes(), Duration: time.Since(start), Fallbacks: b.model.Fallbacks(),
		Images: len(b.model.Images()), ImagesMade: pipe.Cache().Made()}
	for _, p := range pages {
		res.Warnings = append(res.Warnings, p.Warnings...)
	}
	res.Warnings.Sort()
	if keep {
		sess = &Session{opts: opts, cfg: cfg, tmpl: tmpl, md: md, pages: map[string]*content.Page{}, model: b.model, outputs: out.ByJob(), deps: b.deps, static: static, index: b.index, pipe: pipe, pics: pics}
		for _, p := range loaded.Pages {
			sess.pages[p.File] = p
		}
	}
	return sess, res, nil
}

// publishable returns the pages visible under opts, checking that an
// explicit layout exists for each.
func publishable(opts Options, tmpl *theme.Theme, all []*content.Page) ([]*content.Page, error) {
	var errs diag.List
	var pages []*content.Page
	for _, p := range all {
		if !p.Published(opts.Now, opts.Drafts, opts.Future, opts.Expired) {
			continue
		}
		if d := tmpl.CheckLayout(p); d != nil {
			errs.Add(d)
		}
		if !opts.AllowPlaceholders {
			errs.Merge(p.File, refusePlaceholders(p.Placeholders))
		}
		pages = append(pages, p)
	}
	return pages, errs.Err()
}

// refusePlaceholders turns the placeholder warnings of a published source
// into the errors that stop the build.
func refusePlaceholders(found diag.List) error {
	var errs diag.List
	for _, d := range found {
		e := *d
		e.Severity = diag.Error
		e.Msg += ": write it, or keep the page a draft (draft: true) until it is written"
		if !strings.HasPrefix(d.File, content.Dir+"/") {
			e.Msg = d.Msg + ": it is on every page, so write it before publishing"
		}
		errs.Add(&e)
	}
	return errs.Err()
}

func newBuilder(opts Options, cfg *config.Config, tmpl *theme.Theme, md *markdown.Renderer, m *site.Site, out *publish.Output) *builder {
	b := &builder{opts: opts, cfg: cfg, tmpl: tmpl, md: md, model: m, out: out, phase: phaseTimer(opts.Timings, time.Now()), ctx: context.Background()}
	b.progress.w = opts.Progress
	if !opts.NoSearch {
		so := search.Options{StemmerURL: site.SearchStemmersURL}
		for _, l := range cfg.Languages {
			so.Languages = append(so.Languages, l.Code)
		}
		for _, t := range cfg.Taxonomies {
			so.Taxonomies = append(so.Taxonomies, t.Name)
		}
		so.Glossary = map[string][][]string{}
		for _, l := range cfg.Languages {
			so.Glossary[l.Code] = cfg.Search.GlossaryFor(l.Code)
		}
		b.index = search.NewIndex(so)
	}
	b.site = &theme.SiteView{Config: cfg, Languages: m.Langs}
	return b
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
	for _, in := range []string{content.Dir, theme.Dir, site.StaticDir} {
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
	tmpl  *theme.Theme
	md    *markdown.Renderer
	model *site.Site
	ctx   context.Context // the build's, for work that waits (pictures)

	// pipe makes the pictures' sizes; pics are the pictures pages show.
	pipe     *images.Pipeline
	pics     *site.Pictures
	progress progress
	site     *theme.SiteView
	out      *publish.Output

	// static are static/'s files, as slash paths under it.
	static []string
	// index collects every page's text while it renders; nil without search.
	index *search.Index
	// only, when set, names the units to render (an incremental rebuild).
	only map[site.Unit]bool
	// deps records which page keys each job looked up with .Ref, so a
	// change to a page's front matter redoes the jobs that show its title.
	deps *depGraph

	// releaseSources drops each page's Markdown once it is rendered: a
	// one-off build never renders a page twice (Open's builds do).
	releaseSources bool

	// pagesRendered, when set, is closed once every page is rendered, so
	// every page's text is in the search index; pagesLeft counts down to it.
	pagesRendered chan struct{}
	pagesLeft     atomic.Int64

	// phase notes the end of a phase for --timings.
	phase func(string)

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
	// The search index needs the text of every page, and nothing else: it
	// is written while the lists, taxonomies and feeds still render, rather
	// than after them with one core idle.
	var indexing sync.WaitGroup
	var indexErr error
	rendered := make(chan struct{})
	if b.index != nil {
		b.pagesRendered = make(chan struct{})
		b.pagesLeft.Store(1) // schedule's own count, dropped once every page is queued
		indexing.Go(func() {
			select {
			case <-b.pagesRendered:
			case <-rendered: // cancelled: page jobs were skipped
			}
			if ctx.Err() == nil {
				indexErr = writeIndex(b.index, b.out)
				b.phase("write the search index (beside the lists)")
			}
		})
	}
	err := b.render(ctx)
	close(rendered)
	b.phase("render pages, lists, feeds and static files")
	indexing.Wait()
	// Every file, the search index's included, is staged: wait until they
	// are on disk, to report an error writing one here.
	if ferr := b.out.Flush(); ferr != nil {
		b.fail(b.opts.Out, ferr)
		err = onceEach(b.errs).Err()
	}
	if err != nil {
		return err
	}
	return indexErr
}

// pageRendered counts down the page jobs; the last closes pagesRendered.
func (b *builder) pageRendered() {
	if b.pagesRendered != nil && b.pagesLeft.Add(-1) == 0 {
		close(b.pagesRendered)
	}
}

// render runs the scheduled jobs on every core and collects their errors.
func (b *builder) render(ctx context.Context) error {
	b.ctx = ctx
	defer b.progress.finish()
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
	return onceEach(b.errs).Err()
}

// onceEach keeps one slip (see theme.RenderChecked) per layout line and
// message: a slip in a partial is on every page, and the line to fix is the
// same for all of them. The page named is the first in order.
func onceEach(errs diag.List) diag.List {
	errs.Sort()
	seen := map[string]bool{}
	out := errs[:0]
	for _, d := range errs {
		if kind := theme.SlipKind(d); kind != "" {
			key := d.Pos() + "\x00" + kind
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		out = append(out, d)
	}
	return out
}

// want reports whether unit u is to be rendered: every unit, or those an
// incremental rebuild names.
func (b *builder) want(u site.Unit) bool { return b.only == nil || b.only[u] }

// schedule sends the render jobs: the model's outputs (site.Outputs, the
// render plan), one job per unit of work, so the build writes exactly what
// the model lists. Pictures go first (each takes far longer than a page,
// so the last to finish should not be one started at the end), then the
// pages (the bulk of the work, in file order), then lists, taxonomies,
// feeds, the sitemap, robots.txt, static files and documents. When b.only is
// set, only the units it names are sent. The search index folders are
// written by run, from the text the page jobs hand it.
func (b *builder) schedule(jobs chan<- func()) {
	// The outputs of each source page, in every language it is served in
	// (a fallback, the contact page once per topic), are one job, so its
	// Markdown is rendered once.
	type pageJob struct {
		src  *content.Page
		outs []site.Output
	}
	byPage := map[*content.Page]*pageJob{}
	var pages []*pageJob
	var pics []*site.Image
	seenPic := map[*site.Image]bool{}
	var rest []func()
	for _, o := range b.model.Outputs() {
		if o.Unit == site.SearchUnit || !b.want(o.Unit) {
			continue // the search index and its stemmers are written by run; a unit not asked for
		}
		switch {
		case o.Kind.IsPage():
			j := byPage[o.Page.Page]
			if j == nil {
				j = &pageJob{src: o.Page.Page}
				byPage[j.src] = j
				pages = append(pages, j)
			}
			j.outs = append(j.outs, o)
		case o.Kind == site.ImageOutput:
			// Every size of a picture comes from one decode: one job.
			if b.pipe != nil && !seenPic[o.Image] {
				seenPic[o.Image] = true
				pics = append(pics, o.Image)
			}
		case o.Kind == site.StaticOutput:
			if !b.opts.dryRun { // copied as they are: nothing for a check to render
				rest = append(rest, func() { b.fail(o.Owner, b.copyStatic(o)) })
			}
		default:
			rest = append(rest, func() { b.renderOutput(o) })
		}
	}
	sort.SliceStable(pics, func(i, j int) bool { return pics[i].Info.Megapixels() > pics[j].Info.Megapixels() })
	b.progress.total.Add(int64(len(pics)))
	for _, im := range pics {
		jobs <- func() {
			b.fail(im.File, b.publishImage(im))
			b.progress.done()
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].src.File < pages[j].src.File })
	for _, j := range pages {
		b.pages++
		b.pagesLeft.Add(1)
		jobs <- func() {
			b.renderPage(j.src, j.outs)
			b.pageRendered()
		}
	}
	b.pageRendered() // every page job is queued
	for _, f := range rest {
		jobs <- f
	}
}

// renderOutput renders one output of a kind that is not a page or a file
// copied as it is.
func (b *builder) renderOutput(o site.Output) {
	l := b.model.Lang(o.Lang)
	switch o.Kind {
	case site.HomeOutput:
		b.renderHome(o)
	case site.NotFoundOutput:
		b.render404(l)
	case site.ListOutput:
		b.fail(o.URL, b.renderSection(o))
	case site.TermsOutput:
		b.fail(o.URL, b.renderTerms(o))
	case site.TermOutput:
		b.fail(o.URL, b.renderTerm(o))
	case site.FeedOutput:
		b.fail(o.Section.URL, b.writeFeed(l, o.Section))
	case site.SitemapOutput:
		b.fail("sitemap.xml", b.writeSitemap())
	case site.RobotsOutput:
		b.fail("robots.txt", b.writeRobots())
	case site.DocumentOutput:
		d := o.Document
		src := filepath.Join(b.opts.Source, filepath.FromSlash(d.Source))
		// Byte for byte: never minified or changed.
		b.fail(d.Source, b.out.Copy(o.Unit.String(), d.URL[1:], d.Source, src))
	default:
		b.fail(o.Owner, fmt.Errorf("the build has no way to write a %s output (%s)", o.Kind, o.URL))
	}
}
