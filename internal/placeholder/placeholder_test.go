package placeholder

import (
	"strings"
	"testing"

	"github.com/uio-partner/portal/internal/diag"
	"gopkg.in/yaml.v3"
)

func positions(list diag.List) []string {
	var out []string
	for _, d := range list {
		if d.Severity != diag.Warning {
			out = append(out, "not a warning: "+d.Error())
		}
		out = append(out, d.Pos())
	}
	return out
}

func TestText(t *testing.T) {
	f := Finder{Marker: "PLACEHOLDER"}
	body := "First line.\nÅpen PLACEHOLDER and PLACEHOLDER again.\n\n- [PLACEHOLDER link](/x/)\nplaceholder in lower case is prose.\n"
	got := positions(f.Text("content/a.nb.md", 10, []byte(body)))
	// Columns count characters: "Å" is one column, two bytes.
	want := []string{"content/a.nb.md:11:6", "content/a.nb.md:11:22", "content/a.nb.md:13:4"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("positions %q, want %q", got, want)
	}
	list := f.Text("x.md", 1, []byte("Who signs: PLACEHOLDER — the office with signing authority\n"))
	if len(list) != 1 || list[0].Msg != `placeholder: "PLACEHOLDER — the office with signing authority" is text still to be written` {
		t.Errorf("message %q", list.Error())
	}
	if got := (Finder{}).Text("x.md", 1, []byte("PLACEHOLDER")); got != nil {
		t.Errorf("the zero Finder found %v", got)
	}
	long := "PLACEHOLDER " + strings.Repeat("word ", 40)
	if m := f.Text("x.md", 1, []byte(long))[0].Msg; !strings.Contains(m, "…\" is text") || len([]rune(m)) > 110 {
		t.Errorf("a long text is not cut: %q", m)
	}
}

func TestYAML(t *testing.T) {
	src := `title: "A PLACEHOLDER title"
summary: Plain PLACEHOLDER
steps:
  - Fine
  - 'PLACEHOLDER: who'
nested:
  deep: {en: ok, nb: PLACEHOLDER}
placeholder: PLACEHOLDER
PLACEHOLDER: a key is not published
text: |
  line one
  PLACEHOLDER in a block
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	f := Finder{Marker: "PLACEHOLDER"}
	got := positions(f.YAML("site.yaml", 0, &doc, func(p string) bool { return p == "placeholder" }))
	want := []string{"site.yaml:1:11", "site.yaml:2:16", "site.yaml:5:6", "site.yaml:7:22", "site.yaml:10:7"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("positions %q, want %q", got, want)
	}
	// Front matter starts below the file's opening line.
	if got := positions(f.YAML("content/a.md", 1, &doc, nil)); len(got) != 6 || got[0] != "content/a.md:2:11" {
		t.Errorf("with offset and no skip: %q", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("PLACEHOLDER", "a PLACEHOLDER\nb")
	f.Add("X", "\xff\xfeX\n\nX")
	f.Fuzz(func(t *testing.T, marker, text string) {
		list := Finder{Marker: marker}.Text("f", 1, []byte(text))
		if marker == "" && list != nil {
			t.Fatal("empty marker found something")
		}
		if marker != "" {
			// Occurrences never overlap and never span lines.
			n := 0
			for _, l := range strings.Split(text, "\n") {
				n += strings.Count(l, marker)
			}
			if len(list) != n {
				t.Fatalf("found %d, want %d", len(list), n)
			}
		}
		for _, d := range list {
			if d.Line < 1 || d.Col < 1 {
				t.Fatalf("bad position %s", d.Pos())
			}
		}
	})
}
