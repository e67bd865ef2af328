package check

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/build"
	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// lintFields checks a page's front matter beyond what the build rejects:
// fields its section does not use, summaries, the image field, and whether
// a translation has its original.
func (c *checker) lintFields(info *pageInfo, l *diag.List) {
	p := info.page
	allowed, sectionFields := c.allowed(p)
	names := make([]string, 0, len(p.Lines))
	for f := range p.Lines {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if allowed(f) {
			continue
		}
		line := p.Line(f)
		if _, declared := c.cfg.Fields[f]; !declared {
			switch s := diag.DidYouMean(f, sectionFields, ""); {
			case s != "":
				l.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q%s", f, s))
			case p.Kind == content.Regular:
				l.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q: %s pages use %s", f, p.Section, strings.Join(sectionFields, ", ")))
			default:
				l.Add(diag.Warnf(p.File, line, 1, "front matter: unknown field %q: site.yaml declares no such field", f))
			}
			continue
		}
		if s := diag.DidYouMean(f, sectionFields, ""); s != "" {
			l.Add(diag.Warnf(p.File, line, 1, "front matter: field %q is not used by %s pages%s", f, p.Section, s))
		} else {
			l.Add(diag.Warnf(p.File, line, 1, "front matter: field %q is not used by %s pages: they use %s", f, p.Section, strings.Join(sectionFields, ", ")))
		}
	}

	if p.Kind == content.Regular {
		if _, present := p.Lines["summary"]; present && strings.TrimSpace(p.Summary) == "" && !c.required(p, "summary") {
			l.Add(diag.Warnf(p.File, p.Line("summary"), 1, "front matter: summary is empty: write one or two sentences for lists, search results and link previews"))
		}
		if max := c.cfg.Fields["summary"].Max; max == 0 || max > SummaryMax {
			if n := utf8.RuneCountInString(p.Summary); n > SummaryMax {
				l.Add(diag.Warnf(p.File, p.Line("summary"), 1, "front matter: summary is %d characters long; keep it to %d", n, SummaryMax))
			}
		}
	}

	if img := p.String("image"); img != "" {
		if _, known := c.cfg.Fields["imageAlt"]; known && strings.TrimSpace(p.String("imageAlt")) == "" {
			l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image has no imageAlt: add imageAlt: saying what the picture shows"))
		}
		if strings.HasPrefix(img, "/") && !c.staticExists(img) {
			l.Add(diag.Errorf(p.File, p.Line("image"), 1, "front matter: image %q not found: add the file %s%s", img, build.StaticDir, img))
		}
	}

	if p.Lang != c.def && c.byKey[p.Key()][c.def] == nil {
		orig := strings.TrimSuffix(p.File, "."+p.Lang+".md") + ".md"
		l.Add(diag.Errorf(p.File, 1, 1, "translation without an original: %s does not exist; a translation's file name is its original's with .%s before .md", orig, p.Lang))
	}
}

// allowed returns whether a field may appear on the page, and the fields its
// section declares (every declared field for pages outside sections).
func (c *checker) allowed(p *content.Page) (func(string) bool, []string) {
	sec := c.cfg.Section(p.Section)
	if p.Kind != content.Regular || sec == nil {
		all := make([]string, 0, len(c.cfg.Fields))
		for f := range c.cfg.Fields {
			all = append(all, f)
		}
		sort.Strings(all)
		return func(f string) bool { _, ok := c.cfg.Fields[f]; return ok }, all
	}
	fields := append(append([]string{}, sec.Required...), sec.Optional...)
	return func(f string) bool {
		return sec.Allows(f) || publication[f]
	}, fields
}

// publication fields are accepted on every page: they decide whether, when,
// where and how it is published, not what it says.
var publication = map[string]bool{"draft": true, "publishDate": true, "expiryDate": true, "slug": true, "layout": true, "noindex": true}

func (c *checker) required(p *content.Page, field string) bool {
	if sec := c.cfg.Section(p.Section); sec != nil {
		for _, f := range sec.Required {
			if f == field {
				return true
			}
		}
	}
	return false
}

// indexWhole is the index of s in line where it is not part of a longer
// word ("Roch" in "[Roche, Roch]" is the second), else of its first
// occurrence, else -1.
func indexWhole(line, s string) int {
	first := strings.Index(line, s)
	for off := first; off >= 0; {
		end := off + len(s)
		before, _ := utf8.DecodeLastRuneInString(line[:off])
		after, _ := utf8.DecodeRuneInString(line[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return off
		}
		next := strings.Index(line[off+1:], s)
		if next < 0 {
			break
		}
		off += 1 + next
	}
	return first
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// position finds s on a line of a file or the lines below it (a block list),
// for findings inside a front-matter value; the column is 1 when it cannot
// tell. It reads the file again, which is fine for the few findings that
// need it.
func (c *checker) position(file string, line int, s string) (int, int) {
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
	if err != nil {
		return line, 1
	}
	lines := strings.Split(string(data), "\n")
	for i := line - 1; i >= 0 && i < len(lines) && i < line+20; i++ {
		if j := indexWhole(lines[i], s); j >= 0 {
			return i + 1, utf8.RuneCountInString(lines[i][:j]) + 1
		}
		if i > line-1 && strings.TrimSpace(lines[i]) == "---" {
			break
		}
	}
	return line, 1
}
