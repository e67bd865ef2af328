package content

import (
	"bytes"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/uio-partner/portal/internal/config"
	"github.com/uio-partner/portal/internal/diag"
)

// fuzzConfig declares a field of every type, a taxonomy and a section with
// required fields, so every branch of front-matter checking is reachable.
const fuzzConfig = `title: T
baseURL: https://t.example.org/
languages: [{code: en, name: English}, {code: nb, name: Norsk}]
fields:
  title: {type: string, max: 50}
  summary: {type: text}
  date: {type: date}
  draft: {type: bool}
  weight: {type: int}
  tags: {type: list}
  site: {type: url}
  contact: {type: email}
  image: {type: image}
  imageAlt: {type: string}
  url: {type: path}
  sources: {type: sources}
taxonomies: [{name: tags}]
sections:
  - name: news
    required: [title, summary, date]
    optional: [tags, site, contact, image, imageAlt, weight, sources]
`

func mustConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(fuzzConfig))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A\nsummary: S\ndate: 2024-03-01\n---\nBody\n",
		"\ufeff---\r\ntitle: A\r\n---\r\n",
		"---\n---\n",
		"---\n",
		"",
		"no front matter",
		"\n\n  ---  \ntitle: x\n---",
		"---\ntitle: [a, b\n---\n",
		"---\ntitle: &a x\nsummary: *a\n---\n",
		"---\n- a\n- b\n---\n",
		"---\njust a string\n---\n",
		"---\ntitle: a\ntitle: b\n---\n",
		"---\ndate: tomorrow\nweight: many\ndraft: maybe\ntags: {a: b}\n---\n",
		"---\ntags:\n  - [nested]\n  - {a: b}\n---\n",
		"---\nsite: javascript:alert(1)\ncontact: a <b@c>\nimage: ../../etc/passwd\n---\n",
		"---\nslug: ../../etc\nurl: /a/../../b/\n---\n",
		"---\nslug: \"\"\nurl: \"\"\n---\n",
		"---\nweight: 99999999999999999999999\n---\n",
		"---\ntitle: \xff\xfe\n---\n",
		"---\n? complex\n: key\n---\n",
		"---\n!!binary x: y\n---\n",
		"---\n%YAML 1.2\n---\n",
		"---\na: !!map {}\n---\n",
		"---\n" + strings.Repeat("[", 100) + "\n---\n",
		"---\ntitle: \"\\u0000\"\n---\n",
		"---\n<<: {title: x}\n---\n",
		"---\nsources:\n  - title: A\n    date: 2021-02\n    url: https://example.org/\n  - x\n  - {title: [a], date: *b, url: javascript:x}\n---\n",
		"---\nsources: {title: A}\n---\n",
	} {
		for _, kind := range []Kind{Regular, Standalone, SectionIndex, Home} {
			f.Add([]byte(seed), uint8(kind))
		}
	}
	cfg := mustConfig(f)
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		kind := Kind(k % 4)
		section := ""
		if kind == Regular || kind == SectionIndex {
			section = "news"
		}
		const file = "content/news/x.md"
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				debug.SetTraceback("all")
				panic(fmt.Sprintf("Parse has taken 10s on %q", data))
			}
		}()
		p, err := Parse(cfg, file, data, kind, section, "x", "en")
		if err == nil {
			if p == nil {
				t.Fatal("Parse returned neither a page nor an error")
			}
			if p.Slug != "" && !ValidSlug(p.Slug) {
				t.Errorf("accepted slug %q", p.Slug)
			}
			if p.FrontMatterEnd < 1 || p.BodyLine != p.FrontMatterEnd+1 {
				t.Errorf("FrontMatterEnd %d, BodyLine %d", p.FrontMatterEnd, p.BodyLine)
			}
			return
		}
		var list diag.List
		var d *diag.Diagnostic
		switch {
		case errors.As(err, &list):
			if len(list) == 0 {
				t.Fatal("empty diag.List as an error")
			}
		case errors.As(err, &d):
			list = diag.List{d}
		default:
			t.Fatalf("error %T %q is not a diagnostic", err, err)
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, d := range list {
			if d.File != file {
				t.Errorf("diagnostic names %q, want %q: %v", d.File, file, d)
			}
			if d.Line < 0 || d.Line > lines+1 || d.Col < 0 {
				t.Errorf("diagnostic position %d:%d outside a %d-line file: %v", d.Line, d.Col, lines, d)
			}
		}
	})
}

// FuzzFrontMatterEnd checks that frontMatterBounds finds the same end of the
// front matter as the frontmatter parser does reading the whole file, so
// handing the parser only the front matter changes nothing.
func FuzzFrontMatterEnd(f *testing.F) {
	for _, s := range []string{"---\ntitle: a\n---\nbody", "\n\n---\na: 1\n  ---  \n", "---\n---", "---\na: 1\n", "---\r\na: 1\r\n---\r\nb", "x\n---\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		open, end := frontMatterBounds(data)
		if open == 0 {
			return
		}
		var doc any
		fm := frontmatter.NewFormat("---", "---", func([]byte, any) error { return nil })
		body, err := frontmatter.MustParse(bytes.NewReader(data), &doc, fm)
		if err != nil {
			if end != 0 {
				t.Fatalf("%q: parser found no end (%v), frontMatterBounds ends at %d", data, err, end)
			}
			return
		}
		if want := len(data) - len(body); end != want {
			t.Fatalf("%q: frontMatterBounds ends at %d, the parser at %d", data, end, want)
		}
	})
}
