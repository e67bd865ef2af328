package content

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/uio-partner/portal/internal/diag"
)

// Answer is one answer of a guide step (front-matter type answers): the
// text a visitor picks, and exactly one place it leads: the next step
// (Next, the step's page key such as guide-students), a page (Page, a key
// such as pathways/research-collaboration) or the contact form with a
// topic chosen (Topic, a site.yaml contact topic id). Package site checks
// that the place exists.
type Answer struct {
	Label string
	Next  string
	Page  string
	Topic string
	Line  int // the answer's line in the file, for messages
	Col   int
}

// answerKeys are the keys an answer may have.
var answerKeys = map[string]bool{"label": true, "next": true, "page": true, "topic": true}

// parseAnswers reads a list of answers, reporting every problem at its own
// line in file, whose front matter opens at openLine.
func parseAnswers(file string, openLine int, v *yaml.Node, errs *diag.List) ([]Answer, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return []Answer{}, true
	}
	if v.Kind != yaml.SequenceNode {
		errs.Add(diag.Errorf(file, openLine+v.Line, v.Column, "front matter: answers must be a list, each with a label and one of next, page or topic"))
		return nil, false
	}
	ok := true
	var out []Answer
	for _, item := range v.Content {
		line := openLine + item.Line
		if item.Kind != yaml.MappingNode {
			errs.Add(diag.Errorf(file, line, item.Column, "front matter: an answer must have a label and one of next, page or topic, like {label: Research together, page: pathways/research-collaboration}"))
			ok = false
			continue
		}
		a := Answer{Line: line, Col: item.Column}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			if !answerKeys[k.Value] {
				errs.Add(diag.Errorf(file, openLine+k.Line, k.Column, "front matter: an answer has no setting %q; it has label, next, page and topic%s", k.Value, diag.DidYouMean(k.Value, []string{"label", "next", "page", "topic"}, "")))
				ok = false
				continue
			}
			if val.Kind != yaml.ScalarNode {
				errs.Add(diag.Errorf(file, openLine+val.Line, val.Column, "front matter: the answer's %s must be a single value", k.Value))
				ok = false
				continue
			}
			s := strings.TrimSpace(val.Value)
			switch k.Value {
			case "label":
				a.Label = s
			case "next":
				a.Next = s
			case "page":
				a.Page = strings.Trim(s, "/")
			case "topic":
				a.Topic = s
			}
		}
		n := 0
		for _, s := range []string{a.Next, a.Page, a.Topic} {
			if s != "" {
				n++
			}
		}
		switch {
		case a.Label == "":
			errs.Add(diag.Errorf(file, line, item.Column, "front matter: the answer has no label: the text the visitor picks"))
			ok = false
		case n != 1:
			errs.Add(diag.Errorf(file, line, item.Column, "front matter: the answer %q must lead to exactly one place: next (a step), page (a page such as pathways/research-collaboration) or topic (the contact form)", a.Label))
			ok = false
		}
		out = append(out, a)
	}
	return out, ok
}
