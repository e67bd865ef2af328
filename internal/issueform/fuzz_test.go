package issueform

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any body, however mangled, parses without panicking; every
// label is either answered or reported missing; an answer is part of the
// body; and answers written by Render (without a heading line of a later
// field in them) read back unchanged.
func FuzzParse(f *testing.F) {
	f.Add(body, "x")
	f.Add("### Title\n\n", "### Consent\n\n- [X] a")
	f.Add("### Title\r\n\r\n_No response_", "")
	f.Add("", "### Sectors")
	f.Add("\n### Title", "Health, Health,, ,")
	f.Fuzz(func(t *testing.T, b, answer string) {
		r, err := Parse(b, labels)
		if r == nil {
			t.Fatal("no response")
		}
		normalized := strings.ReplaceAll(strings.ReplaceAll(b, "\r\n", "\n"), "\r", "\n")
		for _, l := range labels {
			if err == nil && !r.Has(l) {
				t.Fatalf("no error, but %q has no answer", l)
			}
			if a := r.Text(l); a != "" && !strings.Contains(normalized, a) {
				t.Fatalf("answer %q to %q is not in the body", a, l)
			}
			r.Checked(l)
			r.Choices(l, []string{"Health", "Technology: AI, data and engineering", ""})
		}

		// Round trip: an answer without a later heading in it and
		// without leading or trailing blank space reads back as written.
		answer = strings.ReplaceAll(strings.ReplaceAll(answer, "\r\n", "\n"), "\r", "\n")
		answer = strings.TrimRight(strings.Trim(answer, "\n"), " \t\n")
		if !utf8.ValidString(answer) || answer == NoResponse || strings.TrimSpace(answer) == "" {
			return
		}
		for _, l := range labels[1:] {
			if strings.Contains("\n"+answer+"\n", "\n### "+l) {
				return
			}
		}
		answers := map[string]string{labels[0]: answer}
		r, err = Parse(Render(labels, answers), labels)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Text(labels[0]); got != answer {
			t.Fatalf("round trip: %q became %q", answer, got)
		}
	})
}
