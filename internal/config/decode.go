package config

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// site.yaml is decoded here from its yaml.Node tree, guided by the yaml tags
// of Config, rather than by yaml.v3's Decode: so that every problem is
// reported at its own line and column, in the site's words ("unknown
// setting", "a list is expected here") instead of Go's ("field x not found
// in type config.Config", "cannot unmarshal !!str into []string"), and all
// of them at once. A field added to Config, or to a type under it, is read
// with no change here.

// maxDepth bounds how deep decoding goes through nested values and aliases;
// site.yaml's own types are four levels deep.
const maxDepth = 32

// decoder decodes one document, collecting its problems.
type decoder struct {
	list diag.List
	// unsettled lists the paths of settings ("sections.2.required") whose
	// value is missing or unreadable because of a problem already reported,
	// so validation does not report the same problem again in other words.
	unsettled []string
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.list.Add(diag.Errorf(FileName, n.Line, n.Column, format, args...))
}

// pathJoin appends a key or a list index to a dotted settings path.
func pathJoin(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// pathLast returns the last segment of path.
func pathLast(path string) string {
	return path[strings.LastIndexByte(path, '.')+1:]
}

// listIndex returns i when the last segment of path is a list index.
func listIndex(path string) (int, bool) {
	i, err := strconv.Atoi(pathLast(path))
	return i, err == nil && path != ""
}

var (
	localizedType   = reflect.TypeFor[Localized]()
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decode stores the value of n in v, which is settable; path names the
// setting for messages.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, depth int) {
	n, ok := d.resolve(n, depth)
	if !ok || isNull(n) {
		return // an empty value leaves the zero value, as in yaml.v3
	}
	t := v.Type()
	switch {
	case t == localizedType:
		d.decodeText(n, v, path, depth)
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), path, depth+1)
		v.Set(p)
	case t.Kind() == reflect.Interface, t == timeType, reflect.PointerTo(t).Implements(unmarshalerType), reflect.PointerTo(t).Implements(textUnmarshaler):
		d.decodeWithYAML(n, v, path)
	case t.Kind() == reflect.Struct:
		d.decodeStruct(n, v, path, depth)
	case t.Kind() == reflect.Slice:
		d.decodeList(n, v, path, depth)
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		d.decodeMap(n, v, path, depth)
	default:
		d.decodeScalar(n, v, path)
	}
}

// resolve follows an alias to the node it names.
func (d *decoder) resolve(n *yaml.Node, depth int) (*yaml.Node, bool) {
	for n.Kind == yaml.AliasNode && n.Alias != nil && depth <= maxDepth {
		n, depth = n.Alias, depth+1
	}
	if depth > maxDepth {
		d.errorf(n, "values are nested too deeply here (through aliases?)")
		return n, false
	}
	return n, true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// pair is one key and value of a mapping; merged says it came from a
// "<<: *anchor" merge rather than the mapping itself.
type pair struct {
	key, value *yaml.Node
	merged     bool
}

// pairs lists the keys and values of mapping n, those merged in with "<<"
// first so that the mapping's own keys override them, as YAML wants.
func (d *decoder) pairs(n *yaml.Node, depth int) []pair {
	var merged, own []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!merge" {
			own = append(own, pair{key: k, value: v})
			continue
		}
		v, ok := d.resolve(v, depth)
		if !ok {
			continue
		}
		from := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			from = v.Content
		}
		for _, m := range from {
			m, ok := d.resolve(m, depth)
			if !ok {
				continue
			}
			if depth >= maxDepth {
				d.errorf(m, "values are nested too deeply here (through aliases?)")
				continue
			}
			if m.Kind != yaml.MappingNode {
				d.errorf(m, "<<: a map (key: value) to merge in is expected here, not %s", found(m))
				continue
			}
			for _, p := range d.pairs(m, depth+1) {
				p.merged = true
				merged = append(merged, p)
			}
		}
	}
	return append(merged, own...)
}

// keyName returns the text of a mapping key, reporting a key that is not text.
func (d *decoder) keyName(k *yaml.Node) (string, bool) {
	if k.Kind != yaml.ScalarNode {
		d.errorf(k, "a setting name is expected here, not %s", found(k))
		return "", false
	}
	return k.Value, true
}

