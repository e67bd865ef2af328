// Package theme is the site's look, as the communications team edits it:
// the html/template layouts of layouts/, their theme strings (i18n), and the
// View a layout's dot is. It loads and checks the layouts, minifies them
// once, renders a view with the first layout that exists, and turns a
// template error into a position in the layout as written.
package theme

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/site"
	"github.com/uio-partner/portal/internal/sitefiles"
)

// Dir is the theme's folder under the site root.
const Dir = "layouts"

// LayoutsDir is Dir, for messages that name the folder.
const LayoutsDir = Dir

const baseTemplate = "_default/baseof.html"

// Theme is the parsed theme: one executable set per layout file, each the
// base template with that file's "main" block, plus the theme strings.
type Theme struct {
	// exec is what pages are rendered with: the layouts minified once here,
	// so the 20,000 pages of a large site need not be minified one by one.
	// source is the layouts as written; a render that fails with exec is
	// run again with source, whose errors point at the lines authors see.
	// Without minification both are the same.
	exec, source *layoutSet
	ids          []string  // literal id="..." values in the layouts (see literalIDs)
	placeholders diag.List // the placeholder marker in layouts and theme strings, as warnings
	strs         *strs     // the theme strings of every language (strings.go)
	def          string    // the site's default language, whose strings fill the others' gaps

	files  map[string]string // the layouts as written, by path under layouts/
	probes *sync.Pool        // instrumented copies of files, to find the line that printed a slip (slips.go)

	cache sync.Map // partialCached results by name and key
	cards sync.Map // View.Card results by cardKey
	// sectionTerms are View.SectionTerms results by sectionTermsKey.
	sectionTerms sync.Map

	mu         sync.Mutex
	sharedRefs map[string]bool // page keys looked up inside cached partials
}

// partialCached renders a partial once per distinct key for the whole build
// (like Hugo's partialCached): the footer and other parts that depend only on
// the language need not be executed again for each of 20,000 pages.
func (t *Theme) partialCached(name string, data any, keys ...any) (template.HTML, error) {
	var kb strings.Builder
	kb.WriteString(name)
	for _, k := range keys {
		kb.WriteByte(0) // ("a", "bc") and ("ab", "c") are different keys
		fmt.Fprint(&kb, k)
	}
	key := kb.String()
	if v, ok := t.cache.Load(key); ok {
		return v.(template.HTML), nil
	}
	var b strings.Builder
	v, _ := data.(*View)
	before := 0
	if v != nil {
		before = len(v.refs)
	}
	if err := t.exec.base.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	if v != nil && len(v.refs) > before {
		// Every page shows this partial, so a page it looks up affects them all.
		t.mu.Lock()
		for _, k := range v.refs[before:] {
			t.sharedRefs[k] = true
		}
		t.mu.Unlock()
	}
	h := template.HTML(b.String()) // produced by html/template: already escaped
	t.cache.Store(key, h)
	return h, nil
}

// NewView is the view of one output of the kind: what every kind of page
// shares.
func (t *Theme) NewView(kind site.Kind, sv *SiteView, l *site.Lang, url string) *View {
	return &View{Kind: kind, Site: sv, Lang: l, URL: url, Canonical: strings.TrimSuffix(sv.Config.BaseURL, "/") + url, OGType: "website", I: t.strs.plain[l.Code], t: t}
}

// Render runs the first layout of names that exists with v into w. A
// failure is a diagnostic at the layout's file and line as written; it
// names srcFile, the page being rendered, unless the layout alone is at
// fault (an escaping error, said once rather than once per page).
func (t *Theme) Render(w io.Writer, v *View, srcFile string, names ...string) error {
	name, set := t.lookup(names...)
	if set == nil {
		return fmt.Errorf("no layout for %s: add %s/%s", v.URL, Dir, names[len(names)-1])
	}
	if err := set.ExecuteTemplate(w, baseTemplate, v); err != nil {
		err = t.explain(name, v, err)
		d := templateError(err)
		var escErr *template.Error
		if srcFile != "" && !errors.As(err, &escErr) {
			d.Msg += " (rendering " + srcFile + ")"
		}
		return d
	}
	return nil
}

