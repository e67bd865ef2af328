package content

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/images"
	"github.com/uio-partner/portal/internal/parallel"
	"github.com/uio-partner/portal/internal/sitefiles"
)

// Dir is the content folder under the site root.
const Dir = "content"

// Collection is what Load read from content/: every page, and those that
// have errors.
type Collection struct {
	Config *config.Config
	// Pages holds every loaded page, sorted by File, before drafts and dates
	// are applied (check needs to see them all).
	Pages []*Page
	// Rejected holds the pages that were read but have errors, sorted by
	// File: not part of the site, but check still lints what it can of them.
	Rejected []*Page
	// Pictures are the JPEG, PNG and WebP files beside the pages, which
	// pages show by their relative path (roche-signing.jpg), as slash paths
	// from the site root, sorted.
	Pictures []string
}

// Load reads every Markdown file under root/content. It returns the pages and
// all problems found; they are usable only if the error is nil. Files are
// parsed in parallel: parsing dominates loading on large sites.
func Load(root string, cfg *config.Config) (*Collection, error) {
	var errs diag.List
	var sources []source
	var pictures, others []string
	// content/ itself may be a symbolic link (a shared corpus); files inside may not.
	contentDir := sitefiles.Folder(root, Dir)
	if _, err := os.Stat(contentDir); err != nil {
		return nil, diag.Errorf(Dir, 0, 0, "no content folder: create %s/ with one folder per section", Dir)
	}
	err := sitefiles.Walk(contentDir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(contentDir, p)
		rel = path.Join(Dir, filepath.ToSlash(rel))
		if err != nil {
			errs.Add(diag.Errorf(rel, 0, 0, "cannot read: %v", err))
			return nil
		}
		parts := strings.Split(rel, "/")[1:] // without "content"
		if d.IsDir() {
			if len(parts) == 1 && cfg.Section(parts[0]) == nil {
				errs.Add(diag.Errorf(rel, 0, 0, "unknown section %q: site.yaml declares %s", parts[0], cfg.SectionNames()))
				return filepath.SkipDir
			}
			if len(parts) > 1 {
				errs.Add(diag.Errorf(rel, 0, 0, "folders inside a section are not supported: move its files to %s/", path.Join(Dir, parts[0])))
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			errs.Add(diag.Errorf(rel, 0, 0, "not a regular file (a link or device): content must be plain files"))
			return nil
		}
		if f := images.FormatOfName(d.Name()); f != "" {
			// A picture beside the page that shows it.
			if !f.Processed() {
				errs.Add(diag.Errorf(rel, 0, 0, "%s", images.Refusal(f)))
			} else {
				pictures = append(pictures, rel)
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".md") {
			others = append(others, rel) // a document, if a page offers it
			return nil
		}
		s, bad := classifyFile(cfg, rel)
		if bad != nil {
			errs.Add(bad)
			return nil
		}
		sources = append(sources, s)
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Parse in parallel; results keep the walk's (sorted) order.
	pages := make([]*Page, len(sources))
	perFile := make([]error, len(sources))
	parallel.For(context.Background(), len(sources), func(i int) {
		s := sources[i]
		data, err := os.ReadFile(filepath.Join(contentDir, filepath.FromSlash(strings.TrimPrefix(s.file, Dir+"/"))))
		if err != nil {
			perFile[i] = diag.Errorf(s.file, 0, 0, "cannot read: %v", err)
			return
		}
		pages[i], perFile[i] = Parse(cfg, s.file, data, s.kind, s.section, s.slug, s.lang)
	})
	site := &Collection{Config: cfg, Pictures: pictures}
	for i, p := range pages {
		errs.Merge(sources[i].file, perFile[i])
		switch {
		case p != nil && perFile[i] == nil:
			site.Pages = append(site.Pages, p)
		case p != nil:
			site.Rejected = append(site.Rejected, p)
		}
	}
	site.link(&errs)
	offered := map[string]bool{}
	for _, list := range [][]*Page{site.Pages, site.Rejected} {
		for _, p := range list {
			docs, _ := p.Params["documents"].([]Document)
			for _, d := range docs {
				offered[path.Join(path.Dir(p.File), d.File)] = true
			}
		}
	}
	for _, rel := range others {
		if !offered[rel] {
			errs.Add(diag.Errorf(rel, 0, 0, "%s", notContent))
		}
	}
	if err := errs.Err(); err != nil {
		return site, err
	}
	return site, nil
}

// notContent says which files belong in content/.
const notContent = "only Markdown (.md) files, the JPEG, PNG and WebP pictures pages show and the documents pages offer (front matter documents:) belong in content/; name it in the documents: of the page beside it"

// source is a content file's place in the site, known from its path alone.
type source struct {
	file                string
	kind                Kind
	section, slug, lang string
}

// classifyFile works out what the Markdown file at rel (content/...) is from
// its path. The caller has checked that its folder is a declared section.
func classifyFile(cfg *config.Config, rel string) (source, *diag.Diagnostic) {
	parts := strings.Split(rel, "/")[1:] // without "content"
	name := parts[len(parts)-1]
	if !strings.HasSuffix(name, ".md") {
		return source{}, diag.Errorf(rel, 0, 0, "%s", notContent)
	}
	base, lang, msg := splitName(cfg, strings.TrimSuffix(name, ".md"))
	if msg != "" {
		return source{}, diag.Errorf(rel, 0, 0, "%s", msg)
	}
	s := source{file: rel, slug: base, lang: lang}
	switch {
	case len(parts) == 1 && base == "_index":
		s.kind, s.slug = Home, ""
	case len(parts) == 1:
		s.kind = Standalone
	case base == "_index":
		s.kind, s.section, s.slug = SectionIndex, parts[0], ""
	default:
		s.kind, s.section = Regular, parts[0]
	}
	if s.slug != "" && !ValidSlug(s.slug) {
		return source{}, diag.Errorf(rel, 0, 0, "file name %q is not a URL-safe slug: use lower-case letters, digits and dashes, e.g. %s.md", base, Slugify(base))
	}
	return s, nil
}

// LoadFile reads and parses one content file, given as a slash path relative
// to root (content/<section>/<slug>.md). Incremental rebuilds use it to
// re-read only what changed; the result still needs Link with all pages.
func LoadFile(root string, cfg *config.Config, rel string) (*Page, error) {
	parts := strings.Split(rel, "/")
	if len(parts) < 2 || parts[0] != Dir || len(parts) > 3 {
		return nil, diag.Errorf(rel, 0, 0, "not a content file: pages are %s/<section>/<slug>.md", Dir)
	}
	if len(parts) == 3 && cfg.Section(parts[1]) == nil {
		return nil, diag.Errorf(rel, 0, 0, "unknown section %q: site.yaml declares %s", parts[1], cfg.SectionNames())
	}
	s, d := classifyFile(cfg, rel)
	if d != nil {
		return nil, d
	}
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, diag.Errorf(rel, 0, 0, "cannot read: %v", err)
	}
	return Parse(cfg, rel, data, s.kind, s.section, s.slug, s.lang)
}

// Link pairs translations and checks addresses across pages (duplicate slugs
// and url overrides), as Load does; pages must be sorted by File.
func Link(cfg *config.Config, pages []*Page) (*Collection, error) {
	s := &Collection{Config: cfg, Pages: pages}
	var errs diag.List
	s.link(&errs)
	return s, errs.Err()
}

// link reports pages that claim the same page: the same section and slug
// in one language, or the same url.
func (s *Collection) link(errs *diag.List) {
	byKey := map[string]map[string]*Page{}
	for _, p := range s.Pages {
		k := p.TranslationKey()
		if byKey[k] == nil {
			byKey[k] = map[string]*Page{}
		}
		if other, dup := byKey[k][p.Lang]; dup {
			errs.Add(diag.Errorf(p.File, p.Line("slug"), 0, "duplicate slug %q: %s has the same address", p.Slug, other.File))
			continue
		}
		byKey[k][p.Lang] = p
	}
	// Standalone url overrides must not collide with each other either.
	seen := map[string]*Page{}
	for _, p := range s.Pages {
		if p.URLPath == "" {
			continue
		}
		k := p.Lang + p.URLPath
		if other, dup := seen[k]; dup {
			errs.Add(diag.Errorf(p.File, p.Line("url"), 0, "url %q is also used by %s", p.URLPath, other.File))
		}
		seen[k] = p
	}
}

// splitName splits "slug.nb" into slug and language; the default language has
// no suffix.
func splitName(cfg *config.Config, name string) (slug, lang, msg string) {
	def := cfg.DefaultLanguage()
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return name, def, ""
	}
	slug, lang = name[:i], name[i+1:]
	switch {
	case lang == def:
		return "", "", fmt.Sprintf("the default language needs no suffix: rename to %s.md", slug)
	case cfg.Language(lang) == nil:
		return "", "", fmt.Sprintf("unknown language %q in the file name: site.yaml declares %s", lang, cfg.LanguageCodes())
	}
	return slug, lang, ""
}
