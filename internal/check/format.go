package check

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/uio-partner/portal/internal/diag"
)

// Formats of WriteFindings.
const (
	FormatText   = "text"   // path:line:col: severity: message
	FormatGitHub = "github" // GitHub Actions workflow commands (annotations)
)

// WriteFindings writes the findings one per line in format.
func WriteFindings(w io.Writer, format string, list diag.List) error {
	for _, d := range list {
		var line string
		switch format {
		case FormatGitHub:
			line = GitHubAnnotation(d)
		case FormatText, "":
			line = Text(d)
		default:
			return fmt.Errorf("unknown format %q: want %s or %s", format, FormatText, FormatGitHub)
		}
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Text formats a finding as "path:line:col: severity: message".
func Text(d *diag.Diagnostic) string { return d.Pos() + ": " + d.Severity.String() + ": " + d.Msg }

// GitHubAnnotation formats a finding as a GitHub Actions workflow command,
// "::error file=PATH,line=N,col=C::MESSAGE", which shows it on the pull
// request's diff. Values are escaped as the Actions toolkit does.
func GitHubAnnotation(d *diag.Diagnostic) string {
	var b strings.Builder
	b.WriteString("::" + d.Severity.String() + " file=" + escapeProperty(d.File))
	if d.Line > 0 {
		b.WriteString(",line=" + strconv.Itoa(d.Line))
		if d.Col > 0 {
			b.WriteString(",col=" + strconv.Itoa(d.Col))
		}
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
func Count(list diag.List) (errors, warnings int) {
	for _, d := range list {
		if d.Severity == diag.Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}
