package site

import (
	"path"
	"sort"
	"strings"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// DocumentsField is the front-matter field listing a page's documents.
const DocumentsField = "documents"

// DocumentInfo is what a document file is, as package document found it.
type DocumentInfo struct {
	Format string // PDF, DOCX, ...
	Size   int64
}

// Document is a file a page offers, in the language the page is served
// in: published unchanged at URL, beside the page's own address.
type Document struct {
	Title    string
	URL      string
	Source   string // the file, content/agreements/nda-template.docx
	Format   string
	Size     int64
	Lang     string // the language it is written in
	LangName string
}

// DocumentFile is the file a page's document entry names: beside the
// page's Markdown file.
func DocumentFile(pageFile, name string) string { return path.Join(path.Dir(pageFile), name) }

// DocumentURL is the address a document file is published at: its place
// under content/, as a picture's is, the same in every language.
func DocumentURL(file string) string { return strings.TrimPrefix(file, content.Dir) }

// PageDocuments lists the documents front matter names on p.
func PageDocuments(p *content.Page) []content.Document {
	docs, _ := p.Params[DocumentsField].([]content.Document)
	return docs
}

// LinkDocuments gives each page the documents it offers, from infos (by
// file; documents missing there were refused and are left out), and adds
// each file's output. A document published at an address something else
// writes is an error at the page that names it.
func (s *Site) LinkDocuments(infos map[string]DocumentInfo) diag.List {
	var errs diag.List
	added := map[string]bool{}
	for _, l := range s.Langs {
		for _, list := range [][]*Page{l.Pages, l.Standalone} {
			for _, r := range list {
				r.Documents = nil
				for _, d := range PageDocuments(r.Page) {
					file := DocumentFile(r.Page.File, d.File)
					info, ok := infos[file]
					if !ok {
						continue
					}
					u := DocumentURL(file)
					doc := &Document{Title: d.Title, URL: u, Source: file, Format: info.Format, Size: info.Size, Lang: d.Lang}
					if lang := s.Config.Language(d.Lang); lang != nil {
						doc.LangName = lang.Name
					}
					r.Documents = append(r.Documents, doc)
					if added[file] {
						continue
					}
					added[file] = true
					out := File(u)
					if prev, clash := s.outputs[out]; clash {
						errs.Add(collision(prev.Owner, r.Page.File, out))
						continue
					}
					s.outputs[out] = Output{URL: u, Kind: DocumentOutput, Owner: r.Page.File, Unit: DocumentUnit, Document: doc}
				}
			}
		}
	}
	errs.Sort()
	return errs
}

// Documents lists the document files to publish, by address.
func (s *Site) Documents() []*Document {
	var out []*Document
	for _, o := range s.outputs {
		if o.Kind == DocumentOutput {
			out = append(out, o.Document)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}
