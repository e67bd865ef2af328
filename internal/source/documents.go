package source

// This file finds the documents pages offer (front matter documents:); the
// build publishes them unchanged.

import (
	"context"
	"errors"
	"path/filepath"
	"sort"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
	"github.com/uio-partner/portal/internal/document"
	"github.com/uio-partner/portal/internal/parallel"
	"github.com/uio-partner/portal/internal/site"
)

// FindDocuments reads every document the pages offer, by its content (see
// package document), and returns what each file is. Every document that
// cannot be published is an error at the line of the page that names it:
// a missing, empty, oversized, unsafe or mislabelled file, and a file that
// two pages offer (it belongs beside one; translations of a page share
// it).
func FindDocuments(source string, pages []*content.Page) (map[string]site.DocumentInfo, diag.List) {
	var errs diag.List
	type use struct {
		page *content.Page
		doc  content.Document
	}
	byFile := map[string][]use{}
	for _, p := range pages {
		for _, d := range site.PageDocuments(p) {
			if d.File == "" {
				continue
			}
			f := site.DocumentFile(p.File, d.File)
			byFile[f] = append(byFile[f], use{p, d})
		}
	}
	files := make([]string, 0, len(byFile))
	for f, uses := range byFile {
		files = append(files, f)
		sort.Slice(uses, func(i, j int) bool { return uses[i].page.File < uses[j].page.File })
		first := uses[0].page
		for _, u := range uses[1:] {
			if u.page.Key() != first.Key() {
				errs.Add(diag.Errorf(u.page.File, u.doc.Line, u.doc.Col, "document %q is offered by %s too: a document belongs beside one page (its translations may offer it); link to that page instead", u.doc.File, first.File))
			}
		}
	}
	sort.Strings(files)
	infos := make([]document.Info, len(files))
	problems := make([]error, len(files))
	parallel.For(context.Background(), len(files), func(i int) {
		infos[i], problems[i] = document.Inspect(filepath.Join(source, filepath.FromSlash(files[i])))
	})
	out := map[string]site.DocumentInfo{}
	for i, f := range files {
		if err := problems[i]; err != nil {
			var p *document.Problem
			if !errors.As(err, &p) {
				err = errors.New("it cannot be read: " + err.Error())
			}
			for _, u := range byFile[f] {
				errs.Add(diag.Errorf(u.page.File, u.doc.Line, u.doc.Col, "document %q: %v", u.doc.File, err))
			}
			continue
		}
		out[f] = site.DocumentInfo{Format: infos[i].Format.Name, Size: infos[i].Size}
	}
	errs.Sort()
	return out, errs
}
