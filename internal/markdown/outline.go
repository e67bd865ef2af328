package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// outliner is the site's parser without the extensions that cannot change a
// document's headings or its links as written: tables, strikethrough and task
// lists only change how inline text renders, and linkify only finds bare
// addresses of other sites. Linkify alone is a fifth of the parsing time.
// Footnote definitions hold links, and without the extension "[^1]: text"
// would read as a link definition. The guard is the same add-on Render
// uses, so both see the same destinations.
var outliner = sync.OnceValue(func() parser.Parser {
	return goldmark.New(
		goldmark.WithExtensions(extension.Footnote, guard{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	).Parser()
})

// Outline parses src and returns its links and headings, as Render would,
// without rendering HTML or collecting text: `portal check` needs only
// these, for every page of the site, and rendering is most of the cost.
func (r *Renderer) Outline(src []byte) *Result { return r.outline(src, false) }

// OutlineProse is Outline that also finds the document's prose, for a
// lint of its words.
func (r *Renderer) OutlineProse(src []byte) *Result { return r.outline(src, true) }

func (r *Renderer) outline(src []byte, prose bool) *Result {
	pc := r.context()
	doc := outliner().Parse(text.NewReader(src), parser.WithContext(pc))
	res := &Result{}
	lines := newLineIndex(src)
	written := originals(pc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		res.record(n, src, lines, written)
		if t, ok := n.(*ast.Text); ok && prose {
			res.addProse(src, t.Segment.Start, t.Segment.Stop)
		}
		switch n.(type) {
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return res
}

// addProse adds the source's bytes start:stop to the prose, joined to the
// span before when only white space (a line break) is between them, so
// that a phrase broken over two lines is read as one.
func (res *Result) addProse(src []byte, start, stop int) {
	if start >= stop {
		return
	}
	if n := len(res.Prose); n > 0 {
		last := &res.Prose[n-1]
		if last.End <= start && len(bytes.TrimSpace(src[last.End:start])) == 0 {
			last.End = stop
			return
		}
	}
	res.Prose = append(res.Prose, Span{start, stop})
}

// record adds n to the headings or links of the result, if it is one; Render
// and Outline share it so that both report the same places. written are
// the link destinations as the author wrote them (see linkGuard).
func (res *Result) record(n ast.Node, src []byte, lines lineIndex, written map[ast.Node]string) {
	switch n := n.(type) {
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		idb, _ := id.([]byte)
		res.Headings = append(res.Headings, Heading{Level: n.Level, ID: string(idb), Text: string(nodeText(n, src)), Line: lines.blockLine(n)})
	case *ast.Link:
		res.Links = append(res.Links, Link{Dest: written[n], Line: lines.inlineLine(n)})
	case *ast.Image:
		res.Links = append(res.Links, Link{Dest: written[n], Line: lines.inlineLine(n), Image: true, Alt: string(nodeText(n, src))})
	case *ast.AutoLink:
		res.Links = append(res.Links, Link{Dest: string(n.URL(src)), Line: lines.autoLinkLine(n, src)})
	}
}
