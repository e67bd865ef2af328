package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	tdparse "github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
	"github.com/uio-partner/portal/internal/diag"
)

// A slip is output a visitor could never make sense of, which Go's
// templates and fmt write instead of failing: "1 page%!(EXTRA int=1)",
// "<no value>", a link to nowhere (href="" or href="#"). Markup checks pass
// them, so the build looks for them in every page it writes and names the
// layout line that printed each (RenderChecked). A count shown without its
// plural rule is refused where it is formatted (View.N, View.T).

var (
	// noValue is text/template's "<no value>" and fmt's "<nil>", as
	// written or escaped (html/template prints a nil link as %3cnil%3e).
	noValue = regexp.MustCompile(`(?:<|&lt;|&#60;|%3[cC]|\\u003[cC]|\\x3[cC])(?:no(?: |%20|&#32;|\+)value|nil)(?:>|&gt;|&#62;|%3[eE]|\\u003[eE]|\\x3[eE])`)
	// hrefBefore and hrefAfter find an action that is a link's whole
	// address in a layout: href="{{ .URL }}".
	hrefBefore = regexp.MustCompile(`(?i)\shref\s*=\s*["']?$`)
	hrefAfter  = regexp.MustCompile(`^["'\s>]`)
	// hrefLiteral is an empty or "#" link written into a layout.
	hrefLiteral = regexp.MustCompile(`(?i)\shref\s*=\s*(""|''|"#"|'#')`)
)

// slip kinds, as messages name them.
const (
	slipFormat  = "a Go format slip"
	slipNoValue = "a missing value"
	slipEmpty   = "a link to nowhere"
)

// SlipKind is the kind of slip d reports, if RenderChecked found it, or "".
func SlipKind(d *diag.Diagnostic) string {
	for _, kind := range []string{slipFormat, slipNoValue, slipEmpty} {
		if strings.HasPrefix(d.Msg, kind+" (rendering ") {
			return kind
		}
	}
	return ""
}

// findSlips returns the kinds of slip in a rendered page, each with an
// example, or nil: the check every page goes through, so the usual case (none)
// is a few scans of the bytes.
func findSlips(out []byte) map[string]string {
	var found map[string]string
	add := func(kind, example string) {
		if found == nil {
			found = map[string]string{}
		}
		if _, ok := found[kind]; !ok {
			found[kind] = example
		}
	}
	if i := formatSlipAt(out); i >= 0 {
		add(slipFormat, slipExample(out, i))
	}
	if bytes.Contains(out, []byte("value")) || bytes.Contains(out, []byte("nil")) {
		if loc := noValue.FindIndex(out); loc != nil {
			add(slipNoValue, string(out[loc[0]:loc[1]]))
		}
	}
	if mayLinkNowhere(out) {
		if ex := emptyLinks(out); ex != "" {
			add(slipEmpty, ex)
		}
	}
	return found
}

// formatSlipAt is where fmt's complaint first starts in out, or -1:
// %!d(string=x), %!(EXTRA int=1), %!s(MISSING), as written, or %-encoded
// in an address (%25!). A "%!" followed by a space ("grew by 30%!") is not
// one. One pass over the page's (rare) '%' bytes, since every page goes
// through it; the printing actions' values are judged by it too.
func formatSlipAt(out []byte) int {
	for off := 0; ; {
		i := bytes.IndexByte(out[off:], '%')
		if i < 0 {
			return -1
		}
		i += off
		rest := out[i+1:]
		rest = bytes.TrimPrefix(rest, []byte("25"))
		if len(rest) > 0 && rest[0] == '!' {
			rest = rest[1:]
			if len(rest) > 0 && ('a' <= rest[0] && rest[0] <= 'z' || 'A' <= rest[0] && rest[0] <= 'Z') {
				rest = rest[1:]
			}
			if len(rest) > 0 && rest[0] == '(' {
				return i
			}
		}
		off = i + 1
	}
}

// slipExample is the text around a slip at i, for the message.
func slipExample(out []byte, i int) string {
	end := i + 40
	if end > len(out) {
		end = len(out)
	}
	s := string(out[i:end])
	if j := strings.IndexAny(s, ")<\""); j >= 0 {
		s = s[:j+1]
	}
	return strings.TrimSuffix(strings.TrimSuffix(s, "<"), "\"")
}

// nowhereAfterHref are how an empty or "#" link goes on after "href", as
// html/template and the minifier write it (an empty value minified is a
// bare href).
var nowhereAfterHref = [][]byte{[]byte(`=""`), []byte(`="#"`), []byte(`=''`), []byte(`='#'`),
	[]byte(`=#>`), []byte(`=# `), []byte(`>`), []byte(` `)}

