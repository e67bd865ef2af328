package content

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
)

// Document is a file a page offers for download (front-matter type
// documents): its name beside the page's Markdown file, the title readers
// see, and the language it is written in (the page's when not given).
// Package document checks the file itself.
type Document struct {
	File  string
	Title string
	Lang  string
	Line  int // the entry's line in the page's file, for messages
	Col   int
}

// documentName is what a document's file name may be: letters, digits,
// dots, dashes and underscores, a name and an extension, so its address is
// the name as written and never leaves the page's folder.
var documentName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*\.[A-Za-z0-9]+$`)

// documentKeys are the settings of a document entry.
var documentKeys = []string{"file", "title", "lang"}

// parseDocuments reads a documents list, reporting every problem at its
// own line in file, whose front matter opens at openLine; lang is the
// page's language.
func parseDocuments(cfg *config.Config, file, lang string, openLine int, v *yaml.Node, errs *diag.List) ([]Document, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return []Document{}, true
	}
	if v.Kind != yaml.SequenceNode {
		errs.Add(diag.Errorf(file, openLine+v.Line, v.Column, "front matter: documents must be a list, each like {file: nda-template.docx, title: Non-disclosure agreement template}"))
		return nil, false
	}
	ok := true
	bad := func(line, col int, format string, args ...any) {
		errs.Add(diag.Errorf(file, line, col, "front matter: "+format, args...))
		ok = false
	}
	var out []Document
	for _, item := range v.Content {
		line := openLine + item.Line
		if item.Kind != yaml.MappingNode {
			bad(line, item.Column, "a document must have a file and a title, like {file: nda-template.docx, title: Non-disclosure agreement template}")
			continue
		}
		d := Document{Lang: lang, Line: line, Col: item.Column}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			if val.Kind != yaml.ScalarNode {
				bad(openLine+val.Line, val.Column, "the document's %s must be a single value", k.Value)
				continue
			}
			s := strings.TrimSpace(val.Value)
			switch k.Value {
			case "file":
				d.File = s
				if s != "" && !documentName.MatchString(s) {
					bad(openLine+val.Line, val.Column, "document file %q must be a plain name beside the page, such as nda-template.docx: letters, digits, dots, dashes and underscores, without spaces, folders or ..", s)
				}
			case "title":
				d.Title = s
			case "lang":
				d.Lang = s
				if cfg.Language(s) == nil {
					bad(openLine+val.Line, val.Column, "document lang %q is not a language of the site, which has %s", s, cfg.LanguageCodes())
				}
			default:
				bad(openLine+k.Line, k.Column, "a document has no setting %q; it has %s%s", k.Value, strings.Join(documentKeys, ", "), diag.DidYouMean(k.Value, documentKeys, ""))
			}
		}
		if d.File == "" {
			bad(line, item.Column, "the document has no file: the name of the file beside the page")
		}
		if d.Title == "" {
			bad(line, item.Column, "the document %q has no title: what readers see in the list", d.File)
		}
		out = append(out, d)
	}
	return out, ok
}