// duplicate reports a key the mapping already had, with the line of the
// first; yaml.v3 refused duplicates too.
func (d *decoder) duplicate(seen map[string]*yaml.Node, p pair, name, what string) bool {
	if p.merged {
		return false
	}
	if first, ok := seen[name]; ok {
		d.errorf(p.key, "%s %q is given twice: it is also on line %d", what, name, first.Line)
		return true
	}
	seen[name] = p.key
	return false
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.wrongKind(n, v.Type(), path)
		return
	}
	fields := fieldsOf(v.Type())
	ps := d.pairs(n, depth)
	seen := map[string]*yaml.Node{}
	for i, p := range ps {
		name, ok := d.keyName(p.key)
		if !ok {
			continue
		}
		f, known := fields.byName[name]
		if !known {
			d.unknownSetting(n, ps, i, v.Type(), fields, path)
			continue
		}
		if d.duplicate(seen, p, name, "setting") {
			continue
		}
		d.decode(p.value, v.FieldByIndex(f), pathJoin(path, name), depth+1)
	}
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.wrongKind(n, v.Type(), path)
		return
	}
	t := v.Type()
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
	}
	seen := map[string]*yaml.Node{}
	for _, p := range d.pairs(n, depth) {
		name, ok := d.keyName(p.key)
		if !ok || d.duplicate(seen, p, name, "key") {
			continue
		}
		e := reflect.New(t.Elem()).Elem()
		d.decode(p.value, e, pathJoin(path, name), depth+1)
		v.SetMapIndex(reflect.ValueOf(name).Convert(t.Key()), e)
	}
}

func (d *decoder) decodeList(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.SequenceNode {
		d.wrongKind(n, v.Type(), path)
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), pathJoin(path, strconv.Itoa(i)), depth+1)
	}
	v.Set(s)
}

// decodeText reads a Localized: a text for every language, or a map of
// language code to text. Which codes are languages of the site is checked
// by validate, once all of site.yaml is read.
func (d *decoder) decodeText(n *yaml.Node, v reflect.Value, path string, depth int) {
	switch n.Kind {
	case yaml.ScalarNode:
		var s string
		if err := n.Decode(&s); err != nil {
			d.wrongKind(n, v.Type(), path)
			return
		}
		v.Set(reflect.ValueOf(Localized{"": s}))
	case yaml.MappingNode:
		texts := Localized{}
		seen := map[string]*yaml.Node{}
		for _, p := range d.pairs(n, depth) {
			lang, ok := d.keyName(p.key)
			if !ok || d.duplicate(seen, p, lang, "language") {
				continue
			}
			val, ok := d.resolve(p.value, depth+1)
			if !ok {
				continue
			}
			var s string
			if val.Kind != yaml.ScalarNode || val.Decode(&s) != nil {
				d.errorf(val, "%s: the %s text: text is expected here, not %s", describe(path, v.Type(), nil), lang, found(val))
				d.unsettled = append(d.unsettled, path)
				continue
			}
			texts[lang] = s
		}
		v.Set(reflect.ValueOf(texts))
	default:
		d.wrongKind(n, v.Type(), path)
	}
}

// decodeScalar reads text, a number or true/false with yaml.v3's rules for
// scalars, except that a whole number must be written as one (yaml.v3 cuts
// paginate: 2.5 to 2).
func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	if n.Kind != yaml.ScalarNode {
		d.wrongKind(n, t, path)
		return
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.ShortTag() != "!!int" {
			d.wrongKind(n, t, path)
			return
		}
	}
	p := reflect.New(t)
	if err := n.Decode(p.Interface()); err != nil {
		d.wrongKind(n, t, path)
		return
	}
	v.Set(p.Elem())
}

// decodeWithYAML leaves a value with its own YAML or text decoding (or
// none: an interface) to yaml.v3, whose error messages name Go types and so
// are replaced.
func (d *decoder) decodeWithYAML(n *yaml.Node, v reflect.Value, path string) {
	p := reflect.New(v.Type())
	if err := n.Decode(p.Interface()); err != nil {
		d.errorf(n, "%s: this value cannot be read here", describe(path, v.Type(), nil))
		d.unsettled = append(d.unsettled, path)
		return
	}
	v.Set(p.Elem())
}

