package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Outline parses src and returns its links and headings, as Render would,
// without rendering HTML or collecting text: `portal check` needs only
// these, for every page of the site, and rendering is most of the cost.
func (r *Renderer) Outline(src []byte) *Result {
	pc := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	defer docOriginals.Delete(doc.(*ast.Document))
	res := &Result{}
	lines := newLineIndex(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			res.Headings = append(res.Headings, Heading{Level: n.Level, ID: string(idb), Text: string(nodeText(n, src)), Line: lines.blockLine(n)})
		case *ast.Link:
			res.Links = append(res.Links, Link{Dest: original(n), Line: lines.inlineLine(n)})
		case *ast.Image:
			res.Links = append(res.Links, Link{Dest: original(n), Line: lines.inlineLine(n), Image: true, Alt: string(nodeText(n, src))})
		case *ast.AutoLink:
			res.Links = append(res.Links, Link{Dest: string(n.URL(src)), Line: lines.inlineLine(n)})
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return res
}
