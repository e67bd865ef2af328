// Package issueform reads and writes GitHub issue forms: the YAML template
// in .github/ISSUE_TEMPLATE/ that GitHub shows as a form, and the Markdown
// body GitHub writes into the issue when someone fills it in.
//
// The template schema is GitHub's ("Syntax for GitHub's form schema"); only
// what the site's forms use is modelled: markdown, input, textarea,
// dropdown and checkboxes elements.
package issueform

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Element types, as GitHub names them.
const (
	Markdown   = "markdown"
	Input      = "input"
	Textarea   = "textarea"
	Dropdown   = "dropdown"
	Checkboxes = "checkboxes"
)

// Template is an issue form: .github/ISSUE_TEMPLATE/<name>.yml.
type Template struct {
	Name        string    `yaml:"name"`
	Description string    `yaml:"description"`
	Title       string    `yaml:"title,omitempty"`
	Labels      []string  `yaml:"labels,omitempty"`
	Body        []Element `yaml:"body"`
}

// Element is one part of the form: a text shown to the author (markdown) or
// a field whose answer the body holds under "### <Label>".
type Element struct {
	Type        string       `yaml:"type"`
	ID          string       `yaml:"id,omitempty"`
	Attributes  Attributes   `yaml:"attributes"`
	Validations *Validations `yaml:"validations,omitempty"`
}

// Attributes are an element's texts and choices.
type Attributes struct {
	Label       string `yaml:"label,omitempty"`
	Description string `yaml:"description,omitempty"`
	Placeholder string `yaml:"placeholder,omitempty"`
	Value       string `yaml:"value,omitempty"`
	// Multiple lets a dropdown take several choices; GitHub writes them
	// on one line, separated by ", ".
	Multiple bool `yaml:"multiple,omitempty"`
	// Options are a dropdown's choices.
	Options []string `yaml:"-"`
	// Boxes are a checkboxes element's boxes.
	Boxes []Box `yaml:"-"`
}

// Box is one checkbox.
type Box struct {
	Label    string `yaml:"label"`
	Required bool   `yaml:"required,omitempty"`
}

// Validations are what GitHub enforces before the form can be submitted.
type Validations struct {
	Required bool `yaml:"required"`
}

// MarshalYAML writes a dropdown's Options or a checkboxes element's Boxes
// under the one key GitHub uses for both, options.
func (a Attributes) MarshalYAML() (any, error) {
	type plain Attributes // the fields without this method
	type withOptions struct {
		plain   `yaml:",inline"`
		Options any `yaml:"options,omitempty"`
	}
	out := withOptions{plain: plain(a)}
	switch {
	case len(a.Options) > 0 && len(a.Boxes) > 0:
		return nil, fmt.Errorf("element %q has both dropdown options and checkboxes", a.Label)
	case len(a.Options) > 0:
		out.Options = a.Options
	case len(a.Boxes) > 0:
		out.Options = a.Boxes
	}
	return out, nil
}

// UnmarshalYAML reads options as a dropdown's Options (strings) or a
// checkboxes element's Boxes (maps).
func (a *Attributes) UnmarshalYAML(n *yaml.Node) error {
	type plain Attributes
	var in struct {
		plain   `yaml:",inline"`
		Options []yaml.Node `yaml:"options"`
	}
	if err := n.Decode(&in); err != nil {
		return err
	}
	*a = Attributes(in.plain)
	for _, o := range in.Options {
		switch o.Kind {
		case yaml.ScalarNode:
			a.Options = append(a.Options, o.Value)
		case yaml.MappingNode:
			var b Box
			if err := o.Decode(&b); err != nil {
				return err
			}
			a.Boxes = append(a.Boxes, b)
		default:
			return fmt.Errorf("line %d: an option is a text or a checkbox (label:, required:)", o.Line)
		}
	}
	return nil
}

// ParseTemplate reads a template, as GitHub would check it.
func ParseTemplate(data []byte) (*Template, error) {
	var t Template
	if err := yaml.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	return &t, t.Validate()
}

// FieldLabels are the labels of the elements that are answered in the
// issue's body, in the form's order: what Parse needs.
func (t *Template) FieldLabels() []string {
	var out []string
	for _, e := range t.Body {
		if e.Type != Markdown {
			out = append(out, e.Attributes.Label)
		}
	}
	return out
}

// Validate reports what GitHub would refuse in the template: a field
// without a label or with one used twice (answers are found by label), a
// duplicate id, a dropdown without options or with one listed twice.
func (t *Template) Validate() error {
	labels, ids := map[string]bool{}, map[string]bool{}
	for i, e := range t.Body {
		if e.Type == Markdown {
			continue
		}
		l := e.Attributes.Label
		switch {
		case l == "":
			return fmt.Errorf("element %d (%s) has no label", i+1, e.Type)
		case labels[l]:
			return fmt.Errorf("label %q is used twice", l)
		case e.ID != "" && ids[e.ID]:
			return fmt.Errorf("id %q is used twice", e.ID)
		}
		labels[l], ids[e.ID] = true, e.ID != ""
		if e.Type == Dropdown {
			if len(e.Attributes.Options) == 0 {
				return fmt.Errorf("dropdown %q has no options", l)
			}
			seen := map[string]bool{}
			for _, o := range e.Attributes.Options {
				if seen[o] {
					return fmt.Errorf("dropdown %q lists %q twice", l, o)
				}
				seen[o] = true
			}
		}
	}
	return nil
}

// Marshal writes the template as YAML after header, a comment (each line
// gets "# "), indented by two spaces as GitHub's examples are.
func (t *Template) Marshal(header string) ([]byte, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for _, line := range bytes.Split([]byte(header), []byte("\n")) {
		if header == "" {
			break
		}
		if len(line) == 0 {
			b.WriteString("#\n")
			continue
		}
		b.WriteString("# ")
		b.Write(line)
		b.WriteByte('\n')
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