// wrongKind reports a value of the wrong kind: a text where a list is
// expected, and so on.
func (d *decoder) wrongKind(n *yaml.Node, t reflect.Type, path string) {
	d.unsettled = append(d.unsettled, path)
	if path == "" {
		d.errorf(n, "%s must be a map of settings (title: ..., baseURL: ..., one per line), not %s", FileName, found(n))
		return
	}
	msg := fmt.Sprintf("%s: %s is expected here, not %s", describe(path, t, nil), expected(t), found(n))
	if t.Kind() == reflect.Slice && n.Kind == yaml.ScalarNode {
		switch e := t.Elem(); {
		case e.Kind() == reflect.String && !strings.ContainsAny(n.Value, ",[]{}\n"):
			msg += fmt.Sprintf("; write [%s] for a list of one", n.Value)
		case e.Kind() == reflect.Struct && e != timeType:
			msg += "; each item is " + expected(e)
		}
	}
	d.errorf(n, "%s", msg)
}

// expected names what a value of type t is written as.
func expected(t reflect.Type) string {
	if t == localizedType {
		return "a text, or a text per language such as {en: ..., nb: ...},"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expected(t.Elem())
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct:
		return "a map of its settings (" + strings.Join(fieldsOf(t).names, ", ") + ")"
	case reflect.Map:
		return "a map (key: value)"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// found describes the value written at n, for messages.
func found(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a map"
	case yaml.AliasNode:
		return "an alias (*" + n.Value + ")"
	}
	s := n.Value
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return strconv.Quote(s)
}

// noun names the items of a list or map of t in messages ("section
// "news""), and the setting that names an item.
type noun struct{ word, nameKey string }

var nouns = map[reflect.Type]noun{
	reflect.TypeFor[Section]():  {"section", "name"},
	reflect.TypeFor[Taxonomy](): {"taxonomy", "name"},
	reflect.TypeFor[Language](): {"language", "code"},
	reflect.TypeFor[Topic]():    {"contact topic", "id"},
	reflect.TypeFor[FieldDef](): {"field", ""},
}

// describe names the setting at path, of type t, for messages: `section
// "news"` (its name read from mapping n when given), `section 2`, `field
// "summary"`, `required`, `to item 2`.
func describe(path string, t reflect.Type, n *yaml.Node) string {
	last := pathLast(path)
	i, isItem := listIndex(path)
	if nn, ok := nouns[t]; ok {
		if !isItem {
			return fmt.Sprintf("%s %q", nn.word, last)
		}
		if n != nil && n.Kind == yaml.MappingNode && nn.nameKey != "" {
			for j := 0; j+1 < len(n.Content); j += 2 {
				if k, v := n.Content[j], n.Content[j+1]; k.Value == nn.nameKey && v.Kind == yaml.ScalarNode && v.Value != "" {
					return fmt.Sprintf("%s %q", nn.word, v.Value)
				}
			}
		}
		return fmt.Sprintf("%s %d", nn.word, i+1)
	}
	if isItem {
		parent := strings.TrimSuffix(path, "."+last)
		if parent == path {
			parent = ""
		}
		return fmt.Sprintf("%s item %d", pathLast(parent), i+1)
	}
	return last
}

// structFields are the settings of a struct type, by their yaml names.
type structFields struct {
	byName map[string][]int
	names  []string // in declaration order, for messages
}

// fieldsOf lists the settings of struct type t as yaml.v3 names them: the
// yaml tag, else the lower-cased field name; "-" skips a field and
// ",inline" takes in the fields of an embedded struct.
func fieldsOf(t reflect.Type) structFields {
	sf := structFields{byName: map[string][]int{}}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			idx := append(append([]int{}, index...), i)
			if strings.Contains(","+opts+",", ",inline,") && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			if _, dup := sf.byName[name]; !dup {
				sf.byName[name] = idx
				sf.names = append(sf.names, name)
			}
		}
	}
	walk(t, nil)
	return sf
}