// Minified reports whether pages rendered with the theme are minified
// already: the layouts were minified once, so the pages need not be.
func (t *Theme) Minified() bool { return t.minified() }

// Strings returns the theme strings the theme was loaded with, for the
// texts that are not pages (mails, the endpoint's pages) and portal check.
func (t *Theme) Strings() *Strings { return &Strings{s: t.strs, def: t.def, layouts: t.files} }

// IDs are the literal ids of the layouts (see literalIDs).
func (t *Theme) IDs() []string { return t.ids }

// Placeholders are the placeholder marker's places in the layouts and their
// strings, as warnings.
func (t *Theme) Placeholders() diag.List { return t.placeholders }

// CheckLayout reports a page whose layout: names no layout of the theme.
func (t *Theme) CheckLayout(p *content.Page) *diag.Diagnostic {
	if p.Layout == "" {
		return nil
	}
	if n, _ := t.lookup(LayoutsFor(p)...); n != "" {
		return nil
	}
	return diag.Errorf(p.File, p.Line("layout"), 0, "unknown layout %q: add %s/_default/%s.html or remove the field", p.Layout, Dir, p.Layout)
}

// SharedRef reports whether a partial rendered once for every page (see
// partialCached) looked up the page key: a change to it changes every page.
func (t *Theme) SharedRef(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sharedRefs[key]
}

// ForgetCards drops the cards of the page at url, rendered for lists: its
// front matter changed.
func (t *Theme) ForgetCards(url string) {
	for _, top := range []bool{false, true} {
		for _, show := range []bool{false, true} {
			t.cards.Delete(cardKey{url, top, show})
		}
	}
}

// lookup returns the first layout that exists among names.
func (t *Theme) lookup(names ...string) (string, *template.Template) {
	for _, n := range names {
		if s, ok := t.exec.sets[n]; ok {
			return n, s
		}
	}
	return "", nil
}

// layoutSet is the theme parsed into one executable set per layout file,
// each the base template with that file's "main" block.
type layoutSet struct {
	base *template.Template            // base and partials
	sets map[string]*template.Template // by layout path, e.g. "_default/single.html"
}

// render executes the layout name of the set with v.
func (ls *layoutSet) render(w io.Writer, name string, v any) error {
	return ls.sets[name].ExecuteTemplate(w, baseTemplate, v)
}

// minified reports whether pages are rendered from minified layouts, so
// need not be minified again.
func (t *Theme) minified() bool { return t.exec != t.source }

// explain renders a view whose render with t.exec failed with err again
// from the layouts as written, and returns that error instead: positions in
// the minified layouts are not lines an author can find. The second render
// caches nothing (see uncached), so it cannot leave anything behind.
func (t *Theme) explain(name string, v *View, err error) error {
	if !t.minified() {
		return err
	}
	dv := *v
	dv.layouts = t.source
	if serr := t.source.render(io.Discard, name, &dv); serr != nil {
		return serr
	}
	return err
}

// tmplPos matches the position in text/template errors ("template:
// name:3:5: ...") and in html/template's escaping errors, which have no
// space ("html/template:name:3:5: ..."); tmplName the latter without a line.
// The message is the only place either package gives the position: parse
// errors are plain errors, and ExecError carries the template's name but not
// the line, so the one reading of them is here (Hugo reads them the same way).
var (
	tmplPos  = regexp.MustCompile(`template: ?([^:\s]+):(\d+)(?::(\d+))?: (.*)`)
	tmplName = regexp.MustCompile(`^html/template: ?([^:\s]+): (.*)`)
	tmplExec = regexp.MustCompile(`^executing "[^"]*" at <.*?>: (.*)$`)
)

