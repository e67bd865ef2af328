package issueform

import (
	"fmt"
	"sort"
	"strings"
)

// NoResponse is what GitHub writes for a field left empty. An optional
// dropdown left at its first entry says None.
const (
	NoResponse = "_No response_"
	None       = "None"
)

// Response is a filled-in form as GitHub writes it into the body:
// for each field, in the form's order, a line "### <label>", a blank line
// and the answer.
type Response struct {
	answers map[string]string // by label, as written (without the heading)
}

// MissingError lists the fields whose heading the body does not have: the
// issue was not written with the form, or its body was edited by hand.
type MissingError struct {
	Labels []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("the issue has no answer to %s: it was not written with the form, or its headings were edited", quoteList(e.Labels))
}

// Parse reads body, made from a form whose fields have these labels in this
// order. Each label's heading is looked for after the previous one's, so a
// "### " line that an author writes in an answer stays part of that answer
// unless it is exactly a later field's heading. Line endings may be CRLF
// (browsers send them in text areas). When a heading is missing, the error
// is a *MissingError; the answers that were found are still returned.
func Parse(body string, labels []string) (*Response, error) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	type found struct {
		label      string
		start, end int // the heading line's offsets
	}
	var heads []found
	var missing []string
	from := 0
	for _, l := range labels {
		start, end, ok := findHeading(body, from, l)
		if !ok {
			missing = append(missing, l)
			continue
		}
		heads = append(heads, found{l, start, end})
		from = end
	}
	r := &Response{answers: map[string]string{}}
	for i, h := range heads {
		stop := len(body)
		if i+1 < len(heads) {
			stop = heads[i+1].start
		}
		r.answers[h.label] = body[h.end:stop]
	}
	if len(missing) > 0 {
		return r, &MissingError{Labels: missing}
	}
	return r, nil
}

// findHeading finds the line "### label" at or after from, and returns the
// offsets of the line's start and of the character after its end.
func findHeading(body string, from int, label string) (start, end int, ok bool) {
	want := "### " + label
	for i := from; i <= len(body); {
		lineEnd := strings.IndexByte(body[i:], '\n')
		next := len(body)
		if lineEnd >= 0 {
			next = i + lineEnd + 1
			lineEnd += i
		} else {
			lineEnd = len(body)
		}
		if strings.TrimRight(body[i:lineEnd], " \t") == want {
			return i, next, true
		}
		if next == len(body) {
			break
		}
		i = next
	}
	return 0, 0, false
}

// Has reports whether the body has the field's heading.
func (r *Response) Has(label string) bool {
	_, ok := r.answers[label]
	return ok
}

// Text is the answer to an input or text area, with the blank lines around
// it and trailing spaces removed, and "" for no response.
func (r *Response) Text(label string) string {
	s := strings.Trim(r.answers[label], "\n")
	s = strings.TrimRight(s, " \t\n")
	if s == NoResponse {
		return ""
	}
	return s
}

// Choices are a multiple-choice dropdown's chosen options. GitHub joins
// them with ", ", and options may contain ", " themselves, so the answer is
// matched against the options, longest first. unknown holds what matches no
// option (an option renamed since the form was filled in, or a body edited
// by hand).
func (r *Response) Choices(label string, options []string) (chosen, unknown []string) {
	s := r.Text(label)
	if s == "" || s == None {
		return nil, nil
	}
	byLength := append([]string{}, options...)
	sort.SliceStable(byLength, func(i, j int) bool { return len(byLength[i]) > len(byLength[j]) })
	seen := map[string]bool{}
	for s != "" {
		matched := ""
		for _, o := range byLength {
			if o != "" && strings.HasPrefix(s, o) && (len(s) == len(o) || strings.HasPrefix(s[len(o):], ", ")) {
				matched = o
				break
			}
		}
		if matched == "" {
			item, rest, _ := strings.Cut(s, ", ")
			if item = strings.TrimSpace(item); item != "" {
				unknown = append(unknown, item)
			}
			s = rest
			continue
		}
		if !seen[matched] {
			chosen = append(chosen, matched)
			seen[matched] = true
		}
		s = strings.TrimPrefix(s[len(matched):], ", ")
	}
	return chosen, unknown
}

// Checked are the labels of a checkboxes element's ticked boxes ("- [X]
// label" lines).
func (r *Response) Checked(label string) []string {
	var out []string
	for _, line := range strings.Split(r.Text(label), "\n") {
		line = strings.TrimSpace(line)
		for _, tick := range []string{"- [X] ", "- [x] "} {
			if rest, ok := strings.CutPrefix(line, tick); ok {
				out = append(out, strings.TrimSpace(rest))
			}
		}
	}
	return out
}

// Render writes answers (by label) as GitHub writes a filled-in form's body,
// "" as no response: for tests and examples.
func Render(labels []string, answers map[string]string) string {
	var parts []string
	for _, l := range labels {
		a := answers[l]
		if strings.TrimSpace(a) == "" {
			a = NoResponse
		}
		parts = append(parts, "### "+l+"\n\n"+a)
	}
	return strings.Join(parts, "\n\n")
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
