// Package markdown is the one goldmark pipeline of the site: GitHub-flavoured
// Markdown, heading ids, links limited to safe schemes, raw HTML shown as
// text, and a record of links, images and headings for the build and check.
//
// Contributed Markdown must never put script on the site, so safety is part of
// the pipeline (an AST transformer and node renderers), not a regex afterwards.
package markdown

import (
	"bufio"
	"bytes"
	"github.com/uio-partner/portal/internal/slug"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Link is a link or image destination found in a document.
type Link struct {
	Dest  string // as written (after entity decoding)
	Line  int    // 1-based line within the Markdown source
	Image bool
	Alt   string // images only: the alt text
}

// Heading is one heading of a document.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
	// Offset is where the heading starts in Result.Text (Render only), so
	// search can tell which heading a word of the text is under.
	Offset int
}

// Result is a rendered document.
type Result struct {
	HTML     []byte
	Text     string // plain text, for search and descriptions
	Links    []Link
	Headings []Heading
	// Prose are the parts of the source that readers see as text (not
	// code, addresses or markup), as byte ranges of the source, joined
	// where only white space is between them: OutlineProse fills it.
	Prose []Span
}

// Span is the bytes Start:End of a document's source.
type Span struct{ Start, End int }

// Resolver maps a link destination written by an author to the URL the site
// serves (for example a relative "../pathways/x.md" to "/pathways/x/"). It
// returns dest unchanged when it has nothing to say.
type Resolver func(dest string) string

// Picture is how the page shows one of its text's images: the address of
// the picture every browser reads (JPEG or PNG, or the file itself), its
// size, and the WebP sizes for <picture> (none: a plain <img>).
type Picture struct {
	Src           string
	Width, Height int
	SrcSet        string // "/a-480.webp 480w, /a-960.webp 960w"; "" for none
	Sizes         string // the sizes attribute, with SrcSet
}

// ImageFinder returns how to show the image written as dest (before any
// resolving), or false to show it at its resolved address without a size
// (another site's picture, or one that cannot be read: portal check says so).
type ImageFinder func(dest string) (Picture, bool)

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	reserved map[string]bool // ids heading ids must not take
}

// Option configures a Renderer.
type Option func(*Renderer)

// ReservedIDs keeps generated heading ids clear of ids the layouts use: a
// "# Main" heading becomes id="main-1", not a second id="main" that would
// capture the skip link. Authors' links to the heading use the same id.
func ReservedIDs(ids ...string) Option {
	return func(r *Renderer) {
		if r.reserved == nil {
			r.reserved = map[string]bool{}
		}
		for _, id := range ids {
			r.reserved[id] = true
		}
	}
}

// New returns the site's Markdown renderer.
func New(opts ...Option) *Renderer {
	r := &Renderer{md: newGoldmark()}
	for _, o := range opts {
		o(r)
	}
	return r
}

// context returns a parser context whose heading ids follow the site's one
// rule (headingIDs), clear of r.reserved.
func (r *Renderer) context() parser.Context {
	return parser.NewContext(parser.WithIDs(&headingIDs{used: map[string]bool{}, reserved: r.reserved}))
}

// headingIDs makes a heading's id with slug.Make, the rule of page
// addresses, so no letter is lost ("Når du trenger en" → nar-du-trenger-en;
// goldmark's own drops å). A repeated or reserved id is numbered (main,
// main-1, main-2), so "# Main" gets main-1 when the layouts use main.
type headingIDs struct {
	used     map[string]bool
	reserved map[string]bool
}

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "heading"
	}
	id := base
	for i := 1; h.used[id] || h.reserved[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put marks an id written by the author ({#id}) as used.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

func newGoldmark() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, guard{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

var (
	resolverKey = parser.NewContextKey()
	imagesKey   = parser.NewContextKey()
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render converts src to HTML and collects its links, headings and text.
// find, when given, says how to show the document's images (their sizes,
// and <picture> with WebP sizes).
func (r *Renderer) Render(src []byte, resolve Resolver, find ...ImageFinder) (*Result, error) {
	pc := r.context()
	if resolve != nil {
		pc.Set(resolverKey, resolve)
	}
	if len(find) > 0 && find[0] != nil {
		pc.Set(imagesKey, find[0])
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	res := &Result{}
	lines := newLineIndex(src)
	written := originals(pc)
	var plain strings.Builder
	plain.Grow(len(src)) // the text is at most the source, give or take a space per block
	var nowhere []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && plain.Len() > 0 {
				plain.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		res.record(n, src, lines, written)
		switch n := n.(type) {
		case *ast.Heading:
			res.Headings[len(res.Headings)-1].Offset = plain.Len()
		case *ast.Link:
			if d := n.Destination; len(d) == 0 || string(d) == "#" {
				nowhere = append(nowhere, n)
			}
		case *ast.AutoLink:
			// An autolink's text is not a child node: add its label here, or
			// "write to post@example.org" loses the address in search.
			plain.Write(n.Label(src))
		case *ast.Text:
			plain.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				plain.WriteByte(' ')
			}
		case *ast.String:
			plain.Write(n.Value)
		case *ast.CodeSpan:
			plain.Write(nodeText(n, src))
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			l := n.Lines()
			for i := 0; i < l.Len(); i++ {
				seg := l.At(i)
				plain.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	unwrap(nowhere)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	// goldmark wraps a writer that is not a util.BufWriter in a new 4 KB
	// bufio.Writer on every call; hand it a pooled one.
	w := bufWriters.Get().(*bufio.Writer)
	w.Reset(buf)
	defer bufWriters.Put(w)
	if err := r.md.Renderer().Render(w, src, doc); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	res.HTML = append([]byte(nil), buf.Bytes()...)
	offsets := make([]*int, len(res.Headings))
	for i := range res.Headings {
		offsets[i] = &res.Headings[i].Offset
	}
	res.Text = collapseSpace(plain.String(), offsets)
	return res, nil
}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// collapseSpace is strings.Join(strings.Fields(s), " ") in one allocation:
// the words are copied a run at a time, not byte by byte. offsets, in
// increasing order, are byte offsets into s, moved to the same places in
// the result.
func collapseSpace(s string, offsets []*int) string {
	var b strings.Builder
	b.Grow(len(s))
	word := -1 // start of the current word, or -1 between words
	for i := 0; i < len(s); {
		for len(offsets) > 0 && *offsets[0] <= i {
			// the next word starts here or later: after its separating space
			at := b.Len()
			if at > 0 {
				at++ // the space before the next word
			}
			if word >= 0 {
				at += i - word
			}
			*offsets[0] = at
			offsets = offsets[1:]
		}
		c := s[i]
		size := 1
		space := false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && word >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[word:i])
			word = -1
		case !space && word < 0:
			word = i
		}
		i += size
	}
	if word >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[word:])
	}
	for _, o := range offsets {
		*o = b.Len()
	}
	return b.String()
}

// asciiSpace are the ASCII bytes unicode.IsSpace (and strings.Fields) treat as space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// nodeText is the text content of an inline container (heading, link, image).
func nodeText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if t, ok := ch.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

// unwrap replaces each link by its text. A link to nowhere (empty, "#", or
// an unsafe address the guard removed) would take a visitor nowhere, and
// the build refuses a page that shows one (the theme's slip gate); its
// text stays. The links were recorded first, so portal check still names
// them.
func unwrap(links []*ast.Link) {
	for _, l := range links {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}