// mayLinkNowhere finds a page that may hold an empty or "#" link in one
// pass over its hrefs (not one search of the page per way of writing it:
// every page is scanned, so this is on the build's hot path); the HTML
// lexer then says whether it does (emptyLinks).
func mayLinkNowhere(out []byte) bool {
	for {
		i := bytes.Index(out, []byte("href"))
		if i < 0 {
			return false
		}
		out = out[i+len("href"):]
		for _, h := range nowhereAfterHref {
			if bytes.HasPrefix(out, h) {
				return true
			}
		}
	}
}

// emptyLinks returns the first link in out whose address is empty or "#",
// as `href=""` or `href="#"`, or "".
func emptyLinks(out []byte) string {
	l := html.NewLexer(tdparse.NewInputBytes(out))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.AttributeToken:
			if !strings.EqualFold(string(l.AttrKey()), "href") {
				continue
			}
			val := strings.TrimSpace(strings.Trim(string(l.AttrVal()), `"'`))
			if val == "" || val == "#" {
				return `href="` + val + `"`
			}
		}
	}
}

// literalSlips reports the empty and "#" links written into the layouts
// themselves (files: path under layouts/ -> source): every page that shows
// them would be refused, so they are refused once, when the theme loads.
func literalSlips(files map[string]string) diag.List {
	var errs diag.List
	for name, src := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefLiteral.FindAllStringSubmatchIndex(src, -1) {
			line, col := lineCol(src, m[0]+1)
			errs.Add(diag.Errorf(LayoutsDir+"/"+name, line, col, "%s: href=%s leads nowhere; link to a page, or write no link", slipEmpty, src[m[2]:m[3]]))
		}
	}
	errs.Sort()
	return errs
}

// lineCol is the 1-based line and column of byte offset i in src.
func lineCol(src string, i int) (line, col int) {
	line = 1 + strings.Count(src[:i], "\n")
	return line, i - strings.LastIndexByte(src[:i], '\n')
}

// RenderChecked is Render for a page the build publishes: a page whose
// output holds a slip is refused, with the layout line that printed each
// (see findSlips).
func (t *Theme) RenderChecked(buf *bytes.Buffer, v *View, srcFile string, names ...string) error {
	start := buf.Len()
	if err := t.Render(buf, v, srcFile, names...); err != nil {
		return err
	}
	kinds := findSlips(buf.Bytes()[start:])
	if kinds == nil {
		return nil
	}
	name, _ := t.lookup(names...)
	return t.locateSlips(name, v, srcFile, kinds)
}

// locateSlips renders v again with the layouts as written, each printing
// action instrumented (see instrument), and turns what the actions printed
// into diagnostics at their lines. A slip no action printed is reported at
// the layout, with what was found.
func (t *Theme) locateSlips(name string, v *View, srcFile string, kinds map[string]string) error {
	p := t.probes.Get().(*probe)
	defer t.probes.Put(p)
	if p.err != nil {
		return diag.Errorf(LayoutsDir+"/"+name, 0, 0, "the page shows %s; finding the line failed: %v", strings.Join(sortedKeys(kinds), ", "), p.err)
	}
	p.found = p.found[:0]
	dv := *v
	dv.layouts = p.set
	if err := p.set.render(&bytes.Buffer{}, name, &dv); err != nil {
		return templateError(err)
	}
	on := v.URL
	if srcFile != "" {
		on = srcFile
	}
	var errs diag.List
	seen := map[string]bool{}
	unplaced := map[string]bool{}
	for kind := range kinds {
		unplaced[kind] = true
	}
	for _, f := range p.found {
		// A kind the page does not show (a nil link html/template wrote as
		// href="") is not reported under another name.
		if _, shown := kinds[f.kind]; !shown || seen[f.pos+f.kind] {
			continue
		}
		seen[f.pos+f.kind] = true
		file, line, col := splitPos(f.pos)
		errs.Add(diag.Errorf(LayoutsDir+"/"+file, line, col, "%s (rendering %s): %s", f.kind, on, f.detail))
		delete(unplaced, f.kind)
	}
	for _, kind := range sortedKeys(unplaced) {
		errs.Add(diag.Errorf(LayoutsDir+"/"+name, 0, 0, "%s (rendering %s): the page shows %q", kind, on, kinds[kind]))
	}
	return errs.Err()
}