// unknownSetting reports the key of ps[i], which struct type t does not
// have, with what most likely went wrong: a typo of a setting of this level,
// a setting of the one above that lost its indentation, or a comma in an
// unquoted text that made the rest of the text a key.
func (d *decoder) unknownSetting(mapping *yaml.Node, ps []pair, i int, t reflect.Type, fields structFields, path string) {
	k := ps[i].key
	if k.Value == "" {
		d.errorf(k, "a setting name is missing before the colon")
		return
	}
	msg := fmt.Sprintf("unknown setting %q", k.Value)
	if path != "" {
		msg += " in " + describe(path, t, mapping)
	}
	unknown := func(p pair) bool { _, known := fields.byName[p.key.Value]; return !known }
	if start := commaRun(mapping, ps, i, unknown); start == i {
		prev := ps[i-1].key.Value
		d.errorf(k, "%s: the comma before it ended the text of %s; quote texts that contain a comma, as in %s: %s", msg, prev, prev, yamlQuote(strayText(ps, i, unknown)))
		return
	} else if start >= 0 {
		return // one more piece of the same cut-up text, reported with the first
	}
	// The nearest setting above, past other unknown ones: a block that lost
	// its indentation reads as settings of this level, one after another.
	j := i - 1
	for j >= 0 && !ps[j].merged && unknown(ps[j]) {
		j--
	}
	if j >= 0 && !ps[j].merged {
		above := ps[j].key
		if f, ok := fields.byName[above.Value]; ok && hasSetting(t.FieldByIndex(f).Type, k.Value) {
			d.errorf(k, "%s; if it belongs to %s (line %d), indent it under that line", msg, above.Value, above.Line)
			d.unsettled = append(d.unsettled, pathJoin(path, above.Value))
			return
		}
	}
	if s := diag.Closest(k.Value, fields.names); s != "" {
		d.errorf(k, "%s; did you mean %q?", msg, s)
		d.unsettled = append(d.unsettled, pathJoin(path, s))
		return
	}
	d.errorf(k, "%s; the settings here are %s", msg, strings.Join(fields.names, ", "))
}

// hasSetting reports whether a value of type t (a struct, or a list of
// them) has a setting called name.
func hasSetting(t reflect.Type, name string) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == localizedType || t == timeType {
		return false
	}
	_, ok := fieldsOf(t).byName[name]
	return ok
}

// commaRun tells whether ps[i] is a key that a comma in an unquoted text
// made: in {en: Stories, told by people} the text ends at the comma and
// "told by people" becomes a key without a value. It returns the index of
// the first such key of the run that holds ps[i], or -1 when ps[i] is not
// one. stray says which keys do not belong in the mapping.
func commaRun(mapping *yaml.Node, ps []pair, i int, stray func(pair) bool) int {
	if mapping.Style&yaml.FlowStyle == 0 {
		return -1
	}
	j := i
	for j >= 0 && !ps[j].merged && isNull(ps[j].value) && ps[j].key.Kind == yaml.ScalarNode && stray(ps[j]) {
		j--
	}
	if j == i || j < 0 || ps[j].merged {
		return -1
	}
	if v := ps[j].value; v.Kind != yaml.ScalarNode || v.Style != 0 || isNull(v) {
		return -1 // only an unquoted text ends at a comma
	}
	return j + 1
}

// strayText rebuilds the text that commas cut up, from the value before the
// run of keys starting at ps[i] and the keys: {en: Stories, told by people}
// gives "Stories, told by people".
func strayText(ps []pair, i int, stray func(pair) bool) string {
	parts := []string{ps[i-1].value.Value}
	for j := i; j < len(ps) && isNull(ps[j].value) && ps[j].key.Kind == yaml.ScalarNode && !ps[j].merged && stray(ps[j]); j++ {
		parts = append(parts, ps[j].key.Value)
	}
	return strings.Join(parts, ", ")
}

// yamlQuote quotes s as a YAML text, for a message to show as it is to be
// written: in double quotes, or in single ones when s holds a double quote
// or a backslash, which double quotes would need escaped.
func yamlQuote(s string) string {
	switch {
	case !strings.ContainsAny(s, `"\`):
		return `"` + s + `"`
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
