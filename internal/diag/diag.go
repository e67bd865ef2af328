// Package diag is the one positioned error type of the project: every problem
// found in a content file, a layout or site.yaml is a Diagnostic naming the
// file, line and column, so authors can go straight to it. A build collects
// all of them and reports them at once.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic fails a build (Error) or is advice (Warning).
type Severity int

const (
	// Error fails the build and `portal check`.
	Error Severity = iota
	// Warning is reported by `portal check` but does not fail it.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place. Line and Col are 1-based; 0 means unknown.
type Diagnostic struct {
	File     string // slash-separated path relative to the site root, e.g. content/offerings/x.md
	Line     int
	Col      int
	Severity Severity
	Msg      string
}

// Pos returns "file:line:col", leaving out unknown parts.
func (d *Diagnostic) Pos() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	return b.String()
}

// Error is "file:line:col: message", or the message alone without a file,
// as errors read; String is what commands print.
func (d *Diagnostic) Error() string {
	if pos := d.Pos(); pos != "" {
		return pos + ": " + d.Msg
	}
	return d.Msg
}

// Errorf returns an error-severity diagnostic.
func Errorf(file string, line, col int, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)}
}

// Warnf returns a warning-severity diagnostic.
func Warnf(file string, line, col int, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// List is a set of diagnostics. It is an error when it holds at least one Error.
type List []*Diagnostic

// Add appends d.
func (l *List) Add(d *Diagnostic) { *l = append(*l, d) }

// AsList returns the diagnostics err carries: a List, or a single
// *Diagnostic as a List of one. ok is false for other errors (and nil).
func AsList(err error) (list List, ok bool) {
	var d *Diagnostic
	switch {
	case errors.As(err, &list):
		return list, true
	case errors.As(err, &d):
		return List{d}, true
	}
	return nil, false
}

// Merge appends the diagnostics of err: a List, a *Diagnostic, or any other
// error, which is attributed to file.
func (l *List) Merge(file string, err error) {
	if err == nil {
		return
	}
	if list, ok := AsList(err); ok {
		*l = append(*l, list...)
		return
	}
	*l = append(*l, &Diagnostic{File: file, Severity: Error, Msg: err.Error()})
}

// HasErrors reports whether any diagnostic has Error severity.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns the list sorted, without repeats, as an error if it holds
// errors, else nil. A repeat is the same message at the same place: a layout
// that fails for a page fails alike in every language the page is served in.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	l.Sort()
	out := l[:0:0]
	for i, d := range l {
		if i > 0 && *d == *l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Sort orders by file, line, column, then message, so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Error joins the diagnostics one per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}