// templateError positions an html/template error at its layout file and line.
func templateError(err error) *diag.Diagnostic {
	msg := err.Error()
	if m := tmplName.FindStringSubmatch(msg); m != nil && !tmplPos.MatchString(msg) {
		return diag.Errorf(LayoutsDir+"/"+m[1], 0, 0, "%s", m[2])
	}
	if m := tmplPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if m[3] != "" {
			col++ // text/template counts columns from 0; diagnostics from 1
		}
		rest := m[4]
		// Execution errors start `executing "main" at <.Page.X>: `, which
		// repeats the position; keep what follows, all of it (the cause
		// itself may contain ": ", as in "error calling index: ...").
		if e := tmplExec.FindStringSubmatch(rest); e != nil {
			rest = e[1]
		}
		// A partial rendered by partialCached or a card (View.Card) failed
		// inside this layout: the line to fix is the partial's.
		if inner, ok := strings.CutPrefix(rest, "error calling "); ok {
			if _, nested, ok := strings.Cut(inner, ": "); ok && tmplPos.MatchString(nested) && strings.HasPrefix(nested, "template:") {
				return templateError(errors.New(nested))
			}
		}
		return diag.Errorf(LayoutsDir+"/"+m[1], line, col, "%s", rest)
	}
	return diag.Errorf(LayoutsDir, 0, 0, "%s", msg)
}

// Load parses root's layouts/: partials/*.html and the base template go into
// every set; every other .html file becomes a set of its own. With minify,
// the layouts are also minified once, for rendering.
func Load(root string, cfg *config.Config, minify Minifier) (*Theme, error) {
	files, err := readLayouts(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.Errorf(LayoutsDir, 0, 0, "no layouts folder: the site needs %s/%s", LayoutsDir, baseTemplate)
		}
		return nil, diag.Errorf(LayoutsDir, 0, 0, "%v", err)
	}
	var errs diag.List
	t := &Theme{ids: literalIDs(files), sharedRefs: map[string]bool{}, files: files, def: cfg.DefaultLanguage()}
	t.probes = probePool(t)
	errs = append(errs, literalSlips(files)...)
	finder := cfg.Finder()
	for name, src := range files {
		if strings.HasSuffix(name, ".html") {
			t.placeholders = append(t.placeholders, finder.Text(LayoutsDir+"/"+name, 1, []byte(src))...)
		}
	}
	strs, serrs := loadStrings(files, cfg, &t.placeholders)
	errs = append(errs, serrs...)
	t.strs = strs
	t.placeholders.Sort()
	if _, ok := files[baseTemplate]; !ok {
		return nil, diag.Errorf(LayoutsDir+"/"+baseTemplate, 0, 0, "missing: every page is rendered inside this base layout")
	}
	// partialCached in the layouts as written renders every time: those
	// run only to explain an error (see explain).
	uncached := template.FuncMap{"partialCached": func(name string, data any, _ ...any) (template.HTML, error) {
		var b strings.Builder
		err := t.source.base.ExecuteTemplate(&b, name, data)
		return template.HTML(b.String()), err // produced by html/template: already escaped
	}}
	cached := template.FuncMap{"partialCached": t.partialCached}
	var minified map[string]string
	if minify != nil {
		minified = minifyLayoutFiles(files, minify)
	}
	if minified == nil {
		t.exec, err = parseLayouts(files, cached)
		t.source = t.exec
	} else {
		// The layouts as written are parsed first: their errors name the
		// lines an author sees.
		if t.source, err = parseLayouts(files, uncached); err == nil {
			t.exec, err = parseLayouts(minified, cached)
			if err != nil {
				err = fmt.Errorf("%s: the layouts no longer parse once minified (build with --no-minify, and report this): %w", LayoutsDir, err)
			}
		}
	}
	errs.Merge(LayoutsDir, err)
	if err == nil {
		// Checked on the layouts as written, so errors name their lines.
		errs = append(errs, checkCached(t.source)...)
	}
	if errs.HasErrors() {
		return nil, errs.Err()
	}
	return t, nil
}

