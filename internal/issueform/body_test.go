package issueform

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var labels = []string{"Title", "Sectors", "The story", "Consent"}

// body is a form's body as GitHub writes it: headings, blank lines, a text
// area typed in a browser (CRLF), an optional field left empty and
// checkboxes.
const body = "### Title\n\nSensors with FFI\n\n### Sectors\n\n_No response_\n\n### The story\n\nIt began in 2019.\r\n\r\n### A heading of the author's\r\n\r\n    indented code\r\n\n\n### Consent\n\n- [X] The people named agreed\n- [ ] Contact me"

func TestParse(t *testing.T) {
	r, err := Parse(body, labels)
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{
		"Title":     "Sensors with FFI",
		"Sectors":   "",
		"The story": "It began in 2019.\n\n### A heading of the author's\n\n    indented code",
	} {
		if got := r.Text(label); got != want {
			t.Errorf("Text(%q) = %q, want %q", label, got, want)
		}
	}
	if got := r.Checked("Consent"); !reflect.DeepEqual(got, []string{"The people named agreed"}) {
		t.Errorf("Checked = %q", got)
	}
	if !r.Has("Sectors") || r.Has("Nope") {
		t.Error("Has is wrong")
	}
}

// An answer may contain a line that looks like a later field's heading only
// if it is not exactly that heading; an earlier field's heading is ordinary
// text.
func TestParseHeadingsInAnswers(t *testing.T) {
	b := Render(labels, map[string]string{"Title": "T", "The story": "### Title\n\ntext", "Consent": "- [x] yes"})
	r, err := Parse(b, labels)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Text("The story"); got != "### Title\n\ntext" {
		t.Errorf("story = %q", got)
	}
	if got := r.Text("Title"); got != "T" {
		t.Errorf("title = %q", got)
	}
}

func TestParseMissingHeadings(t *testing.T) {
	r, err := Parse("### Title\n\nT\n\nsome text someone typed instead", labels)
	var missing *MissingError
	if !errors.As(err, &missing) || !reflect.DeepEqual(missing.Labels, []string{"Sectors", "The story", "Consent"}) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), `"Sectors", "The story", "Consent"`) {
		t.Errorf("message %q does not name the fields", err)
	}
	if r.Text("Title") != "T\n\nsome text someone typed instead" {
		t.Errorf("title = %q", r.Text("Title"))
	}
	if _, err := Parse("", labels); err == nil {
		t.Error("an empty body parsed")
	}
}

func TestChoices(t *testing.T) {
	options := []string{"Technology: AI, data and engineering", "Technology", "Health", "Pharmaceuticals (Legemidler)"}
	for _, tt := range []struct {
		answer          string
		chosen, unknown []string
	}{
		{"Health", []string{"Health"}, nil},
		{"Technology: AI, data and engineering, Health", []string{"Technology: AI, data and engineering", "Health"}, nil},
		{"Technology, Technology: AI, data and engineering", []string{"Technology", "Technology: AI, data and engineering"}, nil},
		{"Pharmaceuticals (Legemidler), Mining, Health, Health", []string{"Pharmaceuticals (Legemidler)", "Health"}, []string{"Mining"}},
		{"None", nil, nil},
		{NoResponse, nil, nil},
		{"Healthy", nil, []string{"Healthy"}},
	} {
		r, _ := Parse("### Sectors\n\n"+tt.answer, []string{"Sectors"})
		chosen, unknown := r.Choices("Sectors", options)
		if !reflect.DeepEqual(chosen, tt.chosen) || !reflect.DeepEqual(unknown, tt.unknown) {
			t.Errorf("%q: chosen %q unknown %q, want %q %q", tt.answer, chosen, unknown, tt.chosen, tt.unknown)
		}
	}
}

// Render and Parse agree: what a form writes is read back as written.
func TestRenderParse(t *testing.T) {
	answers := map[string]string{"Title": "Økt samarbeid", "Sectors": "Health", "The story": "Første linje.\n\nAndre avsnitt: «sitat».", "Consent": "- [X] Ja"}
	r, err := Parse(Render(labels, answers), labels)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range labels {
		if got := r.Text(l); got != answers[l] {
			t.Errorf("%s = %q, want %q", l, got, answers[l])
		}
	}
}
