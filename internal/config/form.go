package config

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// FormField is one field of the contact form (site.yaml contact.fields), in
// form order. It is the form's one declaration: the theme renders the form
// from it, the endpoint validates a post against it, and the mails, both
// exports and the webhook list what was sent by it.
type FormField struct {
	// Name is what the form posts. The core names (CoreFields) have
	// columns of their own in the store; any other is an extra field, kept
	// in the inquiry's extra JSON column.
	Name string `yaml:"name"`
	// Type is one of FieldTypes.
	Type     string `yaml:"type"`
	Required bool   `yaml:"required"`
	// Max is the field's limit in characters: the form's maxlength and the
	// endpoint's check alike. Zero means the type's default (DefaultMax).
	Max int `yaml:"max"`
	// Autocomplete is the HTML autocomplete token, such as name or email.
	Autocomplete string    `yaml:"autocomplete"`
	Label        Localized `yaml:"label"`
	// Hint is shown under the field, optional.
	Hint Localized `yaml:"hint"`
}

// Form field types.
const (
	FieldText     = "text"
	FieldEmail    = "email"
	FieldTel      = "tel"
	FieldURL      = "url"
	FieldTextarea = "textarea"
	FieldCheckbox = "checkbox" // posts "yes" when ticked
	FieldTopic    = "topic"    // the select of contact.topics
)

// FieldTypes are the types a form field may have.
var FieldTypes = []string{FieldText, FieldEmail, FieldTel, FieldURL, FieldTextarea, FieldCheckbox, FieldTopic}

// CoreFields are the fields every contact form declares, each with the only
// type it may have: the store keeps them in columns, routing reads the
// topic, replies go to the email, and the consent is what storing rests on.
var CoreFields = map[string]string{
	"name": FieldText, "email": FieldEmail, "organisation": FieldText,
	"topic": FieldTopic, "message": FieldTextarea, "consent": FieldCheckbox,
}

// requiredCore are the core fields that must be required: an inquiry
// without a topic reaches nobody, one without an email cannot be answered,
// and one without consent may not be stored.
var requiredCore = []string{"email", "topic", "consent"}

// ProtocolFields are what the form posts besides its declared fields (the
// honeypot, the time the page loaded, the language and the idempotency
// key): no declared field may take these names.
var ProtocolFields = []string{"website", "started", "lang", "key"}

// MaxFieldLength bounds any field's limit, so that a whole form fits in the
// endpoint's request body limit.
const MaxFieldLength = 10000

// DefaultMax is the limit of a field of type typ that declares none.
func DefaultMax(typ string) int {
	switch typ {
	case FieldEmail:
		return 254 // RFC 5321's longest path
	case FieldTextarea:
		return 5000
	case FieldCheckbox:
		return len("yes")
	case FieldTopic:
		return 64
	}
	return 200
}

// IsCore reports whether the field has a column of its own in the store.
func (f *FormField) IsCore() bool { _, ok := CoreFields[f.Name]; return ok }

// Field returns the declared form field called name, or nil.
func (c *Contact) Field(name string) *FormField {
	for i := range c.Fields {
		if c.Fields[i].Name == name {
			return &c.Fields[i]
		}
	}
	return nil
}

// ExtraFields returns the names of the declared fields that are not core
// fields, in form order: the extra columns of the exports.
func (c *Contact) ExtraFields() []string {
	var out []string
	for _, f := range c.Fields {
		if !f.IsCore() {
			out = append(out, f.Name)
		}
	}
	return out
}

// validateFields checks contact.fields, each problem at the line of its
// key, and fills in each field's default limit. A site with contact topics
// must declare the core fields; checkTexts checks the labels' languages.
func (c *Contact) validateFields(bad func(line int, format string, args ...any), line func(path ...string) int, skip func(paths ...string) bool, langs []string) {
	if skip("contact.fields") && len(c.Fields) == 0 {
		return
	}
	seen := map[string]bool{}
	for i := range c.Fields {
		f := &c.Fields[i]
		n := strconv.Itoa(i)
		at := func(key string) string { return "contact.fields." + n + "." + key }
		l := line("contact", "fields", n)
		if !skip(at("name")) {
			switch {
			case f.Name == "":
				bad(l, "contact field has no name")
			case !nameRE.MatchString(f.Name):
				bad(line("contact", "fields", n, "name"), "contact field name %q must be lower-case letters, digits and dashes", f.Name)
			case slices.Contains(ProtocolFields, f.Name):
				bad(line("contact", "fields", n, "name"), "contact field name %q is taken by the form itself (%s): choose another", f.Name, strings.Join(ProtocolFields, ", "))
			case seen[f.Name]:
				bad(line("contact", "fields", n, "name"), "contact field %q is declared twice", f.Name)
			}
			seen[f.Name] = true
		}
		if !skip(at("type")) {
			core, isCore := CoreFields[f.Name]
			switch {
			case f.Type == "":
				bad(l, "contact field %q has no type: want one of %s", f.Name, strings.Join(FieldTypes, ", "))
			case !slices.Contains(FieldTypes, f.Type):
				bad(line("contact", "fields", n, "type"), "contact field %q: unknown type %q: want one of %s", f.Name, f.Type, strings.Join(FieldTypes, ", "))
			case isCore && f.Type != core:
				bad(line("contact", "fields", n, "type"), "contact field %q must have type %s", f.Name, core)
			case !isCore && f.Type == FieldTopic:
				bad(line("contact", "fields", n, "type"), "contact field %q: only the field topic has type topic", f.Name)
			}
		}
		if slices.Contains(requiredCore, f.Name) && !f.Required && !skip(at("required")) {
			bad(l, "contact field %q must be required: true", f.Name)
		}
		if !skip(at("max")) {
			switch {
			case f.Max < 0 || f.Max > MaxFieldLength:
				bad(line("contact", "fields", n, "max"), "contact field %q: max %d must be a number of characters from 1 to %d", f.Name, f.Max, MaxFieldLength)
			case f.Max > 0 && (f.Type == FieldCheckbox || f.Type == FieldTopic):
				bad(line("contact", "fields", n, "max"), "contact field %q: a %s has no max", f.Name, f.Type)
			case f.Max == 0:
				f.Max = DefaultMax(f.Type)
			}
		}
		if !skip(at("label"), "languages") {
			for _, lang := range langs {
				if strings.TrimSpace(f.Label[lang]) == "" && strings.TrimSpace(f.Label[""]) == "" {
					bad(line("contact", "fields", n, "label"), "contact field %q has no label in %s", f.Name, lang)
				}
			}
		}
	}
	if len(c.Topics) == 0 && len(c.Fields) == 0 {
		return // no contact form on this site
	}
	var missing []string
	for _, name := range slices.Sorted(maps.Keys(CoreFields)) {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	// Any unreadable item would make skip("contact.fields") true; only an
	// unreadable list as a whole leaves nothing to say which are missing.
	if len(missing) > 0 && (len(c.Fields) > 0 || !skip("contact.fields")) {
		bad(line("contact", "fields"), "contact.fields must declare the form's core fields; missing: %s", strings.Join(missing, ", "))
	}
}
