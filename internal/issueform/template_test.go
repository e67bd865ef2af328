package issueform

import (
	"reflect"
	"strings"
	"testing"
)

func TestTemplateRoundTrip(t *testing.T) {
	in := &Template{
		Name: "Story", Description: "A story.", Labels: []string{"case-study"},
		Body: []Element{
			{Type: Markdown, Attributes: Attributes{Value: "## Thanks\n\nFor **this**."}},
			{Type: Input, ID: "title", Attributes: Attributes{Label: "Title", Placeholder: "2025-03-01"}, Validations: &Validations{Required: true}},
			{Type: Dropdown, ID: "sectors", Attributes: Attributes{Label: "Sectors", Multiple: true, Options: []string{"Health", "Technology: AI, data"}}},
			{Type: Checkboxes, ID: "ok", Attributes: Attributes{Label: "Permission", Boxes: []Box{{Label: "Yes", Required: true}}}},
		},
	}
	data, err := in.Marshal("Written by a test.")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "# Written by a test.\nname: Story\n") {
		t.Errorf("header:\n%s", data)
	}
	// A date-like placeholder must stay a string for GitHub.
	if !strings.Contains(string(data), `placeholder: "2025-03-01"`) {
		t.Errorf("the placeholder is not quoted:\n%s", data)
	}
	out, err := ParseTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n%+v\n%+v", in, out)
	}
	if got := strings.Join(out.FieldLabels(), "|"); got != "Title|Sectors|Permission" {
		t.Errorf("labels %q", got)
	}
}

func TestTemplateValidate(t *testing.T) {
	el := func(typ, id, label string, options ...string) Element {
		return Element{Type: typ, ID: id, Attributes: Attributes{Label: label, Options: options}}
	}
	for _, tt := range []struct {
		body []Element
		want string
	}{
		{[]Element{el(Input, "a", "")}, "has no label"},
		{[]Element{el(Input, "a", "A"), el(Textarea, "b", "A")}, `label "A" is used twice`},
		{[]Element{el(Input, "a", "A"), el(Textarea, "a", "B")}, `id "a" is used twice`},
		{[]Element{el(Dropdown, "a", "A")}, "has no options"},
		{[]Element{el(Dropdown, "a", "A", "x", "x")}, `lists "x" twice`},
	} {
		tmpl := &Template{Name: "n", Description: "d", Body: tt.body}
		if _, err := tmpl.Marshal(""); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.body, err, tt.want)
		}
	}
}
