package theme

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
