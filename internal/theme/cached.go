package theme

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"text/template/parse"

	"github.com/uio-partner/portal/internal/diag"
)

// A layout declares a fragment cached by calling it with partialCached and
// the keys that decide it:
//
//	{{ partialCached "partials/nav.html" . .Lang.Code .SectionName .Kind }}
//
// The partial is then rendered once per distinct key and every page with
// that key shows the same bytes. So a cached partial may read only what its
// keys decide; anything else it reads would show the first page's value on
// every page. checkCached proves this when the theme loads, by following
// every read of the view in the partial (through with, range, variables and
// the partials it calls), and reports each read its keys do not decide as a
// layout error at the line of the read.

// dependence says what decides a name a layout reads from its view.
type dependence int

const (
	perPage dependence = iota // differs from page to page: only a key that is it decides it
	perSite                   // the same on every page
	perLang                   // decided by the language: a key .Lang.Code
)

// viewDeps says, for the View's fields and methods that do not depend on
// the page, what decides them. A name missing here depends on the page;
// that is the safe default for a field added later.
var viewDeps = map[string]dependence{
	"Site": perSite, "AbsURL": perSite, "ISODate": perSite, "ContactEmail": perSite,

	"Lang": perLang, "I": perLang, "T": perLang, "N": perLang, "TFor": perLang,
	"RelURL": perLang, "SiteTitle": perLang, "OrganisationName": perLang, "SiteDescription": perLang,
	"Date": perLang, "SourceDate": perLang, "FileSize": perLang, "Ref": perLang,
	"TopicLabel": perLang, "ContactURL": perLang, "TopicByID": perLang, "Promise": perLang, "TopicHint": perLang,
}

// decidedBy names the page-dependent view names that another one decides
// within a language: a view's Section is its language's section of that
// name, its Taxonomy likewise.
var decidedBy = map[string]string{
	"Section":   "SectionName",
	"IsSection": "SectionName",
	"Taxonomy":  "TaxonomyName",
}

// langKeys are the keys that name the language.
var langKeys = []string{"Lang.Code", "Lang"}

// ref is a path of names from the view (["Page", "Layout"] for .Page.Layout)
// and the node it was written at. A method called with constant arguments
// has them in the path, quoted: .Page.String "topic".
type ref struct {
	path []string
	node parse.Node
	tree *parse.Tree
}

// val is what a pipeline evaluates to, as far as the view goes: either
// exactly one path of the view (extended by .Field), or a value computed
// from the paths it read (a field of it reads them all), or a constant.
type val struct {
	refs  []ref
	exact bool
}

// cachedCall is the partialCached call whose partial is being followed.
type cachedCall struct {
	name string   // the partial
	at   string   // where it is called, layouts/file:line
	keys []string // the key paths, dotted ("Lang.Code")
	desc string   // the keys as written, for messages
}

// cacheChecker follows one layout set.
type cacheChecker struct {
	set     *layoutSet
	errs    diag.List
	seen    map[string]bool // reported: call and path
	visited map[string]bool // template, dot and call already followed
}

// scope is what a template's names mean where the walk is.
type scope struct {
	tree   *parse.Tree
	dot    val
	vars   map[string]val
	cached *cachedCall // nil outside a cached partial
}

func (s scope) with(dot val) scope {
	vars := make(map[string]val, len(s.vars))
	for k, v := range s.vars {
		vars[k] = v
	}
	s.dot, s.vars = dot, vars
	return s
}

// checkCached reports every read in a cached partial that the keys of its
// partialCached call do not decide, following each layout of ls from the
// base template down, with the view as the dot.
func checkCached(ls *layoutSet) diag.List {
	c := &cacheChecker{seen: map[string]bool{}}
	names := make([]string, 0, len(ls.sets))
	for n := range ls.sets {
		names = append(names, n)
	}
	sort.Strings(names)
	view := val{refs: []ref{{}}, exact: true}
	for _, n := range names {
		c.set = &layoutSet{base: ls.sets[n]}
		c.visited = map[string]bool{}
		c.template(baseTemplate, view, nil)
	}
	c.errs.Sort()
	return c.errs
}

// template follows the named template with dot as its dot and $.
func (c *cacheChecker) template(name string, dot val, cached *cachedCall) {
	tm := c.set.base.Lookup(name)
	if tm == nil || tm.Tree == nil {
		return // a missing template is the parser's or the renderer's to report
	}
	key := fmt.Sprintf("%s\x00%v\x00%p", name, paths(dot), cached)
	if c.visited[key] {
		return
	}
	c.visited[key] = true
	s := scope{tree: tm.Tree, dot: dot, vars: map[string]val{"$": dot}, cached: cached}
	c.list(tm.Tree.Root, s)
}

func (c *cacheChecker) list(l *parse.ListNode, s scope) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(n, s)
	}
}

