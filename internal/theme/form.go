package theme

import (
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/site"
)

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

// FieldProblem is one entry of the form's error summary: the problem, the
// id of the field it links to, and the field's label (empty for a
// checkbox, whose label is a sentence and whose problem says what to do).
// The problem alone ("Please fill in this field.") does not say which
// field, so the summary shows the label with it.
type FieldProblem struct {
	ID, Text, Label string
}

// FormProblemList is the error summary of a form sent back with problems:
// one entry per field with a problem, in form order, each linking to the
// field's id f-<name>.
func (v *View) FormProblemList() []FieldProblem {
	var out []FieldProblem
	for _, f := range v.Site.Config.Contact.Fields {
		if p := v.FormProblem(f.Name); p != "" {
			fp := FieldProblem{ID: "f-" + f.Name, Text: p}
			if f.Type != config.FieldCheckbox {
				fp.Label = f.Label.Get(v.Lang.Code)
			}
			out = append(out, fp)
		}
	}
	return out
}

// FormField is a declared contact form field (site.yaml contact.fields) in
// the view's language, as the contact layout renders it.
type FormField struct {
	Name, Type   string
	Required     bool
	Max          int
	Autocomplete string
	Label, Hint  string
}

// ID is the field's element id; its hint and error are ID-hint, ID-error.
func (f FormField) ID() string { return "f-" + f.Name }

// FormFields are the contact form's fields in form order, in the view's
// language: the form the layout renders is the one the endpoint checks.
func (v *View) FormFields() []FormField {
	fields := v.Site.Config.Contact.Fields
	out := make([]FormField, len(fields))
	for i, f := range fields {
		out[i] = FormField{Name: f.Name, Type: f.Type, Required: f.Required, Max: f.Max, Autocomplete: f.Autocomplete,
			Label: f.Label.Get(v.Lang.Code)}
		if f.Hint != nil {
			out[i].Hint = f.Hint.Get(v.Lang.Code)
		}
	}
	return out
}

// IsCheckbox reports whether the field is a checkbox (it posts "yes"). The
// Is methods let the layout choose a field's markup without spelling types.
func (f FormField) IsCheckbox() bool { return f.Type == config.FieldCheckbox }

// IsTopic reports whether the field is the topic select.
func (f FormField) IsTopic() bool { return f.Type == config.FieldTopic }

// IsTextarea reports whether the field is multi-line.
func (f FormField) IsTextarea() bool { return f.Type == config.FieldTextarea }

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
