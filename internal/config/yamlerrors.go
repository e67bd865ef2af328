package config

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntaxError describes a YAML syntax error in site.yaml at the line that
// holds it, in words about indentation and quoting where the cause is one
// of the usual ones, else in yaml.v3's words.
func syntaxError(data []byte, err error) error {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	msg := err.Error()
	if sm := yamlLine.FindStringSubmatch(msg); sm != nil {
		msg = sm[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := problemLine(data, err, msg)
	col, text := explainSyntax(lines, line, msg)
	return diag.List{diag.Errorf(FileName, line, col, "%s", text)}
}

// yamlDiagnostics turns a yaml.v3 error, whose messages carry "line N", into
// positioned diagnostics. offset is added to the line numbers (front matter
// starts below the opening delimiter).
func yamlDiagnostics(file string, offset int, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var list diag.List
	for _, m := range msgs {
		line := 0
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if yamlParserProblems[m] {
			line++ // 0-based in yaml.v3's parser errors; no line means line 0
		}
		if line > 0 {
			line += offset
		}
		if words, ok := typeErrorWords(m); ok {
			list.Add(diag.Errorf(file, line, 0, "%s", words))
			continue
		}
		list.Add(diag.Errorf(file, line, 0, "invalid YAML: %s", m))
	}
	return list
}

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// scanner) errors. yaml.v3 prints their line 0-based (parser.fail adds 1
// only for scanner errors), so "summary: [a" on line 4 was reported as
// line 3, and on line 1 with no line at all.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// YAMLDiagnostics is yamlDiagnostics for other packages that parse YAML in files.
func YAMLDiagnostics(file string, lineOffset int, err error) error {
	return yamlDiagnostics(file, lineOffset, err)
}

var cannotUnmarshal = regexp.MustCompile("^cannot unmarshal (!![a-z]+)(?: `(.*)`)? into (.+)$")

// typeErrorWords rewords the messages of a yaml.v3 TypeError, which name Go
// types ("cannot unmarshal !!seq into string"), in the file's terms.
// site.yaml does not need it (decode.go reads it); other YAML decoded into
// Go values does, such as the layouts' i18n files.
func typeErrorWords(m string) (string, bool) {
	sm := cannotUnmarshal.FindStringSubmatch(m)
	if sm == nil {
		return "", false
	}
	var found string
	switch sm[1] {
	case "!!seq":
		found = "a list"
	case "!!map":
		found = "a map"
	default:
		found = strconv.Quote(sm[2])
	}
	var want string
	switch into := sm[3]; {
	case into == "string":
		want = "text"
	case into == "bool":
		want = "true or false"
	case strings.HasPrefix(into, "int") || strings.HasPrefix(into, "uint"):
		want = "a whole number"
	case strings.HasPrefix(into, "float"):
		want = "a number"
	case strings.HasPrefix(into, "[]"):
		want = "a list"
	case strings.HasPrefix(into, "map["):
		want = "a map (key: value)"
	case into == "time.Time":
		want = "a date such as 2024-03-01"
	default:
		want = "another kind of value"
	}
	return fmt.Sprintf("%s is expected here, not %s", want, found), true
}

// maxEndScan bounds how many lines problemLine reads back from the end of
// the file for an error at its end.
const maxEndScan = 500

// problemLine finds the line yaml.v3 could not read. Its messages give the
// line where the enclosing block or bracket starts (for a mis-indented key,
// the start of the list it breaks), or the end of the file for a quote
// never closed; so the line is found as the first at which the file, cut
// after it, fails with the same error, or for an error at the end, the
// line after the last cut that still reads.
func problemLine(data []byte, err error, msg string) int {
	var ends []int // offset just past each line
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(k int) error {
		var n yaml.Node
		return yaml.Unmarshal(data[:ends[k-1]], &n)
	}
	if msg == "found unexpected end of stream" {
		for k := len(ends) - 1; k >= 1 && k >= len(ends)-maxEndScan; k-- {
			if fails(k) == nil {
				return k + 1
			}
		}
		return 1
	}
	want := err.Error()
	lo, hi := 1, len(ends)
	for lo < hi {
		mid := (lo + hi) / 2
		if e := fails(mid); e != nil && e.Error() == want {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// explainSyntax words the problem msg found at line k (1-based) of lines,
// and gives its column (0 when not known).
func explainSyntax(lines []string, k int, msg string) (col int, text string) {
	t := ""
	if k >= 1 && k <= len(lines) {
		t = lines[k-1]
	}
	l := parseLine(t)
	switch {
	case l.tabIndent:
		return 1, "this line is indented with a tab: YAML allows only spaces"
	case msg == "mapping values are not allowed in this context":
		if p := prevLine(lines, k); p > 0 {
			pl := parseLine(lines[p-1])
			if pl.key != "" && pl.hasValue && l.indent > pl.keyCol-1 {
				return l.indent + 1, fmt.Sprintf("%s is indented more than %q on line %d, which has a value already: line it up with %q, or quote the text if the colon belongs to it", l.subject(), pl.key, p, pl.key)
			}
		}
		if c := colonInText(t, l); c > 0 {
			return c, fmt.Sprintf("a colon followed by a space inside a text: put the text in quotes, as in %s: %s", l.key, yamlQuote(l.value()))
		}
	case strings.Contains(msg, "UTF-8") || strings.Contains(msg, "UTF-16"):
		return 0, "this line is not UTF-8 text: save site.yaml as UTF-8"
	case msg == "control characters are not allowed":
		return 0, "this line holds a control character, which YAML does not allow: delete it"
	case msg == "found unexpected end of stream":
		if i := strings.IndexAny(t, `'"`); i >= 0 {
			return i + 1, fmt.Sprintf("the quoted text that starts here is never closed: end it with %s", t[i:i+1])
		}
	case msg == "did not find expected ',' or ']'", msg == "did not find expected ',' or '}'":
		open, close := "[", "]"
		if strings.HasSuffix(msg, "'}'") {
			open, close = "{", "}"
		}
		if i := strings.Index(t, open); i >= 0 {
			col = i + 1
		}
		return col, fmt.Sprintf("the %q that starts here is not closed with %q, or a comma is missing between its items", open, close)
	case msg == "could not find expected ':'":
		return l.indent + 1, "this line has no colon: a setting is written as name: value, and a text that goes on over several lines must be indented more than its setting"
	case msg == "found character that cannot start any token", msg == "did not find expected alphabetic or numeric character":
		if v := l.value(); l.key != "" && v != "" && strings.ContainsRune("@`", rune(v[0])) {
			return l.valueCol, fmt.Sprintf("a text starting with %s must be in quotes: %s: %s", v[:1], l.key, yamlQuote(v))
		}
	case msg == "did not find expected key", msg == "did not find expected '-' indicator", msg == "block sequence entries are not allowed in this context":
		body := strings.TrimSpace(t)
		if body == ":" || strings.HasPrefix(body, ": ") {
			return l.indent + 1, "a setting name is missing before the colon"
		}
		if v := l.value(); v != "" && (v[0] == '"' || v[0] == '\'') && !strings.HasSuffix(v, v[:1]) {
			return l.valueCol, fmt.Sprintf("text goes on after the closing quote: quote all of it, as in %s: %s", l.key, yamlQuote(v))
		}
		if col, text := indentationProblem(lines, k, l); text != "" {
			return col, text
		}
	}
	return 0, "invalid YAML: " + msg
}

// indentationProblem explains a line whose indentation fits no block above
// it, naming the lines it could be lined up with.
func indentationProblem(lines []string, k int, l yamlLineInfo) (int, string) {
	type candidate struct {
		line, col int
		key       string // "" for the "-" of a list item
	}
	var cands []candidate
	limit := 1 << 30 // the line just above counts, however deep
	for j := k - 1; j >= 1 && limit > 0; j-- {
		pl := parseLine(lines[j-1])
		if pl.blank || pl.indent >= limit {
			continue
		}
		limit = pl.indent
		if pl.item {
			cands = append(cands, candidate{line: j, col: pl.indent + 1})
		}
		if pl.key != "" {
			cands = append(cands, candidate{line: j, col: pl.keyCol, key: pl.key})
		}
	}
	col := l.indent + 1
	for _, c := range cands {
		if c.col == col && (c.key == "") == l.item {
			return 0, "" // lined up with a block above: the problem is not the indentation
		}
	}
	var like []string
	for _, c := range cands {
		switch {
		case !l.item && c.key == "" && c.col == col:
			for _, s := range cands {
				if s.line == c.line && s.key != "" {
					return col, fmt.Sprintf("%s is lined up with the \"-\" of the list item on line %d: indent it like %q (column %d) if it belongs to that item, or start it with \"- \" if it is a new item", l.subject(), c.line, s.key, s.col)
				}
			}
		case l.item && c.key != "" && c.col == col:
			return col, fmt.Sprintf("this list item is lined up with %q on line %d, a setting, and a list cannot go on among settings: put it under a setting of its own (name:), indented", c.key, c.line)
		case l.item == (c.key == "") && len(like) < 3:
			if c.key == "" {
				like = append(like, fmt.Sprintf("the item on line %d (column %d)", c.line, c.col))
			} else {
				like = append(like, fmt.Sprintf("%q on line %d (column %d)", c.key, c.line, c.col))
			}
		}
	}
	if len(like) == 0 {
		return 0, ""
	}
	what := "setting"
	if l.item {
		what = "list item"
	}
	return col, fmt.Sprintf("%s is at column %d, which lines it up with no %s above it: indent it like %s", l.subject(), col, what, orList(like))
}

func orList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// yamlLineInfo is what explainSyntax needs to know of one line of YAML, read
// without a YAML parser (the file does not parse).
type yamlLineInfo struct {
	blank     bool   // empty or only a comment
	tabIndent bool   // a tab in the indentation
	indent    int    // spaces before the first character
	item      bool   // starts with "- "
	key       string // the key of a "key: value" line (after any "- ")
	keyCol    int    // 1-based column of key
	rest      string // what follows "key:"
	valueCol  int    // 1-based column of rest, trimmed
	hasValue  bool   // rest holds a value (not a comment, a block scalar or only an anchor)
}

// value is the text after "key:", without a comment.
func (l yamlLineInfo) value() string {
	v := l.rest
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

func (l yamlLineInfo) subject() string {
	switch {
	case l.item:
		return "this list item"
	case l.key != "":
		return strconv.Quote(l.key)
	}
	return "this line"
}

func parseLine(t string) yamlLineInfo {
	t = strings.TrimRight(t, "\r")
	var l yamlLineInfo
	i := 0
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		if t[i] == '\t' {
			l.tabIndent = true
		}
		i++
	}
	l.indent = i
	body := t[i:]
	if body == "" || body[0] == '#' {
		l.blank = !l.tabIndent
		return l
	}
	for body == "-" || strings.HasPrefix(body, "- ") {
		l.item = true
		n := len(body)
		body = strings.TrimLeft(strings.TrimPrefix(body, "-"), " ")
		i += n - len(body)
	}
	var key, rest string
	var ok bool
	if strings.HasSuffix(body, ":") && !strings.ContainsAny(body[:len(body)-1], ":#{[") {
		key, rest, ok = body[:len(body)-1], "", true
	} else if j := strings.Index(body, ": "); j > 0 && !strings.ContainsAny(body[:1], `{["'`) && !strings.Contains(body[:j], " #") {
		key, rest, ok = body[:j], body[j+1:], true
	}
	if ok {
		l.key, l.keyCol, l.rest = key, i+1, rest
		trimmed := strings.TrimLeft(rest, " ")
		l.valueCol = i + len(key) + 1 + len(rest) - len(trimmed) + 1
		l.hasValue = trimmed != "" && !strings.ContainsRune("#|>&!", rune(trimmed[0]))
	}
	return l
}

// prevLine returns the number of the last line before k that is not blank
// or a comment, or 0.
func prevLine(lines []string, k int) int {
	for j := k - 1; j >= 1; j-- {
		if !parseLine(lines[j-1]).blank {
			return j
		}
	}
	return 0
}

// colonInText returns the column of a second ": " on a key: value line,
// where an unquoted text holds a colon, or 0.
func colonInText(t string, l yamlLineInfo) int {
	v := strings.TrimSpace(l.rest)
	if l.key == "" || v == "" || strings.ContainsAny(v[:1], `'"[{`) {
		return 0
	}
	j := strings.Index(l.rest, ": ")
	if j < 0 {
		if !strings.HasSuffix(l.rest, ":") {
			return 0
		}
		j = len(l.rest) - 1
	}
	return l.keyCol + len(l.key) + 1 + j
}

// secondDocument returns the line of a "---" or "..." that ends the first
// YAML document in data while more follows, or 0.
func secondDocument(data []byte) int {
	var n yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if dec.Decode(&n) != nil || dec.Decode(&n) == io.EOF {
		return 0
	}
	content := false
	for i, t := range strings.Split(string(data), "\n") {
		t = strings.TrimRight(t, "\r")
		marker := (strings.HasPrefix(t, "---") || strings.HasPrefix(t, "...")) && (len(t) == 3 || t[3] == ' ' || t[3] == '\t')
		switch {
		case marker && content:
			return i + 1
		case marker, parseLine(t).blank, strings.HasPrefix(t, "%"):
		default:
			content = true
		}
	}
	return 1
}

// Line returns the line of the setting at path in site.yaml's data
// ("languages", "0" is the first language), or of the nearest setting
// above it that exists; 0 if data is not YAML.
func Line(data []byte, path ...string) int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	_, line := lookup(&doc, path...)
	return line
}