// splitPos reads text/template's "name:line:col" (col counted from 0).
func splitPos(pos string) (file string, line, col int) {
	parts := strings.Split(pos, ":")
	if len(parts) < 3 {
		return pos, 0, 0
	}
	file = strings.Join(parts[:len(parts)-2], ":")
	line, _ = strconv.Atoi(parts[len(parts)-2])
	col, _ = strconv.Atoi(parts[len(parts)-1])
	return file, line, col + 1
}

// probe is a copy of the layouts as written whose every printing action
// reports the slips it prints into found. A probe renders one page at a
// time; the theme keeps a pool of them, made on the first slip.
type probe struct {
	set   *layoutSet
	err   error // the layouts could not be parsed again
	found []slipAt
}

// slipAt is a slip an action printed.
type slipAt struct {
	pos, kind, detail string
}

// newProbe parses files (the layouts as written) into an instrumented set.
func (t *Theme) newProbe() *probe {
	p := &probe{}
	funcs := template.FuncMap{
		"partialCached": func(name string, data any, _ ...any) (template.HTML, error) {
			var b strings.Builder
			err := p.set.base.ExecuteTemplate(&b, name, data)
			return template.HTML(b.String()), err // produced by html/template: already escaped
		},
		slipFunc: func(pos, ctx string, v any) any {
			p.note(pos, ctx, v)
			return v
		},
	}
	set, err := parseLayouts(t.files, funcs)
	if err != nil {
		p.err = err // the same files parsed when the theme loaded: not expected
		return p
	}
	all := []*template.Template{set.base}
	for _, s := range set.sets {
		all = append(all, s)
	}
	for _, s := range all {
		for _, tm := range s.Templates() {
			if tm.Tree != nil {
				instrument(tm.Tree, tm.Tree.Root)
			}
		}
	}
	p.set = set
	return p
}

// slipFunc is the function instrument adds to every printing action.
const slipFunc = "_portalSlip"

// note records the slip, if any, that the action at pos printed: v is what
// it printed, ctx "href" when v is a link's whole address.
func (p *probe) note(pos, ctx string, v any) {
	s := ""
	if v != nil {
		s = fmt.Sprint(v)
	}
	if ctx == "href" && (strings.TrimSpace(s) == "" || strings.TrimSpace(s) == "#") {
		p.found = append(p.found, slipAt{pos, slipEmpty, fmt.Sprintf("href=%q leads nowhere; print the link only when it has an address ({{ with }})", s)})
	}
	if i := formatSlipAt([]byte(s)); i >= 0 {
		p.found = append(p.found, slipAt{pos, slipFormat, fmt.Sprintf("it prints %q: the format and its arguments do not match", slipExample([]byte(s), i))})
	}
	if m := noValue.FindString(s); m != "" {
		m = "<no value>"
		if strings.Contains(s, "nil") {
			m = "<nil>"
		}
		p.found = append(p.found, slipAt{pos, slipNoValue, fmt.Sprintf("it prints Go's %s where a value is missing; show it only when it is there ({{ with }})", m)})
	}
}

// instrument adds the slip function to every action in list that prints,
// passing its position and whether it is a link's whole address.
func instrument(tree *parse.Tree, list *parse.ListNode) {
	if list == nil {
		return
	}
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 {
				continue // {{ $x := … }} prints nothing
			}
			ctx := ""
			if i > 0 && i+1 < len(list.Nodes) {
				before, ok1 := list.Nodes[i-1].(*parse.TextNode)
				after, ok2 := list.Nodes[i+1].(*parse.TextNode)
				if ok1 && ok2 && hrefBefore.Match(before.Text) && hrefAfter.Match(after.Text) {
					ctx = "href"
				}
			}
			pos, _ := tree.ErrorContext(n)
			id := parse.NewIdentifier(slipFunc).SetTree(tree).SetPos(n.Pos)
			cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{
				id,
				&parse.StringNode{NodeType: parse.NodeString, Pos: n.Pos, Quoted: strconv.Quote(pos), Text: pos},
				&parse.StringNode{NodeType: parse.NodeString, Pos: n.Pos, Quoted: strconv.Quote(ctx), Text: ctx},
			}}
			n.Pipe.Cmds = append(n.Pipe.Cmds, cmd)
		case *parse.IfNode:
			instrument(tree, n.List)
			instrument(tree, n.ElseList)
		case *parse.RangeNode:
			instrument(tree, n.List)
			instrument(tree, n.ElseList)
		case *parse.WithNode:
			instrument(tree, n.List)
			instrument(tree, n.ElseList)
		case *parse.ListNode:
			instrument(tree, n)
		}
	}
}

// probePool makes probes for t as they are needed.
func probePool(t *Theme) *sync.Pool {
	return &sync.Pool{New: func() any { return t.newProbe() }}
}

// sortedKeys are m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
