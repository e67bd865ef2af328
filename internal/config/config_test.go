package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

// Regression: yaml.v3 prints the line of parser errors 0-based, so the
// position was one line above the problem, or missing on the first line.
func TestYAMLDiagnosticsLines(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		want   string
	}{
		{"a: b\nc: [d, e\n", 0, "f.yaml:2: invalid YAML: did not find expected ',' or ']'"},
		{"x: 1\ny: 2\nz: 3\nw: [2\n", 0, "f.yaml:4: invalid YAML: did not find expected ',' or ']'"},
		{"x: 1\ny: 2\nz: 3\nw: [2\n", 10, "f.yaml:14: invalid YAML: did not find expected ',' or ']'"},
		{"a: 1\nb: {c\nd: 2\n", 0, "f.yaml:2: invalid YAML: did not find expected ',' or '}'"},
		{"- a\nb: c\n", 0, "f.yaml:2: invalid YAML: did not find expected '-' indicator"},
		// Scanner errors were right already and stay so.
		{"a: 1\n  b: 2\n", 0, "f.yaml:2: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\nb: 'open\n", 3, "f.yaml:5: invalid YAML: found unexpected end of stream"},
		// Type errors are 1-based, and worded without Go's types.
		{"a: 1\nb: [x]\n", 0, "f.yaml:2: text is expected here, not a list"},
		{"a: 1\nb: {c: d}\n", 5, "f.yaml:7: text is expected here, not a map"},
	}
	for _, tt := range tests {
		var v map[string]string
		err := yaml.Unmarshal([]byte(tt.src), &v)
		if err == nil {
			t.Fatalf("%q parsed", tt.src)
		}
		got := YAMLDiagnostics("f.yaml", tt.offset, err).Error()
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("YAMLDiagnostics(%q, %d) = %q, want %q…", tt.src, tt.offset, got, tt.want)
		}
	}
}

// yaml.v3's type errors name Go types ("cannot unmarshal !!str `x` into
// int"); YAMLDiagnostics words them as what the file should hold.
func TestYAMLDiagnosticsTypeErrors(t *testing.T) {
	var v struct {
		N int               `yaml:"n"`
		B bool              `yaml:"b"`
		L []string          `yaml:"l"`
		M map[string]string `yaml:"m"`
		F float64           `yaml:"f"`
	}
	err := yaml.Unmarshal([]byte("n: many\nb: perhaps\nl: one\nm: [x]\nf: {a: b}\n"), &v)
	if err == nil {
		t.Fatal("no error")
	}
	want := `f.yaml:1: a whole number is expected here, not "many"
f.yaml:2: true or false is expected here, not "perhaps"
f.yaml:3: a list is expected here, not "one"
f.yaml:4: a map (key: value) is expected here, not a list
f.yaml:5: a number is expected here, not a map`
	if got := YAMLDiagnostics("f.yaml", 0, err).Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseErrorsArePositioned(t *testing.T) {
	for _, src := range []string{"", "title: [\n", "baseURL: x\n", "languages: 3\n", "sections:\n  - name: Bad Name\n"} {
		_, err := Parse([]byte(src))
		if err == nil {
			t.Errorf("Parse(%q) succeeded", src)
			continue
		}
		var list diag.List
		var d *diag.Diagnostic
		if !errors.As(err, &list) && !errors.As(err, &d) {
			t.Errorf("Parse(%q) error %T is not a diagnostic", src, err)
		}
		if !strings.HasPrefix(err.Error(), "site.yaml") {
			t.Errorf("Parse(%q) = %q, want it to name site.yaml", src, err)
		}
	}
}

// Regression: an unquoted comma in a flow-mapping text cut it short and
// added a stray key that was silently ignored ("Talent, internships and
// mentoring" showed as "Talent").
func TestUnquotedCommaInTextIsAnError(t *testing.T) {
	src := `title: Site
baseURL: https://example.org/
languages: [{code: en, name: English}, {code: nb, name: Norsk}]
sections:
  - name: news
    title: {en: News, nb: Nyheter}
    summary: {en: Stories, told by people, nb: Historier}
`
	_, err := Parse([]byte(src))
	if err == nil || !strings.Contains(err.Error(), `section news summary: "told by people" is not a language of the site; quote texts that contain a comma`) {
		t.Fatalf("Parse = %v, want the stray key reported", err)
	}
	if !strings.HasPrefix(err.Error(), "site.yaml:7:") {
		t.Errorf("error %q should point at the section's summary line", err)
	}
}

// An error about one item of a list names that item's line, not the line of
// the list's key.
func TestErrorsNameTheItem(t *testing.T) {
	src := `title: Site
baseURL: https://example.org/
languages:
  - {code: en, name: English}
  - {code: en, name: English again}
taxonomies:
  - name: sectors
    title: {en: Sectors}
  - name: Bad_Name
sections:
  - name: news
    title: {en: News}
  - name: stories
    title: {en: Stories}
    required: [nosuchfield]
contact:
  topics:
    - id: general
      label: {en: General}
      to: [office@example.org]
    - id: research
      label: {en: Research}
`
	_, err := Parse([]byte(src))
	if err == nil {
		t.Fatal("Parse succeeded, want errors")
	}
	for _, want := range []string{
		`site.yaml:5: language "en" is listed twice`,
		`site.yaml:9: taxonomy name "Bad_Name" must be lower-case letters`,
		`site.yaml:13: section "stories" lists field "nosuchfield"`,
		`site.yaml:21: contact topic "research" has no recipients`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}

// TestCountryQuotedOrNot: Norway's code reads the same written plain
// (YAML 1.2, as portal reads it) and quoted (as site.yaml writes it, so
// that YAML 1.1 tools do not read it as false).
func TestCountryQuotedOrNot(t *testing.T) {
	for _, country := range []string{`NO`, `"NO"`, `'NO'`, `no`} {
		cfg, err := Parse([]byte("title: Site\nbaseURL: https://partner.example.org/\ncountry: " + country + "\nlanguages: [{code: nb, name: Norsk}]\nsections: [{name: news, title: News}]\n"))
		if err != nil {
			t.Errorf("country: %s: %v", country, err)
			continue
		}
		if cfg.Country != "NO" || cfg.Calendar == nil || cfg.Calendar.Location().String() != "Europe/Oslo" {
			t.Errorf("country: %s: Country %q, calendar %v", country, cfg.Country, cfg.Calendar)
		}
	}
}
