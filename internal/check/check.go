// Package check implements `portal check`: everything a build would reject,
// plus lints for pull requests — unknown front-matter fields, broken internal
// links and anchors, missing images and files, images without alt text,
// heading levels, summaries, orphan translations and near-duplicate taxonomy
// terms. Every finding is a positioned diag.Diagnostic; errors fail the check,
// warnings are advice.
package check

import (
	"context"
	"strings"
	"sync"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/generator"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/markdown"
	"github.com/uio-partner/portal/internal/parallel"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/source"
	"github.com/uio-partner/portal/internal/terminology"
	"github.com/uio-partner/portal/internal/theme"
)

// Options control one check.
type Options struct {
	Source string // site root holding site.yaml; "" means "."
	// CacheDir is the build's cache folder (default .cache under Source):
	// a picture it knows decodes is not decoded again.
	CacheDir string
}

// Run checks the site and returns every finding, sorted by file, line and
// column. It never fails as a whole: problems reading the site are findings
// too. The context stops the work early; the findings so far are returned.
func Run(ctx context.Context, opts Options) diag.List {
	if opts.Source == "" {
		opts.Source = "."
	}
	var out diag.List
	loaded, err := source.Check(opts.Source)
	out.Merge(content.Dir, err)
	if loaded == nil || loaded.Content == nil {
		out.Sort()
		return out
	}
	c, err := newChecker(opts.Source, opts.CacheDir, loaded)
	out.Merge(content.Dir, err)
	out = append(out, c.run(ctx)...)
	c.lintDefaultLanguage(&out)
	c.lintImages(ctx, &out)
	c.lintRendering(ctx, loaded, &out)
	c.lintStrings(&out)
	c.lintMailTexts(&out)
	c.lintStandalone(&out)
	if c.pipe != nil {
		_ = c.pipe.Cache().Save(true) // what was decoded need not be again; a cache that cannot be written is the build's to report
	}
	out.Sort()
	return out
}

// checker holds what the lints share: every page with its parsed Markdown,
// and the site's addresses.
type checker struct {
	root     string
	cacheDir string
	cfg      *config.Config
	site     *content.Collection
	def      string // the default language

	infos []*pageInfo
	byKey map[string]map[string]*pageInfo // page key -> language -> page
	model *site.Site                      // every page, drafts included, linked as the build links them: the addresses
	theme *theme.Theme                    // the layouts as loaded, or nil when they could not be
	ids   map[string]bool                 // ids the layouts put on every page (#main)
	md    *markdown.Renderer              // makes heading ids as the build does, clear of ids

	stringsOnce sync.Once
	strs        *theme.Strings // the theme strings (themeStrings)

	emptyOnce sync.Once
	empty     map[string]bool // sections with no published page

	keysOnce  sync.Once
	urlsOnce  sync.Once
	urlsByDir map[string][]string // language and folder -> page addresses, for suggestions
	keysByDir map[string][]string // section -> page keys, for suggestions

	staticMu sync.Mutex
	static   map[string]bool // static/ file existence cache by site path

	terms map[string]*terminology.Matcher // language -> its terminology list's variants

	all  []*content.Page // every page read, with errors or not
	pipe *images.Pipeline
	pics *site.Pictures // the pictures the pages show
}

// pageInfo is a page with its rendered Markdown.
type pageInfo struct {
	page *content.Page
	md   *markdown.Result
	ids  map[string]bool // heading ids
}

// newChecker prepares the lints of loaded; the error is the addresses that
// clash, as the build would report them.
func newChecker(root, cacheDir string, loaded *source.Loaded) (*checker, error) {
	c := &checker{
		root: root, cacheDir: cacheDir, cfg: loaded.Config, site: loaded.Content, def: loaded.Config.DefaultLanguage(), theme: loaded.Theme,
		byKey: map[string]map[string]*pageInfo{}, static: map[string]bool{},
		terms: termMatchers(loaded.Config),
	}
	var layoutIDs []string
	if loaded.Theme != nil {
		layoutIDs = loaded.Theme.IDs()
	}
	c.md = markdown.New(markdown.ReservedIDs(layoutIDs...))
	c.ids = map[string]bool{}
	for _, id := range layoutIDs {
		c.ids[id] = true
	}
	// Pages with errors are linted too, so an author sees everything at once;
	// they count as existing for links (the error is theirs, not the link's).
	all := append(append([]*content.Page{}, loaded.Content.Pages...), loaded.Content.Rejected...)
	for _, p := range all {
		info := &pageInfo{page: p}
		c.infos = append(c.infos, info)
		if c.byKey[p.Key()] == nil {
			c.byKey[p.Key()] = map[string]*pageInfo{}
		}
		c.byKey[p.Key()][p.Lang] = info
	}
	c.all = all
	errs := c.openPictures(cacheDir)
	var err error
	c.model, err = site.New(c.cfg, all, nil, c.pics)
	errs.Merge(content.Dir, err)
	// The documents pages offer, refused as the build refuses them.
	docs, derrs := source.FindDocuments(root, all)
	errs = append(errs, derrs...)
	if c.model != nil {
		errs = append(errs, c.model.LinkDocuments(docs)...)
	}
	return c, errs.Err()
}

// run parses every page's Markdown, then lints every page, both in parallel
// with one worker per core; links need every page's headings first.
func (c *checker) run(ctx context.Context) diag.List {
	parallel.For(ctx, len(c.infos), func(i int) {
		info := c.infos[i]
		if c.terms[info.page.Lang] != nil {
			info.md = c.md.OutlineProse(info.page.Body) // its words are linted too
		} else {
			info.md = c.md.Outline(info.page.Body)
		}
		info.ids = make(map[string]bool, len(info.md.Headings))
		for _, h := range info.md.Headings {
			info.ids[h.ID] = true
		}
	})
	found := make([]diag.List, len(c.infos))
	parallel.For(ctx, len(c.infos), func(i int) {
		info := c.infos[i]
		l := &found[i]
		c.lintFields(info, l)
		c.lintBody(info, l)
		c.lintPageTerminology(info, l)
	})
	var out diag.List
	for _, l := range found {
		out = append(out, l...)
	}
	c.lintTerms(&out)
	c.lintGlossary(&out)
	c.lintLanguages(&out)
	c.lintSiteTerminology(&out)
	return out
}

// lintRendering renders the site as a build would, to report what only
// rendering finds: a layout that fails on a page, and the slips a build
// refuses (a Go format slip, a missing value, a link to nowhere). Only the
// layouts' findings are taken: the content's are reported above already.
func (c *checker) lintRendering(ctx context.Context, loaded *source.Loaded, out *diag.List) {
	err := generator.Render(ctx, generator.Options{Source: c.root, CacheDir: c.cacheDir}, loaded)
	list, _ := diag.AsList(err)
	have := map[string]bool{}
	for _, d := range *out {
		have[d.String()] = true
	}
	for _, d := range list {
		if strings.HasPrefix(d.File, theme.Dir+"/") && !have[d.String()] {
			out.Add(d)
		}
	}
}
