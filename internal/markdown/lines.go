package markdown

import (
	"sort"

	"github.com/yuin/goldmark/ast"
)

// lineIndex converts byte offsets in the source to 1-based line numbers.
type lineIndex []int // offsets of line starts

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int { return sort.SearchInts(l, off+1) }

// blockLine is the line of a block node's first line of text.
func (l lineIndex) blockLine(n ast.Node) int {
	if lines := n.Lines(); lines != nil && lines.Len() > 0 {
		return l.line(lines.At(0).Start)
	}
	return 0
}

// inlineLine is the line of an inline node: the first text inside it, or else
// the enclosing block's line.
func (l lineIndex) inlineLine(n ast.Node) int {
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return l.line(off)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			return l.blockLine(p)
		}
	}
	return 0
}

// autoLinkLine is the line of an autolink. It has no text child to take the
// position from, but its label is a slice of src, whose offset its capacity
// gives away; inlineLine's fallback (the paragraph's first line) is the last resort.
func (l lineIndex) autoLinkLine(n *ast.AutoLink, src []byte) int {
	label := n.Label(src)
	if i := cap(src) - cap(label); len(label) > 0 && i >= 0 && i < len(src) && &src[i] == &label[0] {
		return l.line(i)
	}
	return l.inlineLine(n)
}