// node follows one node; variables it declares are visible to the nodes
// after it in s.vars, as in text/template.
func (c *cacheChecker) node(n parse.Node, s scope) {
	switch n := n.(type) {
	case *parse.ActionNode:
		v := c.pipe(n.Pipe, s)
		if len(n.Pipe.Decl) == 0 {
			c.read(v, s) // printed
		}
	case *parse.IfNode:
		c.read(c.pipe(n.Pipe, s), s)
		c.list(n.List, s.with(s.dot))
		c.list(n.ElseList, s.with(s.dot))
	case *parse.WithNode:
		v := c.pipe(n.Pipe, s)
		c.read(v, s) // its truth decides what shows
		c.list(n.List, s.with(v))
		c.list(n.ElseList, s.with(s.dot))
	case *parse.RangeNode:
		v := c.range_(n.Pipe, s)
		c.list(n.List, s.with(v))
		c.list(n.ElseList, s.with(s.dot))
	case *parse.TemplateNode:
		arg := val{}
		if n.Pipe != nil {
			arg = c.pipe(n.Pipe, s)
		}
		c.template(n.Name, arg, s.cached)
	case *parse.ListNode:
		c.list(n, s)
	}
}

// range_ evaluates a range's pipeline: the list is read (its length shows),
// and each element is a field of it as far as what decides it goes.
func (c *cacheChecker) range_(p *parse.PipeNode, s scope) val {
	decl := p.Decl
	p2 := *p
	p2.Decl = nil
	v := c.pipe(&p2, s)
	c.read(v, s)
	switch len(decl) {
	case 1:
		s.vars[decl[0].Ident[0]] = v
	case 2:
		s.vars[decl[0].Ident[0]] = val{refs: v.refs} // the index
		s.vars[decl[1].Ident[0]] = v
	}
	return v
}

// pipe evaluates a pipeline and binds the variables it declares.
func (c *cacheChecker) pipe(p *parse.PipeNode, s scope) val {
	if p == nil {
		return val{}
	}
	var v val
	for i, cmd := range p.Cmds {
		next := c.command(cmd, s)
		if i > 0 {
			// The previous command's value is the last argument of this
			// one: the result is computed from both.
			next = val{refs: append(next.refs, v.refs...)}
		}
		v = next
	}
	for _, d := range p.Decl {
		s.vars[d.Ident[0]] = v
	}
	return v
}

// command evaluates one command of a pipeline.
func (c *cacheChecker) command(cmd *parse.CommandNode, s scope) val {
	if len(cmd.Args) == 0 {
		return val{}
	}
	args := cmd.Args[1:]
	switch first := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		if first.Ident == "partialCached" {
			c.partialCached(cmd, s)
			return val{} // proven the same for every page with its keys
		}
		// A function: what it returns is computed from its arguments,
		// each of which it reads.
		var out val
		for _, a := range args {
			out.refs = append(out.refs, c.arg(a, s).refs...)
		}
		return out
	case *parse.FieldNode:
		return c.method(c.extend(s.dot, first.Ident, first, s), args, s)
	case *parse.VariableNode:
		base, ok := s.vars[first.Ident[0]]
		if !ok {
			return val{}
		}
		if len(first.Ident) == 1 {
			return c.method(at(base, first, s), args, s)
		}
		return c.method(c.extend(base, first.Ident[1:], first, s), args, s)
	case *parse.ChainNode:
		return c.method(c.extend(c.arg(first.Node, s), first.Field, first, s), args, s)
	default:
		return c.arg(first, s)
	}
}

// method applies a method call's arguments to v, the method's path:
// constant arguments become part of the path (.Page.String "topic"), and
// any other makes the result computed from the path and the arguments.
func (c *cacheChecker) method(v val, args []parse.Node, s scope) val {
	if len(args) == 0 {
		return v
	}
	var quoted []string
	var from []ref
	for _, a := range args {
		switch a := a.(type) {
		case *parse.StringNode:
			quoted = append(quoted, a.Quoted)
		case *parse.NumberNode:
			quoted = append(quoted, a.Text)
		case *parse.BoolNode:
			quoted = append(quoted, fmt.Sprint(a.True))
		default:
			from = append(from, c.arg(a, s).refs...)
		}
	}
	if v.exact && len(from) == 0 {
		r := v.refs[0]
		r.path = append(append([]string{}, r.path...), quoted...)
		return val{refs: []ref{r}, exact: true}
	}
	return val{refs: append(append([]ref{}, v.refs...), from...)}
}

// arg evaluates an argument.
func (c *cacheChecker) arg(n parse.Node, s scope) val {
	switch n := n.(type) {
	case *parse.DotNode:
		return at(s.dot, n, s)
	case *parse.FieldNode:
		return c.extend(s.dot, n.Ident, n, s)
	case *parse.VariableNode:
		base, ok := s.vars[n.Ident[0]]
		if !ok {
			return val{}
		}
		if len(n.Ident) == 1 {
			return at(base, n, s)
		}
		return c.extend(base, n.Ident[1:], n, s)
	case *parse.ChainNode:
		return c.extend(c.arg(n.Node, s), n.Field, n, s)
	case *parse.PipeNode:
		return c.pipe(n, s)
	}
	return val{} // a constant
}

