package check

import (
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uio-partner/portal/internal/build"
	"github.com/uio-partner/portal/internal/diag"
)

// lintFields checks a page's front matter beyond what the build rejects
// and warns about (content's Page.Warnings): the image field, and whether a
// translation has its original.
func (c *checker) lintFields(info *pageInfo, l *diag.List) {
	p := info.page
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
