package markdown

import (
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// outliner is the site's parser without the extensions that cannot change a
// document's headings or its links as written: tables, strikethrough and task
// lists only change how inline text renders, and linkify only finds bare
// addresses of other sites. Linkify alone is a fifth of the parsing time.
var outliner = sync.OnceValue(func() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100)),
		// Footnote definitions hold links, and without the extension
		// "[^1]: text" would read as a link definition.
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithInlineParsers(util.Prioritized(extension.NewFootnoteParser(), 101)),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
})

// Outline parses src and returns its links and headings, as Render would,
// without rendering HTML or collecting text: `portal check` needs only
// these, for every page of the site, and rendering is most of the cost.
func (r *Renderer) Outline(src []byte) *Result {
	pc := r.context()
	doc := outliner().Parse(text.NewReader(src), parser.WithContext(pc))
	defer docOriginals.Delete(doc.(*ast.Document))
	res := &Result{}
	lines := newLineIndex(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		res.record(n, src, lines)
		switch n.(type) {
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return res
}

// record adds n to the headings or links of the result, if it is one; Render
// and Outline share it so that both report the same places.
func (res *Result) record(n ast.Node, src []byte, lines lineIndex) {
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
		res.Links = append(res.Links, Link{Dest: string(n.URL(src)), Line: lines.autoLinkLine(n, src)})
	}
}
