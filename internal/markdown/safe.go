package markdown

import (
	"fmt"
	"github.com/yuin/goldmark"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// guard is the site's safety add-on to goldmark, as one Extender: the
// link guard below, and renderers that show raw HTML as text, drop unsafe
// autolinks and size pictures. Its results (the destinations as written)
// stay in the parser context, with the document they belong to.
type guard struct{}

func (guard) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100)))
	// Lower numbers win: these replace the default renderers of raw HTML,
	// autolinks and images.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100)))
}

var originalKey = parser.NewContextKey()

// originals returns the destinations as written, by node, that the link
// guard kept in pc.
func originals(pc parser.Context) map[ast.Node]string {
	m, _ := pc.Get(originalKey).(map[ast.Node]string)
	return m
}

// linkGuard rewrites link and image destinations: author paths are resolved
// to site URLs, and any scheme other than http, https, mailto and tel (for
// images: http and https) is removed, so "javascript:" and "data:" links
// become inert. It records each destination, references resolved, for link
// checking.
type linkGuard struct{}

func (linkGuard) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	resolve, _ := pc.Get(resolverKey).(Resolver)
	find, _ := pc.Get(imagesKey).(ImageFinder)
	originals := map[ast.Node]string{}
	pc.Set(originalKey, originals)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest, image = &n.Destination, true
		default:
			return ast.WalkContinue, nil
		}
		d := string(*dest)
		// goldmark keeps character references and backslash escapes in the
		// destination and resolves them only when writing the attribute, so
		// "&#106;avascript:" must be judged as the browser will read it.
		decoded := decodeDest(*dest)
		originals[n] = decoded
		if !SafeURL(decoded, image) {
			*dest = nil
			return ast.WalkContinue, nil
		}
		if image && find != nil {
			if pic, ok := find(decoded); ok {
				// The picture's addresses are the site's own, made by the
				// model; they are escaped when written all the same.
				*dest = []byte(pic.Src)
				n.SetAttributeString("width", strconv.Itoa(pic.Width))
				n.SetAttributeString("height", strconv.Itoa(pic.Height))
				if pic.SrcSet != "" {
					n.SetAttributeString("srcset", pic.SrcSet)
					n.SetAttributeString("sizes", pic.Sizes)
				}
				return ast.WalkContinue, nil
			}
		}
		if resolve != nil {
			*dest = []byte(resolve(d))
		}
		return ast.WalkContinue, nil
	})
}

// decodeDest resolves backslash escapes and character references in a
// destination, as goldmark's renderer does before writing href or src.
func decodeDest(d []byte) string {
	c := append([]byte(nil), d...)
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(c))))
}

// SafeURL reports whether dest may appear in an href or src. Browsers ignore
// control characters and spaces inside a scheme ("java\tscript:"), so they are
// dropped before the scheme is read.
func SafeURL(dest string, image bool) bool {
	clean := strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, dest)
	colon := strings.IndexByte(clean, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(clean, "/?#"); i >= 0 && i < colon {
		return true // the colon is in a path, query or fragment: relative URL
	}
	switch strings.ToLower(clean[:colon]) {
	case "http", "https":
		return true
	case "mailto", "tel":
		return !image
	}
	return false
}

// safeRenderer replaces goldmark's renderers for raw HTML and autolinks: raw
// HTML is shown as text, and autolinks with unsafe schemes are not links.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
}

// renderImage writes images lazily loaded (most are below the fold) and
// shows the alt text alone when the source was unsafe and removed. A
// picture with WebP sizes becomes <picture>, whose <img> is the fallback.
func renderImage(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	img := n.(*ast.Image)
	alt := nodeText(img, src)
	if len(img.Destination) == 0 {
		_, _ = w.Write(util.EscapeHTML(alt))
		return ast.WalkSkipChildren, nil
	}
	srcset, picture := img.AttributeString("srcset")
	if picture {
		sizes, _ := img.AttributeString("sizes")
		_, _ = w.WriteString(`<picture><source type="image/webp" srcset="`)
		_, _ = w.Write(util.EscapeHTML([]byte(srcset.(string))))
		_, _ = w.WriteString(`" sizes="`)
		_, _ = w.Write(util.EscapeHTML([]byte(sizes.(string))))
		_, _ = w.WriteString(`">`)
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(img.Destination, true)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(util.EscapeHTML(alt))
	_ = w.WriteByte('"')
	if img.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(img.Title))
		_ = w.WriteByte('"')
	}
	for _, a := range []string{"width", "height"} {
		if v, ok := img.AttributeString(a); ok {
			fmt.Fprintf(w, ` %s="%s"`, a, v) // set by the linkGuard: digits only
		}
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async">`)
	if picture {
		_, _ = w.WriteString(`</picture>`)
	}
	return ast.WalkSkipChildren, nil
}

func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	_, _ = w.WriteString("<p>")
	l := b.Lines()
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	if b.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func renderAutoLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	a := n.(*ast.AutoLink)
	url, label := a.URL(src), a.Label(src)
	if !SafeURL(string(url), false) {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	if a.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(string(url)), "mailto:") {
		_, _ = w.WriteString("mailto:")
	}
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(url, false)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}