// at is v as written at node: a read of it is reported there.
func at(v val, node parse.Node, s scope) val {
	if !v.exact {
		return v
	}
	r := v.refs[0]
	r.node, r.tree = node, s.tree
	return val{refs: []ref{r}, exact: true}
}

// extend is v's field fields, written at node.
func (c *cacheChecker) extend(v val, fields []string, node parse.Node, s scope) val {
	if len(fields) == 0 {
		return v
	}
	if !v.exact {
		return v // a field of a computed value reads what it was computed from
	}
	r := ref{path: append(append([]string{}, v.refs[0].path...), fields...), node: node, tree: s.tree}
	return val{refs: []ref{r}, exact: true}
}

// partialCached checks the keys of a call and follows its partial with
// them; the keys themselves are read where the call is.
func (c *cacheChecker) partialCached(cmd *parse.CommandNode, s scope) {
	if len(cmd.Args) < 3 {
		return // rendering says what is missing
	}
	name, ok := cmd.Args[1].(*parse.StringNode)
	if !ok {
		return
	}
	call := &cachedCall{name: name.Text, at: position(s.tree, cmd)}
	var desc []string
	for _, k := range cmd.Args[3:] {
		v := c.arg(k, s)
		c.read(v, s)
		desc = append(desc, k.String())
		if v.exact {
			call.keys = append(call.keys, strings.Join(v.refs[0].path, "."))
		}
	}
	call.desc = strings.Join(desc, " ")
	if call.desc == "" {
		call.desc = "nothing"
	}
	c.template(name.Text, c.arg(cmd.Args[2], s), call)
}

// read notes that v's paths decide what a page shows; inside a cached
// partial each must be decided by the call's keys.
func (c *cacheChecker) read(v val, s scope) {
	if s.cached == nil {
		return
	}
	for _, r := range v.refs {
		if r.node == nil || !viewHas(first(r.path)) && len(r.path) > 0 || c.decided(r.path, s.cached) {
			continue
		}
		pos := position(r.tree, r.node)
		what := "." + showPath(r.path)
		if len(r.path) == 0 {
			what = "the whole view (.)"
		}
		// Once per call and path: the first read is the line to look at.
		if c.seen[s.cached.at+"\x00"+what] {
			continue
		}
		c.seen[s.cached.at+"\x00"+what] = true
		file, line, col := splitPos(pos)
		need := what
		if viewDeps[first(r.path)] == perLang {
			need = ".Lang.Code"
		} else if by := decidedBy[first(r.path)]; by != "" {
			need = "." + by
		}
		c.errs.Add(diag.Errorf(LayoutsDir+"/"+file, line, col,
			"%s is cached (partialCached at %s, keyed by %s) but reads %s, which can differ between pages that share the cached copy: add %s to the keys, or show it with template instead",
			s.cached.name, LayoutsDir+"/"+s.cached.at, s.cached.desc, what, need))
	}
}

// decided reports whether the call's keys decide path.
func (c *cacheChecker) decided(path []string, call *cachedCall) bool {
	if len(path) == 0 {
		return false
	}
	switch viewDeps[path[0]] {
	case perSite:
		return true
	case perLang:
		for _, k := range call.keys {
			for _, lk := range langKeys {
				if k == lk {
					return true
				}
			}
		}
		return false
	}
	dotted := strings.Join(path, ".")
	for _, k := range call.keys {
		if k == dotted || strings.HasPrefix(dotted, k+".") || k != "" && k == decidedBy[path[0]] {
			return true
		}
	}
	return false
}

// viewHas reports whether the view has a field or method name: a name it
// lacks fails when rendered, with a message that says so.
func viewHas(name string) bool {
	t := reflect.TypeOf(&View{})
	if _, ok := t.MethodByName(name); ok {
		return true
	}
	_, ok := t.Elem().FieldByName(name)
	return ok
}

func first(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[0]
}

// showPath writes a path as a layout does: .Page.String "topic".
func showPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if i > 0 {
			if strings.HasPrefix(p, `"`) || p[0] >= '0' && p[0] <= '9' || p == "true" || p == "false" {
				b.WriteByte(' ')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// paths are v's paths, for telling visits apart.
func paths(v val) []string {
	out := make([]string, len(v.refs))
	for i, r := range v.refs {
		out[i] = strings.Join(r.path, ".")
	}
	return out
}

// position is node's "name:line:col" in tree (col counted from 0).
func position(tree *parse.Tree, node parse.Node) string {
	loc, _ := tree.ErrorContext(node)
	return loc
}
