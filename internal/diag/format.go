package diag

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The formats of Write: every command prints diagnostics in one of them.
const (
	FormatText   = "text"   // path:line:col: severity: message
	FormatGitHub = "github" // GitHub Actions workflow commands (annotations)
)

// Write writes the diagnostics one per line in format.
func Write(w io.Writer, format string, list List) error {
	for _, d := range list {
		var line string
		switch format {
		case FormatGitHub:
			line = GitHubAnnotation(d)
		case FormatText, "":
			line = d.String()
		default:
			return fmt.Errorf("unknown format %q: want %s or %s", format, FormatText, FormatGitHub)
		}
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// String formats the diagnostic as "path:line:col: severity: message", the
// one format of every command's output. A position whose column is not
// known gets column 1, for editors and annotations; a diagnostic about no
// file at all (a full disk) is "severity: message".
func (d *Diagnostic) String() string {
	pos := d.position()
	if pos == "" {
		return d.Severity.String() + ": " + d.Msg
	}
	return pos + ": " + d.Severity.String() + ": " + d.Msg
}

// position is Pos with column 1 where the line is known and the column not.
func (d *Diagnostic) position() string {
	if d.Line > 0 && d.Col == 0 {
		return fmt.Sprintf("%s:%d:1", d.File, d.Line)
	}
	return d.Pos()
}

// GitHubAnnotation formats a finding as a GitHub Actions workflow command,
// "::error file=PATH,line=N,col=C::MESSAGE", which shows it on the pull
// request's diff. Values are escaped as the Actions toolkit does.
func GitHubAnnotation(d *Diagnostic) string {
	var b strings.Builder
	b.WriteString("::" + d.Severity.String() + " file=" + escapeProperty(d.File))
	if d.Line > 0 {
		b.WriteString(",line=" + strconv.Itoa(d.Line) + ",col=" + strconv.Itoa(max(d.Col, 1)))
	}
	b.WriteString("::" + escapeData(d.Msg))
	return b.String()
}

// escapeData escapes a command's message: %, carriage return and line feed.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value, where : and , also separate.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Summary says in a few words what l holds: "2 error(s), 1 warning(s)",
// "no errors, 1 warning(s)" or "no problems found".
func (l List) Summary() string {
	errs, warns := l.Count()
	switch {
	case errs > 0:
		return fmt.Sprintf("%d error(s), %d warning(s)", errs, warns)
	case warns > 0:
		return fmt.Sprintf("no errors, %d warning(s)", warns)
	}
	return "no problems found"
}
