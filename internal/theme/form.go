package theme

import "github.com/uio-partner/portal/internal/site"

// Form is a visitor's contact form sent back by the contact endpoint: what
// they typed and the problems found, by field name (name, email, topic,
// message, consent…).
type Form struct {
	Values   map[string]string
	Problems map[string]string
	Status   string // a message about the whole form, or ""
}

// FormValue is what the visitor typed into field, or "" on the built page.
func (v *View) FormValue(field string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Values[field]
}

// FormProblem is the problem with field, or "".
func (v *View) FormProblem(field string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Problems[field]
}

// FormStatus is the message about the whole form, or "".
func (v *View) FormStatus() string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Status
}

// FieldProblem is one entry of the form's error summary: the problem and
// the id of the field it links to.
type FieldProblem struct {
	ID, Text string
}

// FormProblemList is the error summary of a form sent back with problems:
// one entry per field with a problem, in the order the fields are given
// (the order of the form), each linking to the field's id f-<name>.
func (v *View) FormProblemList(fields ...string) []FieldProblem {
	var out []FieldProblem
	for _, f := range fields {
		if p := v.FormProblem(f); p != "" {
			out = append(out, FieldProblem{ID: "f-" + f, Text: p})
		}
	}
	return out
}

// Promise is the reply promise for topic t in the view's language ("We
// answer within 3 working days."), from the same number of working days
// the contact endpoint computes the reply-by day from; for a nil topic the
// contact section's own promise.
func (v *View) Promise(t *site.Topic) (string, error) {
	days := v.Site.Config.Contact.ReplyDays
	if t != nil {
		days = t.ReplyDays
	}
	if days <= 0 {
		return "", nil
	}
	return v.N("replyPromise", days)
}

// TopicHint is what the form says under the topic before sending: the
// promise, and who answers when the topic names its unit.
func (v *View) TopicHint(t *site.Topic) (string, error) {
	s, err := v.Promise(t)
	if err != nil || t == nil || t.Unit == "" {
		return s, err
	}
	by, err := v.T("answeredBy", t.Unit)
	return s + " " + by, err
}

// TopicByID is the contact topic id in the view's language, or nil.
func (v *View) TopicByID(id string) *site.Topic {
	for _, t := range v.Lang.Topics {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// ContactEmail is the address visitors may write to when the form cannot
// be sent (site.yaml contact.email), or "".
func (v *View) ContactEmail() string { return v.Site.Config.Contact.Email }