// parseLayouts parses layout files: partials/*.html and the base template go
// into every set; every other .html file becomes a set of its own.
func parseLayouts(files map[string]string, extra template.FuncMap) (*layoutSet, error) {
	var errs diag.List
	base := template.New(baseTemplate).Funcs(funcs).Funcs(extra)
	if _, err := base.Parse(files[baseTemplate]); err != nil {
		return nil, templateError(err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasPrefix(n, "partials/") && strings.HasSuffix(n, ".html") {
			if _, err := base.New(n).Parse(files[n]); err != nil {
				errs.Add(templateError(err))
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	ls := &layoutSet{base: base, sets: map[string]*template.Template{}}
	for _, n := range names {
		if n == baseTemplate || strings.HasPrefix(n, "partials/") || !strings.HasSuffix(n, ".html") {
			continue
		}
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(n).Parse(files[n])
		}
		if err != nil {
			errs.Add(templateError(err))
			continue
		}
		ls.sets[n] = set
	}
	return ls, errs.Err()
}

// Minifier minifies an HTML layout with its template actions kept as they
// are. Minifying is the publisher's (publish.LayoutMinifier): the theme is
// handed one, so layouts and pages are minified by the same rules.
type Minifier func(layout string) (string, error)

// minifyLayoutFiles returns the .html layouts minified, or nil if the
// minifier cannot read one of them (the build then minifies each page
// instead).
func minifyLayoutFiles(files map[string]string, minify Minifier) map[string]string {
	out := make(map[string]string, len(files))
	for n, src := range files {
		if !strings.HasSuffix(n, ".html") {
			out[n] = src
			continue
		}
		min, err := minify(src)
		if err != nil {
			return nil
		}
		out[n] = min
	}
	return out
}

// readLayouts reads the .html and .yaml files under root/layouts, keyed by
// slash path relative to it.
func readLayouts(root string) (map[string]string, error) {
	dir := sitefiles.Folder(root, Dir)
	files := map[string]string{}
	err := sitefiles.Walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".yaml") {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return files, err
}

// idAttr matches a literal id attribute in a layout.
var idAttr = regexp.MustCompile(`\bid="([A-Za-z][-A-Za-z0-9_:.]*)"`)

// literalIDs returns the sorted literal ids of the .html layouts among files
// (path -> source). Every page may carry them, so Markdown heading ids keep
// clear of them and links to them (#main) are valid anywhere; ids that
// template code builds are not known.
func literalIDs(files map[string]string) []string {
	seen := map[string]bool{}
	var ids []string
	for name, src := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range idAttr.FindAllStringSubmatch(src, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				ids = append(ids, m[1])
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// LayoutsFor returns the layout names to try for a page, most specific first.
// An explicit layout: in front matter must exist (see CheckLayout).
func LayoutsFor(p *content.Page) []string {
	if p.Layout != "" {
		return []string{p.Section + "/" + p.Layout + ".html", "_default/" + p.Layout + ".html"}
	}
	if p.Section != "" {
		return []string{p.Section + "/single.html", "_default/single.html"}
	}
	return []string{"_default/single.html"}
}

// funcs are the template functions that do not depend on the page.
var funcs = template.FuncMap{
	"slugify": content.Slugify,
	"join":    strings.Join,
	"lower":   strings.ToLower,
	"upper":   strings.ToUpper,
	"add":     func(a, b int) int { return a + b },
	"sub":     func(a, b int) int { return a - b },
	"first": func(n int, list []*site.Page) []*site.Page {
		if n < len(list) {
			return list[:n]
		}
		return list
	},
	"truncate": func(n int, s string) string {
		if len(s) <= n || utf8.RuneCountInString(s) <= n {
			return s // the usual case, on every page's head: no copy
		}
		r := []rune(s)
		cut := string(r[:n])
		if i := strings.LastIndexByte(cut, ' '); i > n/2 {
			cut = cut[:i]
		}
		return strings.TrimRight(cut, " ,.;:") + "…"
	},
	"featured": func(list []*site.Page) []*site.Page {
		var out []*site.Page
		for _, p := range list {
			if p.Featured {
				out = append(out, p)
			}
		}
		return out
	},
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs key and value pairs")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys must be strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// FirstCall returns the first place (file under layouts/ and line, files
// in name order) where a layout calls the method or field name, as in
// .Lang.SearchURL for "SearchURL"; ok is false when no layout does.
// portal check asks it where the theme links to a page the site lacks.
func (t *Theme) FirstCall(name string) (file string, line int, ok bool) {
	call := regexp.MustCompile(`\.` + regexp.QuoteMeta(name) + `\b`)
	names := make([]string, 0, len(t.files))
	for n := range t.files {
		if strings.HasSuffix(n, ".html") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		for i, l := range strings.Split(t.files[n], "\n") {
			if call.MatchString(l) {
				return LayoutsDir + "/" + n, i + 1, true
			}
		}
	}
	return "", 0, false
}
