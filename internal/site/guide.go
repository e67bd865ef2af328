package site

import (
	"sort"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/diag"
)

// GuideLayout is the layout of a guide step: a standalone page asking one
// question, whose front matter lists its answers (content.Answer).
const GuideLayout = "guide"

// GuideMaxSteps is the most questions a visitor answers before the guide
// leads them to a pathway, an agreement or the contact form.
const GuideMaxSteps = 4

// AnswersField is the front-matter field holding a guide step's answers.
const AnswersField = "answers"

// GuideAnswer is an answer of a guide step, linked in the step's language:
// the text the visitor picks and where it leads.
type GuideAnswer struct {
	Label string
	URL   string
	// Step reports whether the answer leads to another question, rather
	// than to where the guide ends (a page or the contact form).
	Step bool
}

// linkGuide links every guide step's answers in each language and sets
// Lang.Guide to the first step. What would leave a visitor stranded is an
// error at the line that causes it: a step without answers (a dead end), an
// answer leading to no step, page or topic, a loop, a path longer than
// GuideMaxSteps questions, and a step missing in a language.
func (s *Site) linkGuide() diag.List {
	var errs diag.List
	missing := map[string]bool{} // file+lang reported once
	for _, l := range s.Langs {
		steps := map[string]*Page{}
		var order []*Page
		for _, r := range l.Standalone {
			if r.Layout == GuideLayout {
				steps[r.Key()] = r
				order = append(order, r)
			}
		}
		if len(order) == 0 {
			continue
		}
		next := map[string][]content.Answer{} // step key -> answers leading to steps
		for _, r := range order {
			if r.Fallback {
				if k := r.File + " " + l.Code; !missing[k] {
					missing[k] = true
					errs.Add(diag.Errorf(r.File, 1, 1, "guide step %q has no %s translation: every step needs one in each language, or visitors switching language are stranded", r.Key(), l.Name))
				}
				continue
			}
			answers, _ := r.Page.Params[AnswersField].([]content.Answer)
			if len(answers) == 0 {
				errs.Add(diag.Errorf(r.File, r.Page.Line(AnswersField), 1, "guide step %q is a dead end: give it answers, each leading to a step (next), a page or the contact form (topic)", r.Key()))
				continue
			}
			r.Answers = r.Answers[:0]
			for _, a := range answers {
				ga := GuideAnswer{Label: a.Label}
				switch {
				case a.Next != "":
					to := steps[a.Next]
					if to == nil {
						errs.Add(diag.Errorf(r.File, a.Line, a.Col, "the answer %q leads nowhere: there is no guide step %q (a page in content/ with layout: guide)%s", a.Label, a.Next, diag.DidYouMean(a.Next, keys(steps), "")))
						continue
					}
					ga.URL, ga.Step = to.URL, true
					next[r.Key()] = append(next[r.Key()], a)
				case a.Page != "":
					to := l.Ref(a.Page)
					if to == nil {
						errs.Add(diag.Errorf(r.File, a.Line, a.Col, "the answer %q leads nowhere: there is no published page %q (write a page's section and file name, such as pathways/research-collaboration)", a.Label, a.Page))
						continue
					}
					ga.URL = to.URL
				case a.Topic != "":
					var to *Topic
					for _, t := range l.Topics {
						if t.ID == a.Topic {
							to = t
						}
					}
					if to == nil || l.Contact == nil {
						errs.Add(diag.Errorf(r.File, a.Line, a.Col, "the answer %q leads nowhere: there is no contact topic %q in site.yaml%s", a.Label, a.Topic, diag.DidYouMean(a.Topic, topicIDs(l), "")))
						continue
					}
					ga.URL = to.URL
				}
				r.Answers = append(r.Answers, ga)
			}
		}
		errs = append(errs, guidePaths(l, steps, order, next)...)
	}
	return errs
}

// guidePaths finds loops and paths longer than GuideMaxSteps, from each
// step nothing leads to (the guide's starts), and sets l.Guide to the
// first start by address.
func guidePaths(l *Lang, steps map[string]*Page, order []*Page, next map[string][]content.Answer) diag.List {
	var errs diag.List
	led := map[string]bool{}
	for _, as := range next {
		for _, a := range as {
			led[a.Next] = true
		}
	}
	var starts []*Page
	for _, r := range order {
		if !led[r.Key()] {
			starts = append(starts, r)
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].URL < starts[j].URL })
	if len(starts) > 0 {
		l.Guide = starts[0]
	}
	reported := map[string]bool{}
	report := func(d *diag.Diagnostic) {
		if k := d.Error(); !reported[k] {
			reported[k] = true
			errs.Add(d)
		}
	}
	// walk follows the answers from step key at depth (1 for a start);
	// on marks the steps of the path being walked.
	on, seen := map[string]bool{}, map[string]bool{}
	var walk func(key string, depth int)
	walk = func(key string, depth int) {
		seen[key] = true
		r := steps[key]
		if r.Fallback {
			return
		}
		if depth > GuideMaxSteps {
			report(diag.Errorf(r.File, 1, 1, "guide step %q is question %d on some path: every path must end within %d questions at a pathway, an agreement or the contact form", key, depth, GuideMaxSteps))
			return
		}
		on[key] = true
		for _, a := range next[key] {
			if on[a.Next] {
				report(diag.Errorf(r.File, a.Line, a.Col, "the answer %q makes a loop: it leads back to guide step %q, so a visitor could go round forever", a.Label, a.Next))
				continue
			}
			walk(a.Next, depth+1)
		}
		on[key] = false
	}
	for _, r := range starts {
		walk(r.Key(), 1)
	}
	// Steps on a loop that no start reaches are still a loop: walked from
	// the first of them, so each loop is reported once.
	for _, r := range order {
		if !seen[r.Key()] {
			walk(r.Key(), 1)
		}
	}
	return errs
}

func keys(m map[string]*Page) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func topicIDs(l *Lang) []string {
	out := make([]string, 0, len(l.Topics))
	for _, t := range l.Topics {
		out = append(out, t.ID)
	}
	return out
}
